import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "../../app/config.server";
import { db } from "../../app/db/client.server";
import type { ShopRef } from "../../app/db/shops.server";
import { JobNames } from "../../app/jobs/catalog";
import { PgBossJobQueue } from "../../app/jobs/pg-boss-queue.server";
import { EmbeddedJobQueue, type JobHandler, type JobQueue } from "../../app/jobs/queue.server";
import { seedShopRows } from "../support/seed-rows";

/**
 * Two workers (two queues on the same database, as two processes would have) and the same shop's
 * reconciliation queued again while it runs: the second run waits for the first, and queueing it more
 * often while it waits adds nothing. Runs on the engine the database uses (embedded on SQLite, pg-boss
 * on PostgreSQL).
 */
let shop: ShopRef;
const queues: JobQueue[] = [];

function newQueue(): JobQueue {
  const queue =
    config().databaseProvider === "postgresql"
      ? new PgBossJobQueue(config().databaseUrl, () => undefined)
      : new EmbeddedJobQueue(db(), undefined, () => undefined);
  queues.push(queue);
  return queue;
}

beforeAll(async () => {
  shop = await seedShopRows(db(), "exclusive.myshopify.com", { customers: 1, idBase: 7_000 });
});

afterAll(async () => {
  for (const queue of queues) await queue.stop();
});

async function waitFor(condition: () => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("a shop's reconciliation on two workers", () => {
  it("never runs twice at once, and what is queued while it runs is one more run", async () => {
    const first = newQueue();
    const second = newQueue();
    let running = 0;
    let mostAtOnce = 0;
    let runs = 0;
    const enqueue = () =>
      first.enqueue(JobNames.reconcile, { shopId: shop.id }, { shopId: shop.id, singletonKey: `reconcile:${shop.id}` });
    const reconcile: JobHandler = async () => {
      running++;
      runs++;
      mostAtOnce = Math.max(mostAtOnce, running);
      if (runs === 1) {
        // queued three times while the first run holds the shop: both workers poll many times meanwhile
        for (let i = 0; i < 3; i++) await enqueue();
        await new Promise((resolve) => setTimeout(resolve, 3_000));
      }
      running--;
    };
    const handlers = { [JobNames.reconcile]: reconcile };
    await first.start(handlers);
    await second.start(handlers);
    await enqueue();
    await waitFor(() => runs === 2 && running === 0);
    // both workers had time to take a third run if one had been queued
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(mostAtOnce).toBe(1);
    expect(runs).toBe(2);
  }, 90_000);
});
