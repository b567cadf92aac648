import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { getShopSettings, updateShopSettings } from "../../app/db/settings.server";
import type { ShopRef } from "../../app/db/shops.server";
import { JobNames, jobPayloads, JobPayloadError } from "../../app/jobs/catalog";
import { EmbeddedJobQueue, jobHandler } from "../../app/jobs/queue.server";
import { jobHandlers } from "../../app/jobs/registry.server";
import { scheduleDueWork } from "../../app/jobs/runtime.server";
import { applyDueEvents, parkWebhookEvent } from "../../app/sync/inbox-worker.server";
import { seedShopRows } from "../support/seed-rows";

let installed: ShopRef;
let uninstalled: ShopRef;
const clock = { now: new Date("2026-06-01T00:00:00Z") };
const queue = () =>
  new EmbeddedJobQueue(
    db(),
    () => clock.now,
    () => undefined,
  );

beforeAll(async () => {
  installed = await seedShopRows(db(), "registry-a.myshopify.com", { customers: 2, idBase: 1_000 });
  uninstalled = await seedShopRows(db(), "registry-b.myshopify.com", { customers: 2, idBase: 5_000 });
  await db().shop.update({ where: { id: uninstalled.id }, data: { installState: "uninstalled", uninstalledAt: clock.now } });
});

describe("the job registry", () => {
  it("has a handler for every job name in the catalogue, and nothing else", () => {
    const handlers = jobHandlers({ client: db(), queue: queue() });
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(jobPayloads).sort());
  });

  it("refuses a wrong payload when it is queued (a type error too), and queues nothing", async () => {
    const before = await db().job.count();
    // @ts-expect-error campaignId is missing
    await expect(queue().enqueue(JobNames.campaignCodes, { shopId: installed.id })).rejects.toThrow(JobPayloadError);
    // @ts-expect-error shopId must be a number
    await expect(queue().enqueue(JobNames.backfill, { shopId: "1" })).rejects.toThrow(/sync.backfill: invalid payload/);
    expect(await db().job.count()).toBe(before);
  });

  it("ends every shop job of a shop that is no longer installed without touching it", async () => {
    const jobs = queue();
    const handlers = jobHandlers({ client: db(), queue: jobs, now: () => clock.now });
    const shopJobs = [
      JobNames.backfill,
      JobNames.reconcile,
      JobNames.recompute,
      JobNames.push,
      JobNames.pointsDaily,
      JobNames.pointsPushMetafields,
      JobNames.pointsRecoverRedemptions,
    ] as const;
    for (const name of shopJobs) await jobs.enqueue(name, { shopId: uninstalled.id }, { shopId: uninstalled.id });
    await jobs.enqueue(JobNames.campaignCodes, { shopId: uninstalled.id, campaignId: 1 }, { shopId: uninstalled.id });
    await jobs.enqueue(JobNames.pointsApplyOrder, { shopId: uninstalled.id, orderId: "15000" }, { shopId: uninstalled.id });
    expect(await jobs.drain(handlers)).toBe(shopJobs.length + 2);
    const rows = await db().job.findMany({ where: { shopId: uninstalled.id } });
    expect(rows.map((row) => row.status)).toEqual(rows.map(() => "done"));
    expect(await db().syncRun.count({ where: { shopId: uninstalled.id } })).toBe(0);
    expect(await db().analyticsResult.count({ where: { shopId: uninstalled.id } })).toBe(0);
  });

  it("recomputes, then queues the push on the queue it was given (not the process's global one)", async () => {
    const jobs = queue();
    await jobs.enqueue(JobNames.recompute, { shopId: installed.id }, { shopId: installed.id });
    await jobs.drain({
      [JobNames.recompute]: jobHandlers({ client: db(), queue: jobs, now: () => clock.now })[JobNames.recompute],
    });
    expect(await db().analyticsResult.count({ where: { shopId: installed.id } })).toBe(1);
    const push = await db().job.findMany({ where: { shopId: installed.id, name: JobNames.push } });
    expect(push).toHaveLength(1);
    expect(push[0]).toMatchObject({ status: "queued", singletonKey: `push:${installed.id}` });
  });
});

describe("the scheduler", () => {
  it("keeps one daily points run queued for each installed shop with the program on, a day ahead", async () => {
    const jobs = queue();
    const daily = () => db().job.findMany({ where: { name: JobNames.pointsDaily, status: "queued" } });
    await scheduleDueWork(db(), jobs, 15 * 60_000, clock.now);
    expect(await daily()).toHaveLength(0); // the program is off everywhere
    for (const shop of [installed, uninstalled]) {
      await updateShopSettings(db(), shop, "points", { ...(await getShopSettings(db(), shop)).points, enabled: true });
    }
    await scheduleDueWork(db(), jobs, 15 * 60_000, clock.now);
    await scheduleDueWork(db(), jobs, 15 * 60_000, clock.now);
    const queued = await daily();
    expect(queued.map((job) => job.shopId)).toEqual([installed.id]);
    expect(queued[0].runAt.getTime()).toBe(clock.now.getTime() + 86_400_000);
  });
});

describe("the webhook inbox on the queue", () => {
  it("parks a stored body that cannot be read at the first attempt, with the reason (no retry can help)", async () => {
    const event = await db().webhookEvent.create({
      data: {
        shopId: installed.id,
        webhookId: "registry-broken",
        topic: "orders/create",
        payload: "{ not json",
        status: "pending",
        nextAttemptAt: clock.now,
      },
    });
    const run = await applyDueEvents(db(), { now: () => clock.now });
    expect({ failed: run.failed, parked: run.parked, applied: run.applied }).toEqual({ failed: 0, parked: 1, applied: 0 });
    const row = await db().webhookEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(row).toMatchObject({ status: "parked", attempts: 1 });
    expect(row.lastError).toMatch(/not valid JSON/i);
  });

  it("retries a failing webhook job with the queue's backoff and parks the event, with its error, when the queue gives up", async () => {
    const event = await db().webhookEvent.create({
      data: {
        shopId: installed.id,
        webhookId: "registry-transient",
        topic: "orders/create",
        payload: "{}",
        status: "processing",
        nextAttemptAt: clock.now,
      },
    });
    const jobs = queue();
    await jobs.enqueue(JobNames.applyWebhook, { shopId: installed.id, eventId: event.id }, { shopId: installed.id });
    let attempts = 0;
    const handler = jobHandler(
      JobNames.applyWebhook,
      async () => {
        attempts++;
        throw new Error("database is locked");
      },
      (payload, error) => parkWebhookEvent(db(), payload, error),
    );
    for (let round = 1; round <= 8; round++) {
      await jobs.drain({ [JobNames.applyWebhook]: handler }).catch(() => undefined);
      clock.now = new Date(clock.now.getTime() + 16 * 60_000); // past the longest retry delay (15 min)
    }
    expect(attempts).toBe(8);
    expect(await db().webhookEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({
      status: "parked",
      lastError: expect.stringContaining("database is locked"),
    });
  });
});
