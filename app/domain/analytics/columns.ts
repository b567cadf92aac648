/**
 * The columns a recompute works on: what the data access reads (customers, purchases, baskets) and what it
 * writes (every customer's metrics, the segment moves). Parallel typed arrays indexed alike, not row
 * objects: a large shop has millions of orders.
 */

export interface AnalyticsCustomers {
  count: number;
  /** Shopify customer ids (below 2^53, as Shopify's are). */
  ids: Float64Array;
  emailMarketing: (string | null)[];
  provinceCode: (string | null)[];
}

export interface AnalyticsOrders {
  count: number;
  /** Dense index into the customers passed in. */
  customerIndex: Int32Array;
  processedAtMs: Float64Array;
  /** totalMinor − totalRefundedMinor, floored at 0. */
  netMinor: Float64Array;
  /** Per customer: the earliest order (by processedAt, then id) and what the loyalty traits need of it. */
  firstOrder: {
    id: Float64Array;
    sourceName: (string | null)[];
    discountCodes: (string | null)[];
    shippingProvinceCode: (string | null)[];
  };
}

export interface OrderBaskets {
  /** Basket b holds productIds[offsets[b] … offsets[b + 1]); orderIds[b] is its order. */
  offsets: Int32Array;
  orderIds: Float64Array;
  productIds: Float64Array;
}

/** One customer's metrics, column by column (parallel arrays indexed like the customers). */
export interface CustomerMetricsColumns {
  count: number;
  customerId: Float64Array;
  ordersCount: Int32Array;
  netSpendMinor: Float64Array;
  aovMinor: Float64Array;
  /** Epoch ms; NaN without orders. */
  firstOrderAt: Float64Array;
  lastOrderAt: Float64Array;
  /** NaN without orders. */
  recencyDays: Float64Array;
  rScore: Uint8Array;
  fScore: Uint8Array;
  mScore: Uint8Array;
  segment: readonly string[];
  /** NaN when not predicted (no orders). */
  pAlive: Float64Array;
  expectedPurchases30: Float64Array;
  expectedPurchases90: Float64Array;
  expectedPurchases365: Float64Array;
  expectedAovMinor: Float64Array;
  predictedClv12mMinor: Float64Array;
  isLoyal: Uint8Array;
  futureLoyalScore: Float64Array;
  /** JSON text, or null. */
  futureLoyalReasons: readonly (string | null)[];
  /** 80% intervals (NaN when there is no fitted model) and the expected next order (epoch ms; NaN: none). */
  pAliveLow?: Float64Array;
  pAliveHigh?: Float64Array;
  expectedPurchases365Low?: Float64Array;
  expectedPurchases365High?: Float64Array;
  predictedClv12mLowMinor?: Float64Array;
  predictedClv12mHighMinor?: Float64Array;
  expectedNextOrderAt?: Float64Array;
}

export interface SegmentChangeInput {
  customerId: number;
  fromSegment: string | null;
  toSegment: string;
}
