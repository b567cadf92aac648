import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../app/db/database-url.mjs";
import { db } from "../../app/db/client.server";
import { getShopSettings, updateShopSettings } from "../../app/db/settings.server";
import { jobPayloads, retryPolicy } from "../../app/jobs/catalog";
import { runBackfill } from "../../app/sync/backfill.server";
import { WEBHOOK_TOPICS } from "../../app/sync/webhook-payloads";
import { type EmulatedShop, startEmulatedShop } from "../support/emulated-shop";
import { TEST_APP } from "../support/env";

/**
 * Scale-out on one PostgreSQL (issue 19, decision 023): 2 `kizuna serve` + 2 `kizuna worker` processes, the
 * emulator sending a burst of distinct orders (each its own webhook id, order and new customer, signed as
 * Shopify signs) to the two web processes in turn, one worker SIGKILLed mid-burst. Nothing is lost or
 * applied twice, no points are awarded twice, and no shop's exclusive jobs ever ran at the same time. How long
 * the inbox took to drain after the kill is printed, not asserted.
 */
const BURST = 100;
if (!process.env.DATABASE_URL?.startsWith("postgres")) throw new Error("tests/scale runs on PostgreSQL: set TEST_DATABASE_URL");

let shop: EmulatedShop;
let balancer: Server;
const children: ChildProcess[] = [];

function kizuna(command: "serve" | "worker", port?: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(projectRoot, "bin/kizuna.js"), command], {
    cwd: projectRoot,
    env: {
      ...process.env,
      KIZUNA_WORKER: "off",
      HOST: "127.0.0.1",
      ...(port ? { PORT: String(port) } : {}),
      SHOPIFY_API_SECRET: TEST_APP.apiSecret,
      KIZUNA_DB_POOL_MAX: "4",
      KIZUNA_QUEUE_POOL_MAX: "2",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk) => {
      if (/Kizuna is serving|worker running/.test(String(chunk))) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`kizuna ${command} exited with ${code}`)));
  });
}

/** Deliveries go to the two web processes in turn, as a load balancer would send them. */
function roundRobin(ports: number[]): Promise<Server> {
  let next = 0;
  const server = createServer((incoming, answer) => {
    const port = ports[next++ % ports.length];
    const forward = request(
      { host: "127.0.0.1", port, path: incoming.url, method: incoming.method, headers: incoming.headers },
      (reply) => {
        answer.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(answer);
      },
    );
    forward.on("error", () => answer.writeHead(502).end());
    incoming.pipe(forward);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  if (!existsSync(path.join(projectRoot, "build/index.js")))
    throw new Error("`kizuna serve` needs the production build: npm run build");
  const webPorts = [await freePort(), await freePort()];
  balancer = await roundRobin(webPorts);
  const { port } = balancer.address() as AddressInfo;
  shop = await startEmulatedShop(
    db(),
    { seed: 190, customers: 60 },
    { webhooks: { appUrl: `http://127.0.0.1:${port}`, apiSecret: TEST_APP.apiSecret, topics: WEBHOOK_TOPICS } },
  );
  await runBackfill(db(), shop.shop, { admin: shop.admin, tickMs: 10, pollMs: 20 });
  const settings = await getShopSettings(db(), shop.shop);
  await updateShopSettings(db(), shop.shop, "points", { ...settings.points, enabled: true });
  await Promise.all([...webPorts.map((webPort) => kizuna("serve", webPort)), kizuna("worker"), kizuna("worker")]);
}, 180_000);

afterAll(async () => {
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  for (const child of running) child.kill("SIGTERM");
  await Promise.all(running.map((child) => new Promise((resolve) => child.once("exit", resolve))));
  balancer?.close();
  await shop?.emulator.stop();
});

const count = (status: string[]) => db().webhookEvent.count({ where: { shopId: shop.shop.id, status: { in: status } } });

describe("2 web and 2 worker processes on one PostgreSQL, one worker SIGKILLed mid-burst", () => {
  it("lose nothing, apply nothing twice, award no points twice, and never run a shop's exclusive jobs side by side", async () => {
    const control = shop.emulator.control;
    const orderIds: number[] = [];
    const before = await db().webhookEvent.count({ where: { shopId: shop.shop.id } });
    let killedAt = 0;
    for (let i = 0; i < BURST; i++) {
      control.advanceTime({ ms: 1_000 });
      const customer = control.createCustomer({ lastName: `規模${i}`, firstName: "花子", email: `scale-${i}@example.com` });
      orderIds.push(control.createOrder({ customerId: customer.id }).id);
      if (i === Math.floor(BURST / 2)) {
        await shop.emulator.flush();
        // the first worker dies with whatever it holds
        children[2].kill("SIGKILL");
        killedAt = Date.now();
      }
    }
    await shop.emulator.flush();
    const deliveries = shop.emulator.webhookLog.filter((delivery) => delivery.attempts.some((attempt) => attempt.status === 200));
    const stored = (await db().webhookEvent.count({ where: { shopId: shop.shop.id } })) - before;
    expect(stored).toBeGreaterThanOrEqual(BURST * 2); // a customers/create and an orders/create each, at least

    const deadline = Date.now() + 90_000;
    while ((await count(["pending", "processing"])) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const drainedMs = Date.now() - killedAt;
    console.log(
      `[scale-out] ${stored} events; inbox drained ${drainedMs} ms after the SIGKILL; ${deliveries.length} deliveries answered 200`,
    );
    expect(await count(["pending", "processing"])).toBe(0);
    expect(await count(["parked"])).toBe(0);

    // nothing lost: every order of the burst is stored, with its customer
    const orders = await db().order.findMany({ where: { shopId: shop.shop.id, id: { in: orderIds.map(BigInt) } } });
    expect(orders).toHaveLength(BURST);
    // nothing applied twice: each event claimed once, except those the killed worker held (claimed again
    // once their lease ran out: how long after the kill they were applied is the recovery time)
    const reclaimed = await db().webhookEvent.findMany({
      where: { shopId: shop.shop.id, attempts: { gt: 1 } },
      select: { processedAt: true },
    });
    const recoveredMs = Math.max(0, ...reclaimed.map((event) => (event.processedAt?.getTime() ?? 0) - killedAt));
    console.log(
      `[scale-out] events the killed worker held: ${reclaimed.length}, applied by the other ${recoveredMs} ms after the kill`,
    );
    expect(reclaimed.length).toBeLessThanOrEqual(50); // at most the one batch it held
    const duplicatePoints = await db().$queryRawUnsafe<unknown[]>(
      `SELECT "customerId", "sourceKey" FROM "PointsEntry" WHERE "shopId" = $1 GROUP BY 1, 2 HAVING count(*) > 1`,
      shop.shop.id,
    );
    expect(duplicatePoints).toEqual([]);

    // a shop's backfill, reconcile, recompute and pushes: never two at once
    const exclusive = Object.keys(jobPayloads).filter((name) => retryPolicy(name).exclusive);
    const runs = await db().$queryRawUnsafe<Array<{ name: string; started_on: Date; completed_on: Date | null }>>(
      `SELECT name, started_on, completed_on FROM pgboss.job WHERE name = ANY($1::text[]) AND started_on IS NOT NULL
       UNION ALL
       SELECT name, started_on, completed_on FROM pgboss.archive WHERE name = ANY($1::text[]) AND started_on IS NOT NULL
       ORDER BY started_on`,
      exclusive,
    );
    console.log(`[scale-out] exclusive job runs: ${runs.length}`);
    // PostgreSQL's now() is its transaction's start, so a run may be stamped as started a moment before the
    // previous run's completion committed: 100 ms of slack for that, far below any real run's length.
    for (const name of exclusive) {
      let lastEnd = 0;
      for (const run of runs.filter((candidate) => candidate.name === name)) {
        expect(run.started_on.getTime() + 100, `${name} started ${run.started_on.toISOString()}`).toBeGreaterThanOrEqual(lastEnd);
        // a run the killed worker held has no end: its lease ran out before another started
        lastEnd = Math.max(lastEnd, run.completed_on?.getTime() ?? 0);
      }
    }
  });
});
