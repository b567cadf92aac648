import { type AnalyticsSummary, analyticsSummarySchema } from "../../app/domain/analytics/summary";
import type { Db } from "../../app/db/client.server";
import type { ShopRef } from "../../app/db/shops.server";
import { RFM_SEGMENT_KEYS, type RfmSegmentKey } from "../../app/domain/rfm/segments";

/**
 * Analytics results written straight to the database, as the recompute job would leave them: one
 * CustomerMetrics row per customer and an AnalyticsResult whose summary passes the summary's zod schema.
 * For route tests that need a dashboard, segments and candidates without running a recompute.
 */
export interface SeededMetrics {
  customerId: bigint;
  segment?: RfmSegmentKey;
  ordersCount?: number;
  netSpendMinor?: number;
  predictedClv12mMinor?: number | null;
  pAlive?: number | null;
  lastOrderAt?: Date | null;
  isLoyal?: boolean;
  futureLoyalScore?: number | null;
  futureLoyalReasons?: unknown[] | null;
}

export const SEED_COMPUTED_AT = new Date("2026-02-01T00:00:00Z");

export async function seedCustomerMetrics(
  client: Db,
  shop: ShopRef,
  rows: SeededMetrics[],
  computedAt = SEED_COMPUTED_AT,
): Promise<void> {
  for (const [index, row] of rows.entries()) {
    const ordersCount = row.ordersCount ?? 1 + (index % 5);
    const netSpendMinor = row.netSpendMinor ?? 5000 * ordersCount;
    await client.customerMetrics.create({
      data: {
        shopId: shop.id,
        customerId: row.customerId,
        computedAt,
        ordersCount,
        netSpendMinor,
        aovMinor: Math.round(netSpendMinor / Math.max(1, ordersCount)),
        firstOrderAt: new Date("2025-01-15T00:00:00Z"),
        lastOrderAt: row.lastOrderAt === undefined ? new Date(Date.UTC(2026, 0, 1 + (index % 28))) : row.lastOrderAt,
        recencyDays: 10 + index,
        rScore: 1 + (index % 5),
        fScore: 1 + ((index + 1) % 5),
        mScore: 1 + ((index + 2) % 5),
        segment: row.segment ?? RFM_SEGMENT_KEYS[index % RFM_SEGMENT_KEYS.length],
        pAlive: row.pAlive === undefined ? 0.9 - (index % 10) / 10 : row.pAlive,
        expectedPurchases30: 0.2,
        expectedPurchases90: 0.5,
        expectedPurchases365: 1.4,
        expectedAovMinor: 5200,
        predictedClv12mMinor: row.predictedClv12mMinor === undefined ? 7000 + 100 * index : row.predictedClv12mMinor,
        isLoyal: row.isLoyal ?? false,
        futureLoyalScore: row.futureLoyalScore ?? null,
        futureLoyalReasons: row.futureLoyalReasons ? JSON.stringify(row.futureLoyalReasons) : null,
      },
    });
  }
}

/** A complete, schema-valid summary; `overrides` replace top-level sections. */
export function buildSummary(overrides: Partial<AnalyticsSummary> = {}): AnalyticsSummary {
  const sizes = RFM_SEGMENT_KEYS.map((segment, i) => ({
    segment,
    customers: 10 + i,
    netRevenueMinor: 100_000 * (i + 1),
    predictedClv12mMinor: 50_000 * (i + 1),
    share: (10 + i) / 165,
    change: i % 2 ? 2 : -1,
  }));
  const grid = [1, 2, 3, 4, 5].map((r) => [1, 2, 3, 4, 5].map((f) => r * f));
  const summary: AnalyticsSummary = {
    version: 1,
    asOf: "2026-02-01T00:00:00.000Z",
    asOfDate: "2026-02-01",
    currency: "JPY",
    timezone: "Asia/Tokyo",
    definitions: { purchases: "Orders that are not cancelled or test orders.", churnRisk: "1 − P(alive)" },
    kpis: {
      customers: 200,
      buyers: 165,
      orders: 420,
      netRevenueMinor: 2_100_000,
      repeatPurchaseRate: 0.42,
      averageHistoricLtvMinor: 12_727,
      medianHistoricLtvMinor: 9_000,
      averagePredictedClv12mMinor: 6_400,
      averageOrderValueMinor: 5_000,
      ordersPerCustomer: 2.55,
      f2Conversion: { windowDays: 90, eligibleCustomers: 150, converted: 45, rate: 0.3 },
      medianDaysToSecondOrder: 41,
      top10PercentRevenueShare: 0.35,
      expectedActiveCustomers: 120.5,
      likelyChurnedCustomers: 30,
    },
    forecast: {
      months: Array.from({ length: 12 }, (_, i) => ({
        monthOffset: i + 1,
        month: `2026-${String(i + 2).padStart(2, "0")}`.replace("2026-13", "2027-01"),
        expectedPurchases: 30 - i,
        expectedRevenueMinor: 150_000 - 5_000 * i,
      })),
      expectedPurchases: 294,
      expectedRevenueMinor: 1_470_000,
    },
    segments: {
      sizes,
      customersWithoutOrders: 35,
      movement: {
        previousResultId: 1,
        previousComputedAt: "2026-01-25T00:00:00.000Z",
        keys: [...RFM_SEGMENT_KEYS, "none"],
        counts: [...RFM_SEGMENT_KEYS, "none"].map((_, i) =>
          [...RFM_SEGMENT_KEYS, "none"].map((_, j) => (i !== j && (i + j) % 4 === 0 ? i + 1 : 0)),
        ),
        changed: 40,
      },
    },
    rfmGrid: {
      customers: grid,
      netRevenueMinor: grid.map((row) => row.map((n) => n * 5_000)),
      method: "quintiles",
      thresholds: { recencyDays: [30, 90, 180, 365], frequency: [2, 3, 5, 10], monetaryMinor: [5_000, 10_000, 25_000, 50_000] },
    },
    ltvDistribution: {
      edgesMinor: [0, 5_000, 10_000, 20_000, 50_000],
      historic: [40, 50, 40, 25, 10],
      predicted12m: [60, 50, 30, 20, 5],
    },
    cohorts: {
      cohorts: [
        {
          month: "2025-11",
          customers: 40,
          retention: [1, 0.2, 0.15, 0.1],
          returningCustomers: [40, 8, 6, 4],
          revenueMinor: [200_000, 40_000, 30_000, 20_000],
          inProgressMonth: 3,
        },
        {
          month: "2025-12",
          customers: 50,
          retention: [1, 0.25, 0.12],
          returningCustomers: [50, 12, 6],
          revenueMinor: [250_000, 60_000, 30_000],
          inProgressMonth: 2,
        },
        {
          month: "2026-01",
          customers: 30,
          retention: [1, 0.1],
          returningCustomers: [30, 3],
          revenueMinor: [150_000, 15_000],
          inProgressMonth: 1,
        },
      ],
      omittedCohorts: 0,
      daysToSecondOrder: [
        { fromDay: 0, toDay: 30, customers: 20 },
        { fromDay: 30, toDay: null, customers: 25 },
      ],
    },
    loyalty: {
      rule: { match: "any", conditions: [{ kind: "min_orders", orders: 4 }] },
      loyalCustomers: 30,
      loyalShare: 30 / 165,
      topTraits: [
        {
          trait: "first_product",
          value: "9001",
          label: "Matcha set",
          loyalCount: 12,
          otherCount: 20,
          shareOfLoyal: 0.4,
          shareOfAll: 0.19,
          lift: 2.1,
        },
        {
          trait: "first_order_discount",
          value: "false",
          label: null,
          loyalCount: 25,
          otherCount: 90,
          shareOfLoyal: 0.83,
          shareOfAll: 0.7,
          lift: 1.19,
        },
      ],
      candidates: 3,
      candidateMinPAlive: 0.6,
    },
    associations: { baskets: 420, topPairs: [], suggestions: [], minBaskets: 5 },
    model: { status: "fitted", kind: "bgnbd_gamma_gamma", customers: 165, repeatCustomers: 70 },
    ...overrides,
  };
  return analyticsSummarySchema.parse(summary);
}

export async function seedAnalyticsResult(
  client: Db,
  shop: ShopRef,
  options: { computedAt?: Date; summary?: AnalyticsSummary } = {},
): Promise<number> {
  const computedAt = options.computedAt ?? SEED_COMPUTED_AT;
  const summary = options.summary ?? buildSummary();
  const created = await client.analyticsResult.create({
    data: {
      shopId: shop.id,
      computedAt,
      asOf: computedAt,
      customers: summary.kpis.customers,
      model: JSON.stringify({ status: "fitted" }),
      summary: JSON.stringify(summary),
      durationMs: 1234,
    },
  });
  return created.id;
}
