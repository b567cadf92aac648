import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../app/db/database-url.mjs";
import { config } from "../../app/config.server";
import { db } from "../../app/db/client.server";
import { updateShopSettings } from "../../app/db/settings.server";
import { JobNames } from "../../app/jobs/catalog";
import { type EmulatedShop, expectDatabaseMatchesStore, startShopSendingWebhooks } from "../support/emulated-shop";
import type { WebhookApp } from "../support/webhook-app";

let app: WebhookApp;
let shop: EmulatedShop;

beforeAll(async () => {
  ({ app, shop } = await startShopSendingWebhooks(db(), { seed: 31, customers: 200 }));
  // The worker runs everything, analytics and push-back included; pushed tags would come back as new
  // customers/update webhooks after the test stopped waiting. This test is about applying webhooks.
  await updateShopSettings(db(), shop.shop, "push", { tagPrefix: "kizuna:", taggedSegments: [], writeMetafields: false });
});

afterAll(async () => {
  await shop.emulator.stop();
  await app.close();
});

function startWorker(): ChildProcess {
  return spawn(process.execPath, [path.join(projectRoot, "bin/kizuna.js"), "worker"], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL, KIZUNA_WORKER: "off" },
    stdio: "ignore",
  });
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("timed out");
}

/** Ends the leases of jobs a killed worker left running, in whichever queue engine the database uses. */
async function expireJobLeases(): Promise<number> {
  if (config().databaseProvider === "postgresql") {
    return db().$executeRawUnsafe(
      `UPDATE pgboss.job SET started_on = now() - interval '1 hour' WHERE name = $1 AND state = 'active'`,
      JobNames.applyWebhook,
    );
  }
  const expired = await db().job.updateMany({
    where: { name: JobNames.applyWebhook, status: "running" },
    data: { lockedUntil: new Date(0) },
  });
  return expired.count;
}

const applied = () => db().webhookEvent.count({ where: { shopId: shop.shop.id, status: "applied" } });
const unfinished = () => db().webhookEvent.count({ where: { shopId: shop.shop.id, status: { in: ["pending", "processing"] } } });

describe("the worker killed half way through its queue", () => {
  it("leaves, once restarted, the same final state as a worker never killed", async () => {
    const control = shop.emulator.control;
    const customers = [...shop.store.customers.keys()];
    for (let i = 0; i < 600; i++) {
      control.advanceTime({ ms: 1_000 });
      if (i % 3 === 0) control.updateCustomer({ id: customers[i % customers.length], lastName: `kill-${i}` });
      else control.createOrder({ customerId: customers[(i * 7) % customers.length] });
    }
    await shop.emulator.flush();
    const total = await unfinished();
    expect(total).toBeGreaterThan(500);

    const first = startWorker();
    await waitFor(async () => (await applied()) >= total / 3, 60_000);
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    const afterKill = await applied();
    expect(afterKill).toBeLessThan(total);

    // A job the killed worker had claimed (if it died inside one) is the queue's to recover: its lease
    // expires (here at once instead of after two minutes) and the restarted worker takes it over. Events it
    // never reached are still pending or handed over, and the restarted worker queues and applies them.
    await expireJobLeases();
    const second = startWorker();
    try {
      await waitFor(async () => (await unfinished()) === 0, 120_000);
    } finally {
      second.kill("SIGTERM");
      await new Promise((resolve) => second.once("exit", resolve));
    }
    await expectDatabaseMatchesStore(db(), shop.shop.id, shop.store);
  }, 240_000);
});
