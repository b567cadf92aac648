import { beforeAll, describe, expect, it } from "vitest";
import { queueRecompute, shopsNeedingRecompute } from "../../app/analytics/job.server";
import { JobNames } from "../../app/jobs/catalog";
import { jobHandlers } from "../../app/jobs/registry.server";
import { recomputeShopAnalytics, type RecomputeProgress } from "../../app/analytics/recompute.server";
import { latestAnalyticsResult, segmentChangesBetween } from "../../app/db/analytics-results.server";
import { db } from "../../app/db/client.server";
import type { ShopRef } from "../../app/db/shops.server";
import { DEFAULT_FIXED_THRESHOLDS, netMoves } from "../../app/domain/rfm";
import { EmbeddedJobQueue } from "../../app/jobs/queue.server";
import { createShop, customerRecord, writeShopData } from "./small-shop";

// Fixed thresholds so every score can be worked out by hand: R ≤30/90/180/365 days, F ≥2/3/5/10, M ≥5k/10k/25k/50k.
const SETTINGS = { rfm: DEFAULT_FIXED_THRESHOLDS };
const NOW = new Date("2026-06-01T00:00:00Z"); // 09:00 in Tokyo: the as-of day is 2026-06-01
const LATER = new Date("2026-06-08T00:00:00Z");

let shopA: ShopRef;
let shopB: ShopRef;

const customerMetrics = (shop: ShopRef, customerId: bigint) =>
  db().customerMetrics.findUnique({ where: { shopId_customerId: { shopId: shop.id, customerId } } });

beforeAll(async () => {
  shopA = await createShop(db(), "analytics-a.myshopify.com", SETTINGS);
  shopB = await createShop(db(), "analytics-b.myshopify.com", SETTINGS);
  await writeShopData(db(), shopA, {
    customers: [1, 2, 3, 4, 5].map((id) => customerRecord(id)),
    orders: [
      { id: 101, customerId: 1, at: "2026-01-10T03:00:00Z", total: 10_000, products: [7, 8] },
      { id: 102, customerId: 1, at: "2026-03-10T03:00:00Z", total: 8_000, refunded: 3_000, products: [7] },
      { id: 103, customerId: 1, at: "2026-05-20T03:00:00Z", total: 6_000 },
      { id: 104, customerId: 1, at: "2026-05-25T03:00:00Z", total: 9_999, cancelled: true },
      { id: 105, customerId: 1, at: "2026-05-26T03:00:00Z", total: 7_777, test: true },
      { id: 106, customerId: 1, at: "2026-07-01T03:00:00Z", total: 5_555 }, // after the as-of moment
      { id: 201, customerId: 2, at: "2025-06-01T03:00:00Z", total: 3_000, refunded: 5_000 }, // net floored at 0
      { id: 401, customerId: 4, at: "2026-05-31T16:00:00Z", total: 60_000 }, // 01:00 on 1 June in Tokyo
      { id: 501, customerId: 5, at: "2026-05-01T03:00:00Z", total: 4_000 },
      { id: 901, customerId: null, at: "2026-05-01T03:00:00Z", total: 4_000, products: [7, 8] }, // guest
    ],
  });
  await db().customer.update({
    where: { shopId_id: { shopId: shopA.id, id: 5n } },
    data: { deletedAt: new Date("2026-05-15T00:00:00Z") },
  });
  // Shop B reuses A's customer and order ids with other amounts: nothing of it may show up in A.
  await writeShopData(db(), shopB, {
    customers: [1, 2].map((id) => customerRecord(id)),
    orders: [
      { id: 101, customerId: 1, at: "2026-05-30T03:00:00Z", total: 999_000 },
      { id: 102, customerId: 2, at: "2026-05-30T03:00:00Z", total: 1_000 },
      { id: 103, customerId: 2, at: "2026-05-31T03:00:00Z", total: 1_000 },
    ],
  });
});

describe("recomputeShopAnalytics", () => {
  const progress: RecomputeProgress[] = [];
  let firstResultId = 0;

  it("stores hand-computed RFM and LTV for each customer", async () => {
    const outcome = await recomputeShopAnalytics(db(), shopA, { now: NOW, onProgress: (p) => progress.push(p) });
    firstResultId = outcome.resultId;
    expect(outcome.customers).toBe(4); // the deleted customer is left out

    const one = await customerMetrics(shopA, 1n);
    expect(one).toMatchObject({
      ordersCount: 3, // cancelled, test and future orders do not count
      netSpendMinor: 21_000,
      aovMinor: 7_000,
      recencyDays: 12,
      rScore: 5,
      fScore: 3,
      mScore: 3,
      segment: "potential_loyalist",
      isLoyal: false,
    });
    expect(one?.firstOrderAt?.toISOString()).toBe("2026-01-10T03:00:00.000Z");
    expect(one?.lastOrderAt?.toISOString()).toBe("2026-05-20T03:00:00.000Z");
    expect(one?.pAlive).toBeGreaterThan(0);
    expect(one?.predictedClv12mMinor).toBeGreaterThan(0);

    expect(await customerMetrics(shopA, 2n)).toMatchObject({
      ordersCount: 1,
      netSpendMinor: 0,
      recencyDays: 365,
      rScore: 2,
      fScore: 1,
      mScore: 1,
      segment: "hibernating",
    });
    expect(await customerMetrics(shopA, 3n)).toMatchObject({
      ordersCount: 0,
      segment: "none",
      rScore: 0,
      pAlive: null,
      predictedClv12mMinor: null,
    });
    // Ordered at 01:00 Tokyo time on the as-of day: recency 0 in the shop's calendar (it would be 1 in UTC).
    expect(await customerMetrics(shopA, 4n)).toMatchObject({
      recencyDays: 0,
      netSpendMinor: 60_000,
      rScore: 5,
      fScore: 1,
      mScore: 5,
      segment: "potential_loyalist",
      isLoyal: true,
    });
    expect(await customerMetrics(shopA, 5n)).toBeNull();
  });

  it("says why there are no fitted predictions and writes the summary", async () => {
    const result = await latestAnalyticsResult(db(), shopA);
    expect(result?.id).toBe(firstResultId);
    const summary = result!.summary;
    expect(summary.model).toMatchObject({ status: "insufficient_data", reason: { key: "too_few_customers" } });
    expect(result!.model).toMatchObject({ status: "insufficient_data", bgnbd: null, fallback: { kind: "historic_rate" } });
    expect(summary.kpis).toMatchObject({
      customers: 4,
      buyers: 3,
      orders: 5,
      netRevenueMinor: 81_000,
      repeatPurchaseRate: 1 / 3,
      averageOrderValueMinor: 16_200,
    });
    expect(summary.asOfDate).toBe("2026-06-01");
    expect(summary.segments.movement).toBeNull();
    expect(summary.segments.customersWithoutOrders).toBe(1);
    expect(summary.segments.sizes.find((s) => s.segment === "potential_loyalist")).toMatchObject({ customers: 2, change: null });
    expect(summary.rfmGrid.customers[4][2]).toBe(1); // customer 1: R5 F3
    expect(summary.forecast.months).toHaveLength(12);
    expect(summary.loyalty.loyalCustomers).toBe(1);
    // The guest checkout's basket counts for "bought together": products 7 and 8 twice.
    expect(summary.associations.baskets).toBe(3);
    expect(summary.ltvDistribution.historic.reduce((a, b) => a + b, 0)).toBe(3);
    expect((await db().shop.findUniqueOrThrow({ where: { id: shopA.id } })).analyticsComputedAt?.toISOString()).toBe(
      NOW.toISOString(),
    );
  });

  it("reports progress through the phases and records the run", async () => {
    const phases = [...new Set(progress.map((p) => p.phase))];
    expect(phases).toEqual(["loading", "models", "writing"]);
    expect(progress.at(-1)).toEqual({ phase: "writing", done: 4, total: 4 });
    const run = await db().syncRun.findFirstOrThrow({ where: { shopId: shopA.id, kind: "recompute" }, orderBy: { id: "desc" } });
    expect(run).toMatchObject({ status: "completed", phase: "writing", rowsDone: 4, rowsTotal: 4, error: null });
    expect(JSON.parse(run.state)).toEqual({ resultId: firstResultId });
  });

  it("records segment changes only for the customers who moved", async () => {
    await writeShopData(db(), shopA, {
      customers: [customerRecord(6)],
      orders: [
        { id: 202, customerId: 2, at: "2026-06-05T03:00:00Z", total: 20_000 },
        { id: 203, customerId: 2, at: "2026-06-06T03:00:00Z", total: 20_000 },
        { id: 601, customerId: 6, at: "2026-06-07T03:00:00Z", total: 5_000 },
      ],
    });
    const second = await recomputeShopAnalytics(db(), shopA, { now: LATER });
    const changes = await db().segmentChange.findMany({ where: { shopId: shopA.id }, orderBy: { customerId: "asc" } });
    expect(changes.map((c) => [c.customerId, c.fromSegment, c.toSegment, c.resultId])).toEqual([
      [2n, "hibernating", "potential_loyalist", second.resultId],
      [6n, null, "new", second.resultId],
    ]);
    expect(netMoves(await segmentChangesBetween(db(), shopA, firstResultId, second.resultId))).toEqual([
      { from: "hibernating", to: "potential_loyalist" },
      { from: "none", to: "new" },
    ]);
    const summary = (await latestAnalyticsResult(db(), shopA))!.summary;
    expect(summary.segments.movement).toMatchObject({ previousResultId: firstResultId, changed: 2 });
    expect(summary.segments.sizes.find((s) => s.segment === "hibernating")).toMatchObject({ customers: 0, change: -1 });
  });

  it("deletes the metrics of customers who are gone", async () => {
    await db().customer.update({ where: { shopId_id: { shopId: shopA.id, id: 3n } }, data: { deletedAt: LATER } });
    await recomputeShopAnalytics(db(), shopA, { now: LATER });
    expect(await customerMetrics(shopA, 3n)).toBeNull();
    expect(await db().customerMetrics.count({ where: { shopId: shopA.id } })).toBe(4);
  });
});

describe("shop isolation", () => {
  it("never reads or writes another shop's rows", async () => {
    // A has been recomputed above; B never was.
    expect(await db().customerMetrics.count({ where: { shopId: shopB.id } })).toBe(0);
    expect(await db().analyticsResult.count({ where: { shopId: shopB.id } })).toBe(0);
    expect(await db().syncRun.count({ where: { shopId: shopB.id } })).toBe(0);
    const before = await db().customerMetrics.findMany({ where: { shopId: shopA.id }, orderBy: { customerId: "asc" } });

    await recomputeShopAnalytics(db(), shopB, { now: NOW });
    expect(await customerMetrics(shopB, 1n)).toMatchObject({ ordersCount: 1, netSpendMinor: 999_000 });
    expect(await customerMetrics(shopB, 2n)).toMatchObject({ ordersCount: 2, netSpendMinor: 2_000 });
    expect(await db().customerMetrics.findMany({ where: { shopId: shopA.id }, orderBy: { customerId: "asc" } })).toEqual(before);
    expect((await latestAnalyticsResult(db(), shopB))!.summary.kpis).toMatchObject({ customers: 2, orders: 3 });
    // A's figures never included B's orders with the same ids.
    expect((await customerMetrics(shopA, 1n))?.netSpendMinor).toBe(21_000);
    expect(await db().segmentChange.count({ where: { shopId: shopB.id } })).toBe(0);
  });
});

describe("the recompute job", () => {
  it("debounces with one queued job per shop and runs it when due", async () => {
    const clock = { now: new Date("2026-06-10T00:00:00Z") };
    const queue = new EmbeddedJobQueue(
      db(),
      () => clock.now,
      () => undefined,
    );
    await queueRecompute(queue, shopB.id, 30_000, clock.now);
    await queueRecompute(queue, shopB.id, 30_000, clock.now);
    const jobs = await db().job.findMany({ where: { name: JobNames.recompute } });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ singletonKey: `recompute:${shopB.id}`, shopId: shopB.id, status: "queued" });
    expect(JSON.parse(jobs[0].payload)).toEqual({ shopId: shopB.id });

    const handlers = { [JobNames.recompute]: jobHandlers({ client: db(), queue, now: () => clock.now })[JobNames.recompute] };
    expect(await queue.drain(handlers)).toBe(0); // not due for 30 s
    const before = await db().analyticsResult.count({ where: { shopId: shopB.id } });
    clock.now = new Date(clock.now.getTime() + 31_000);
    expect(await queue.drain(handlers)).toBe(1);
    expect(await db().analyticsResult.count({ where: { shopId: shopB.id } })).toBe(before + 1);
    expect((await db().job.findUniqueOrThrow({ where: { id: jobs[0].id } })).status).toBe("done");
  });

  it("lists the shops whose data changed after their last recompute", async () => {
    const now = new Date();
    await db().shop.update({
      where: { id: shopA.id },
      data: { dataChangedAt: now, analyticsComputedAt: new Date(now.getTime() - 1000) },
    });
    await db().shop.update({
      where: { id: shopB.id },
      data: { dataChangedAt: new Date(now.getTime() - 1000), analyticsComputedAt: now },
    });
    const due = await shopsNeedingRecompute(db(), now);
    expect(due.map((s) => s.id)).toContain(shopA.id);
    expect(due.map((s) => s.id)).not.toContain(shopB.id);
  });
});
