import { beforeAll, describe, expect, it } from "vitest";
import { latestModelCheck } from "../../app/analytics/model-check.server";
import { recomputeShopAnalytics } from "../../app/analytics/recompute.server";
import { db } from "../../app/db/client.server";
import type { ShopRef } from "../../app/db/shops.server";
import { dayNumberFromIsoDate, isoDateFromDayNumber } from "../../app/domain/time";
import { syntheticStore } from "../clv/synthetic-store";
import { createShop, customerRecord, writeShopData } from "./small-shop";

const NOW = new Date("2026-06-01T00:00:00Z");
const END = dayNumberFromIsoDate("2026-05-31");
let shop: ShopRef;

beforeAll(async () => {
  shop = await createShop(db(), "predictions.myshopify.com");
  const store = syntheticStore({
    customers: 300,
    startDay: END - 700,
    endDay: END,
    lastJoinDay: END - 30,
    r: 1,
    alpha: 40,
    dropout: { a: 1, b: 3 },
    seed: 11,
  });
  const orders = Array.from(store.day, (day, k) => ({
    id: 10_000 + k,
    customerId: store.customerIndex[k] + 1,
    at: `${isoDateFromDayNumber(day)}T03:00:00Z`,
    total: store.amount[k],
  }));
  await writeShopData(db(), shop, {
    customers: Array.from({ length: store.customerCount }, (_, c) => customerRecord(c + 1)),
    orders,
  });
});

describe("a full recompute records its predictions' track record", () => {
  it("writes the intervals, the next-order date and one ModelCheck", async () => {
    await recomputeShopAnalytics(db(), shop, { now: NOW });
    const check = await latestModelCheck(db(), shop);
    expect(check).not.toBeNull();
    if (!check) return;
    expect(["bgnbd", "mbgnbd", "pareto", "nbd"]).toContain(check.chosenModel);
    expect(check.detail.status).toBe("fitted");
    expect(check.detail.holdout?.candidates).toHaveLength(4);
    expect(check.detail.chosenBecause).toBe("best_holdout_error");
    expect(check.holdoutEnd.toISOString().slice(0, 10)).toBe("2026-06-01");
    const forecast = check.detail.forecast;
    expect(forecast?.expectedRevenueLow).toBeLessThanOrEqual(forecast?.expectedRevenue ?? 0);
    expect(forecast?.expectedRevenueHigh).toBeGreaterThanOrEqual(forecast?.expectedRevenue ?? 0);

    const rows = await db().customerMetrics.findMany({ where: { shopId: shop.id } });
    expect(rows).toHaveLength(300);
    let withNext = 0;
    for (const row of rows) {
      expect(row.pAliveLow).not.toBeNull();
      expect(row.pAliveLow as number).toBeLessThanOrEqual((row.pAlive as number) + 1e-9);
      expect(row.pAliveHigh as number).toBeGreaterThanOrEqual((row.pAlive as number) - 1e-9);
      expect(row.predictedClv12mLowMinor as number).toBeLessThanOrEqual(row.predictedClv12mHighMinor as number);
      if (row.expectedNextOrderAt) {
        withNext++;
        expect(row.expectedNextOrderAt.getTime()).toBeGreaterThanOrEqual(NOW.getTime());
      }
    }
    expect(withNext).toBeGreaterThan(0);
    // Only other shops' checks would make this more than one.
    expect(await db().modelCheck.count({ where: { shopId: shop.id } })).toBe(1);
  });
});
