import { spawn } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { config } from "../../app/config.server";
import { db } from "../../app/db/client.server";
import { projectRoot } from "../../app/db/database-url.mjs";
import type { ShopRef } from "../../app/db/shops.server";
import { JobNames } from "../../app/jobs/catalog";
import { PgBossJobQueue } from "../../app/jobs/pg-boss-queue.server";
import { EmbeddedJobQueue, type JobQueue } from "../../app/jobs/queue.server";
import { seedShopRows } from "../support/seed-rows";

/**
 * A deploy sends SIGTERM and kills what is still running 30 s later. The worker stops taking work at once,
 * gives running jobs a few seconds and hands back what is still running, so it never needs the kill.
 */
let shop: ShopRef;

beforeAll(async () => {
  shop = await seedShopRows(db(), "shutdown.myshopify.com", { customers: 1, idBase: 9_000 });
});

describe("SIGTERM", () => {
  it("ends `kizuna worker` well inside a deploy's grace period (the scheduler's 60 s wait does not hold it)", async () => {
    const worker = spawn(process.execPath, [path.join(projectRoot, "bin/kizuna.js"), "worker"], {
      cwd: projectRoot,
      env: { ...process.env, KIZUNA_WORKER: "off" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve) =>
      worker.stdout.on("data", (chunk: Buffer) => chunk.includes("worker running") && resolve()),
    );
    const exited = new Promise<number | null>((resolve) => worker.once("exit", (code) => resolve(code)));
    worker.kill("SIGTERM");
    // 20 s: inside a 30 s grace period (the test times out, and fails, if the worker needs the kill)
    const code = await Promise.race([
      exited,
      new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), 20_000)),
    ]);
    if (code === "still running") worker.kill("SIGKILL");
    expect(code).toBe(0);
  }, 90_000);

  it("hands a job still running at the end of the grace back to the queue, its attempt not counted", async () => {
    const queue: JobQueue =
      config().databaseProvider === "postgresql"
        ? new PgBossJobQueue(config().databaseUrl, () => undefined)
        : new EmbeddedJobQueue(db(), undefined, () => undefined);
    let started = false;
    await queue.enqueue(JobNames.reconcile, { shopId: shop.id }, { shopId: shop.id });
    await queue.start({
      [JobNames.reconcile]: async () => {
        started = true;
        await new Promise(() => undefined); // a job that would outlast any grace period
      },
    });
    while (!started) await new Promise((resolve) => setTimeout(resolve, 50));
    await queue.stop({ graceMs: 300 });

    // another worker takes it over at once, as its first attempt
    const next =
      config().databaseProvider === "postgresql"
        ? new PgBossJobQueue(config().databaseUrl, () => undefined)
        : new EmbeddedJobQueue(db(), undefined, () => undefined);
    const attempts: number[] = [];
    expect(await next.drain({ [JobNames.reconcile]: async (job) => void attempts.push(job.attempt) })).toBe(1);
    expect(attempts).toEqual([1]);
    await next.stop();
  });
});
