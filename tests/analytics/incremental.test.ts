import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueIncrementalAnalytics } from "../../app/analytics/incremental.server";
import { recomputeShopAnalytics } from "../../app/analytics/recompute.server";
import { db } from "../../app/db/client.server";
import { JobNames } from "../../app/jobs/catalog";
import { EmbeddedJobQueue } from "../../app/jobs/queue.server";
import { jobHandlers } from "../../app/jobs/registry.server";
import { pushToShopify } from "../../app/pushback/push.server";
import { applyDueEvents, applyInboxBatch } from "../../app/sync/inbox-worker.server";
import { type EmulatedShop, startShopSendingWebhooks } from "../support/emulated-shop";
import type { WebhookApp } from "../support/webhook-app";

/**
 * An order, refund or redaction arriving by webhook re-scores exactly the customers it touched, with the last
 * full recompute's model and thresholds, records their segment moves and pushes their tags and metafields —
 * without a full recompute (no new AnalyticsResult) and without touching anyone else's metrics.
 */
let app: WebhookApp;
let shop: EmulatedShop;
const clock = { now: new Date() };
const queue = new EmbeddedJobQueue(
  db(),
  () => clock.now,
  () => undefined,
);
const handlers = () => ({
  [JobNames.incrementalAnalytics]: jobHandlers({ client: db(), queue, now: () => clock.now })[JobNames.incrementalAnalytics],
});

/** Delivers what the emulator sent, applies it as the worker does (queueing the update), then runs the queue. */
async function deliverAndRun(): Promise<number> {
  await shop.emulator.flush();
  for (;;) {
    clock.now = new Date();
    const batch = await applyInboxBatch(db(), { onDataChanged: (shopId) => queueIncrementalAnalytics(queue, shopId, clock.now) });
    if (batch.claimed === 0) break;
  }
  const queued = await db().job.count({ where: { shopId: shop.shop.id, name: JobNames.incrementalAnalytics, status: "queued" } });
  clock.now = new Date(Date.now() + 1_000);
  await queue.drain(handlers());
  return queued;
}

const metricsOf = (customerId: bigint) =>
  db().customerMetrics.findUnique({ where: { shopId_customerId: { shopId: shop.shop.id, customerId } } });

async function allMetrics() {
  const rows = await db().customerMetrics.findMany({ where: { shopId: shop.shop.id }, orderBy: { customerId: "asc" } });
  return new Map(rows.map((row) => [row.customerId, row]));
}

const resultCount = () => db().analyticsResult.count({ where: { shopId: shop.shop.id } });

beforeAll(async () => {
  ({ app, shop } = await startShopSendingWebhooks(db(), { seed: 1414, customers: 120 }));
  // the store's clock at Kizuna's, so an order made now is today's (the seeded history ends earlier)
  const storeNow = shop.emulator.control.advanceTime({ ms: 0 }).now;
  if (storeNow < Date.now()) shop.emulator.control.advanceTime({ to: Date.now() });
  await shop.emulator.flush();
  await applyDueEvents(db());
  await recomputeShopAnalytics(db(), shop.shop, { now: new Date() });
  await pushToShopify(db(), shop.shop, shop.admin);
  await shop.emulator.flush();
  await applyDueEvents(db()); // the push's echoes
  await db().job.deleteMany({ where: { shopId: shop.shop.id } });
}, 60_000);

afterAll(async () => {
  await shop.emulator.stop();
  await app.close();
});

describe("incremental analytics", () => {
  it("an order webhook re-scores that customer, records the move and pushes the new segment, and only that", async () => {
    const before = await allMetrics();
    // A lapsed repeat customer: a new order today moves them to another segment.
    const lapsed = [...before.values()]
      .filter((row) => row.ordersCount >= 2 && row.rScore <= 2)
      .sort((a, b) => b.fScore - a.fScore || Number(a.customerId - b.customerId))[0];
    expect(lapsed).toBeDefined();
    const results = await resultCount();

    shop.emulator.control.createOrder({ customerId: Number(lapsed.customerId) });
    expect(await deliverAndRun()).toBe(1);

    expect(await resultCount()).toBe(results); // no full recompute
    const after = await allMetrics();
    const updated = after.get(lapsed.customerId);
    expect(updated?.ordersCount).toBe(lapsed.ordersCount + 1);
    expect(updated?.netSpendMinor).toBeGreaterThan(lapsed.netSpendMinor);
    expect(updated?.rScore).toBe(5);
    expect(updated?.recencyDays).toBe(0);
    expect(updated?.segment).not.toBe(lapsed.segment);
    expect(updated?.predictedClv12mMinor).not.toBe(lapsed.predictedClv12mMinor);
    expect(updated?.pAlive).not.toBe(lapsed.pAlive);
    const latest = await db().analyticsResult.findFirstOrThrow({ where: { shopId: shop.shop.id }, orderBy: { id: "desc" } });
    expect(
      await db().segmentChange.findMany({
        where: { shopId: shop.shop.id, customerId: lapsed.customerId },
        select: { resultId: true, fromSegment: true, toSegment: true },
      }),
    ).toEqual([{ resultId: latest.id, fromSegment: lapsed.segment, toSegment: updated?.segment }]);

    // everyone else as the full recompute left them
    for (const [customerId, row] of before) if (customerId !== lapsed.customerId) expect(after.get(customerId)).toEqual(row);

    const customer = shop.store.customers.get(Number(lapsed.customerId));
    const segmentField = customer?.metafields.find((field) => field.key === "segment");
    expect(segmentField?.value).toBe(updated?.segment);
    expect(customer?.tags).not.toContain(`kizuna:${lapsed.segment}`);
  });

  it("a burst of orders for many customers is one queued run that re-scores them all", async () => {
    const before = await allMetrics();
    const buyers = [...before.keys()].slice(0, 30);
    for (const customerId of buyers) shop.emulator.control.createOrder({ customerId: Number(customerId) });
    expect(await deliverAndRun()).toBe(1);
    const after = await allMetrics();
    for (const customerId of buyers)
      expect(after.get(customerId)?.ordersCount).toBe((before.get(customerId)?.ordersCount ?? 0) + 1);
    for (const [customerId, row] of before) if (!buyers.includes(customerId)) expect(after.get(customerId)).toEqual(row);
  });

  it("a refund lowers that customer's net spend", async () => {
    const before = await allMetrics();
    const order = [...shop.store.orders.values()].find(
      (candidate) =>
        candidate.customerId !== null &&
        candidate.refunds.length === 0 &&
        candidate.cancelledAt === null &&
        !candidate.test &&
        candidate.total.shop > 0 &&
        before.has(BigInt(candidate.customerId)),
    );
    expect(order).toBeDefined();
    if (!order || order.customerId === null) return;
    const customerId = BigInt(order.customerId);
    const spent = before.get(customerId)?.netSpendMinor ?? 0;
    shop.emulator.control.refundOrder({ id: order.id });
    await deliverAndRun();
    const after = await metricsOf(customerId);
    expect(after?.netSpendMinor).toBeLessThan(spent);
    expect(after?.ordersCount).toBe(before.get(customerId)?.ordersCount); // still a purchase, worth less
  });

  it("a redacted customer loses their metrics and a later order event does not bring them back", async () => {
    const before = await allMetrics();
    const [customerId] = [...before.keys()].filter((id) => shop.store.customers.has(Number(id))).slice(-1);
    shop.emulator.control.requestCustomerRedaction({ customerId: Number(customerId) });
    await deliverAndRun();
    expect(await metricsOf(customerId)).toBeNull();

    const order = [...shop.store.orders.values()].find((candidate) => candidate.customerId === Number(customerId));
    if (order) shop.emulator.control.updateOrder({ id: order.id, tags: ["after-redaction"] });
    await deliverAndRun();
    expect(await metricsOf(customerId)).toBeNull();
    expect(
      await db().customerPushState.findUnique({ where: { shopId_customerId: { shopId: shop.shop.id, customerId } } }),
    ).toBeNull();
  });
});
