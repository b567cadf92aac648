import { describe, expect, it } from "vitest";
import { computeShopAnalytics } from "../../app/domain/analytics/compute";
import { computeCustomerMetrics, storedShopModel } from "../../app/domain/analytics/incremental";
import { defaultShopSettings } from "../../app/domain/settings/shop-settings";

/**
 * The incremental update scores a customer with the last full recompute's thresholds and model: re-scoring
 * every customer that way, on the same data and day, gives back exactly what the full recompute stored.
 */
function seededShop(customers: number, seed: number) {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const asOfMs = Date.UTC(2026, 10, 1);
  const customerIndex: number[] = [];
  const processedAtMs: number[] = [];
  const netMinor: number[] = [];
  for (let c = 0; c < customers; c++) {
    const orders = random() < 0.15 ? 0 : 1 + Math.floor(-Math.log(1 - random()) * 2);
    const first = asOfMs - Math.floor(random() * 700) * 86_400_000;
    for (let k = 0; k < orders; k++) {
      customerIndex.push(c);
      processedAtMs.push(first + Math.floor(random() * ((asOfMs - first) / 86_400_000)) * 86_400_000 + 3_600_000);
      netMinor.push(k === 0 && random() < 0.05 ? 0 : 1_000 + Math.floor(random() * 20_000));
    }
  }
  const ids = Float64Array.from({ length: customers }, (_, c) => 9_000_000 + c * 3);
  return {
    asOfMs,
    customers: {
      count: customers,
      ids,
      emailMarketing: new Array<string | null>(customers).fill("SUBSCRIBED"),
      provinceCode: new Array<string | null>(customers).fill("JP-13"),
    },
    orders: {
      count: customerIndex.length,
      customerIndex: Int32Array.from(customerIndex),
      processedAtMs: Float64Array.from(processedAtMs),
      netMinor: Float64Array.from(netMinor),
      firstOrder: {
        id: new Float64Array(customers).fill(Number.NaN),
        sourceName: new Array<string | null>(customers).fill(null),
        discountCodes: new Array<string | null>(customers).fill(null),
        shippingProvinceCode: new Array<string | null>(customers).fill(null),
      },
    },
  };
}

describe("incremental scoring with the stored model", () => {
  it("reproduces the full recompute's scores, segments and predictions for every customer", () => {
    const shop = seededShop(4_000, 7);
    const full = computeShopAnalytics({
      asOfMs: shop.asOfMs,
      timezone: "Asia/Tokyo",
      currency: "JPY",
      settings: defaultShopSettings,
      customers: shop.customers,
      orders: shop.orders,
      baskets: { offsets: new Int32Array([0]), orderIds: new Float64Array(0), productIds: new Float64Array(0) },
      previous: null,
    });
    const stored = storedShopModel(full.model, full.summary);
    if (!stored) throw new Error("the stored result cannot score");
    const n = shop.customers.count;
    const incremental = computeCustomerMetrics({
      asOfMs: shop.asOfMs,
      timezone: "Asia/Tokyo",
      model: stored,
      loyalRule: defaultShopSettings.loyalty.rule,
      customers: shop.customers,
      orders: shop.orders,
      kept: {
        segment: [...full.metrics.segment],
        futureLoyalScore: full.metrics.futureLoyalScore,
        futureLoyalReasons: [...full.metrics.futureLoyalReasons],
      },
    });
    const m = incremental.metrics;
    const f = full.metrics;
    expect(incremental.changes).toEqual([]);
    expect([...m.segment]).toEqual([...f.segment]);
    expect([...m.rScore]).toEqual([...f.rScore]);
    expect([...m.fScore]).toEqual([...f.fScore]);
    expect([...m.mScore]).toEqual([...f.mScore]);
    expect([...m.ordersCount]).toEqual([...f.ordersCount]);
    expect([...m.netSpendMinor]).toEqual([...f.netSpendMinor]);
    expect([...m.isLoyal]).toEqual([...f.isLoyal]);
    const same = (a: number, b: number, digits: number) =>
      Number.isNaN(b) ? expect(a).toBeNaN() : expect(a).toBeCloseTo(b, digits);
    for (let c = 0; c < n; c++) {
      same(m.pAlive[c], f.pAlive[c], 12);
      same(m.predictedClv12mMinor[c], f.predictedClv12mMinor[c], 6);
    }
  });

  it("records a move when a customer's new order changes their segment", () => {
    const shop = seededShop(1_000, 11);
    const full = computeShopAnalytics({
      asOfMs: shop.asOfMs,
      timezone: "Asia/Tokyo",
      currency: "JPY",
      settings: defaultShopSettings,
      customers: shop.customers,
      orders: shop.orders,
      baskets: { offsets: new Int32Array([0]), orderIds: new Float64Array(0), productIds: new Float64Array(0) },
      previous: null,
    });
    const stored = storedShopModel(full.model, full.summary);
    if (!stored) throw new Error("the stored result cannot score");
    const lapsed = full.metrics.rScore.findIndex((r, c) => r === 1 && full.metrics.fScore[c] >= 2);
    expect(lapsed).toBeGreaterThanOrEqual(0);
    const own = [...shop.orders.customerIndex.keys()].filter((i) => shop.orders.customerIndex[i] === lapsed);
    const result = computeCustomerMetrics({
      asOfMs: shop.asOfMs,
      timezone: "Asia/Tokyo",
      model: stored,
      loyalRule: defaultShopSettings.loyalty.rule,
      customers: { count: 1, ids: Float64Array.of(shop.customers.ids[lapsed]) },
      orders: {
        count: own.length + 1,
        customerIndex: new Int32Array(own.length + 1),
        processedAtMs: Float64Array.from([...own.map((i) => shop.orders.processedAtMs[i]), shop.asOfMs - 1_000]),
        netMinor: Float64Array.from([...own.map((i) => shop.orders.netMinor[i]), 5_000]),
      },
      kept: {
        segment: [full.metrics.segment[lapsed]],
        futureLoyalScore: Float64Array.of(Number.NaN),
        futureLoyalReasons: [null],
      },
    });
    expect(result.metrics.rScore[0]).toBe(5);
    expect(result.changes).toEqual([
      { customerId: shop.customers.ids[lapsed], fromSegment: full.metrics.segment[lapsed], toSegment: result.metrics.segment[0] },
    ]);
  });
});
