import { beforeAll, describe, expect, it } from "vitest";
import { recomputeShopAnalytics } from "../../app/analytics/recompute.server";
import { futureLoyalCandidatesPage, latestAnalyticsResult } from "../../app/db/analytics-results.server";
import { db } from "../../app/db/client.server";
import { registerShop, type ShopRef } from "../../app/db/shops.server";
import { generateStore } from "../../emulator/seed/generate";
import type { Store } from "../../emulator/store/model";
import { StoreWriter } from "./emulator-records";

// A seeded store drawn from a known BG/NBD process: the recompute must recover it from the database.
let store: Store;
let shop: ShopRef;
let resultId: number;

beforeAll(async () => {
  store = generateStore({ seed: 7, customers: 3000 });
  const record = await registerShop(db(), store.shop.domain, {
    name: store.shop.name,
    currency: store.shop.currency,
    timezone: store.shop.ianaTimezone,
  });
  shop = { id: record.id, domain: record.domain };
  const writer = new StoreWriter(db(), shop);
  const ordersByCustomer = new Map<number, Store["orders"] extends Map<number, infer O> ? O[] : never>();
  for (const order of store.orders.values()) {
    if (order.customerId === null) continue;
    const list = ordersByCustomer.get(order.customerId) ?? [];
    list.push(order);
    ordersByCustomer.set(order.customerId, list);
  }
  for (const customer of store.customers.values()) await writer.add(customer, ordersByCustomer.get(customer.id) ?? []);
  await writer.flush();
  resultId = (await recomputeShopAnalytics(db(), shop, { now: new Date(store.now) })).resultId;
}, 120_000);

describe("recompute on a seeded store", () => {
  it("recovers the BG/NBD parameters the orders were drawn from (daily units)", async () => {
    const result = await latestAnalyticsResult(db(), shop);
    expect(result?.id).toBe(resultId);
    const model = result!.model as { status: string; bgnbd: { params: { r: number; alpha: number; a: number; b: number } } };
    expect(model.status).toBe("fitted");
    const truth = store.truth!.bgnbd;
    const fitted = model.bgnbd.params;
    // 3,000 customers: the shape parameters are identified to tens of percent; λ = r/α much better.
    expect(fitted.r / fitted.alpha).toBeGreaterThan((truth.r / truth.alpha) * 0.85);
    expect(fitted.r / fitted.alpha).toBeLessThan((truth.r / truth.alpha) * 1.15);
    expect(Math.abs(fitted.r - truth.r) / truth.r).toBeLessThan(0.35);
    expect(Math.abs(fitted.alpha - truth.alpha) / truth.alpha).toBeLessThan(0.35);
    expect(Math.abs(fitted.a - truth.a) / truth.a).toBeLessThan(0.5);
    expect(Math.abs(fitted.b - truth.b) / truth.b).toBeLessThan(0.5);
    expect(result!.summary.model.status).toBe("fitted");
  });

  it("gives customers who are alive in truth a higher P(alive)", async () => {
    const truthCustomers = store.truth!.customers!;
    const metrics = await db().customerMetrics.findMany({
      where: { shopId: shop.id, pAlive: { not: null } },
      select: { customerId: true, pAlive: true },
    });
    let aliveSum = 0;
    let aliveCount = 0;
    let deadSum = 0;
    let deadCount = 0;
    for (const row of metrics) {
      const truth = truthCustomers[Number(row.customerId)];
      if (!truth) continue;
      if (truth.diedAt === null) {
        aliveSum += row.pAlive!;
        aliveCount++;
      } else {
        deadSum += row.pAlive!;
        deadCount++;
      }
    }
    expect(aliveCount).toBeGreaterThan(100);
    expect(deadCount).toBeGreaterThan(100);
    expect(aliveSum / aliveCount).toBeGreaterThan(deadSum / deadCount + 0.1);
  });

  it("fills the summary: cohorts, loyalty traits, bought-together pairs with titles", async () => {
    const summary = (await latestAnalyticsResult(db(), shop))!.summary;
    expect(summary.kpis.buyers).toBeGreaterThan(2000);
    expect(summary.cohorts.cohorts.length).toBe(24);
    expect(summary.cohorts.omittedCohorts).toBeGreaterThan(0);
    expect(summary.loyalty.topTraits.length).toBeGreaterThan(0);
    expect(summary.associations.topPairs.length).toBeGreaterThan(0);
    for (const pair of summary.associations.topPairs) {
      expect(pair.a.title).not.toBe(pair.a.id);
      expect(pair.lift).toBeGreaterThan(0);
    }
    const affinity = new Set(store.truth!.affinityGroups!.flatMap((group) => group.productIds.map(String)));
    expect(affinity.has(summary.associations.topPairs[0].a.id) || affinity.has(summary.associations.topPairs[0].b.id)).toBe(true);
    expect(summary.forecast.expectedRevenueMinor).toBeGreaterThan(0);
  });

  it("pages through future-loyal candidates by score, then customer id", async () => {
    const first = await futureLoyalCandidatesPage(db(), shop, { limit: 5 });
    expect(first.rows).toHaveLength(5);
    expect(first.next).not.toBeNull();
    const second = await futureLoyalCandidatesPage(db(), shop, { limit: 5, after: first.next! });
    const all = [...first.rows, ...second.rows];
    for (let i = 1; i < all.length; i++) {
      const ordered =
        all[i - 1].score > all[i].score || (all[i - 1].score === all[i].score && all[i - 1].customerId < all[i].customerId);
      expect(ordered).toBe(true);
    }
    expect(new Set(all.map((row) => row.customerId)).size).toBe(10);
    expect(all[0].reasons.length).toBeGreaterThan(0);
    const total = await db().customerMetrics.count({ where: { shopId: shop.id, futureLoyalScore: { not: null } } });
    expect((await latestAnalyticsResult(db(), shop))!.summary.loyalty.candidates).toBe(total);
  });
});
