/**
 * The incremental part of the analytics: a few customers' metrics recomputed from their purchases with what
 * the last full recompute decided for the whole shop — its RFM score thresholds and its fitted CLV model —
 * so one order or refund updates that customer's RFM, historic and predicted value, P(alive) and segment in
 * milliseconds. Pure (no database, no clock). The full recompute refits and re-scores everyone nightly and on
 * demand; until then a customer scored here is scored exactly as the last full run would have scored them.
 *
 * What stays as the last full run left it: the future-loyal score and its reasons (they rank a customer
 * against the whole shop's traits), passed in as `kept`.
 */
import type { ClvModel } from "../clv";
import { predictCustomers, summarizeTransactions } from "../clv";
import { evaluateLoyalRule, type LoyalRule } from "../loyalty";
import { historicLtv } from "../ltv";
import type { OrderColumns } from "../orders";
import {
  computeRfmMetrics,
  NO_SEGMENT,
  RFM_SEGMENT_KEYS,
  type RfmThresholds,
  rfmSegmentCodes,
  scoreRfm,
  segmentMove,
} from "../rfm";
import { createLocalDayNumber, toLocalDayNumbers } from "../time";
import type { AnalyticsCustomers, AnalyticsOrders, CustomerMetricsColumns, SegmentChangeInput } from "./columns";
import type { AnalyticsModel, AnalyticsSummary } from "./summary";

/** What an incremental update takes from the latest full recompute. */
export interface StoredShopModel {
  clv: ClvModel;
  monthlyDiscountRate: number;
  thresholds: RfmThresholds;
}

/**
 * The CLV model and score thresholds of a stored result, or null when the result cannot score a customer
 * (written by an older version, or without a model): then only a full recompute can.
 */
export function storedShopModel(model: AnalyticsModel, summary: AnalyticsSummary): StoredShopModel | null {
  let clv: ClvModel | null = null;
  if (model.status === "fitted" && model.bgnbd && model.gammaGamma) {
    clv = { kind: "bgnbd_gamma_gamma", period: "day", bgnbd: model.bgnbd.params, gammaGamma: model.gammaGamma.params };
  } else if (model.fallback) {
    clv = { ...model.fallback, period: "day" };
  }
  if (!clv) return null;
  const t = summary.rfmGrid.thresholds;
  // A threshold stored as null was not finite (no buyer reached it): no customer reaches that score.
  const cuts = (values: readonly (number | null)[], missing: number) =>
    values.map((v) => (v === null ? missing : v)) as [number, number, number, number];
  if (t.recencyDays.length !== 4 || t.frequency.length !== 4 || t.monetaryMinor.length !== 4) return null;
  return {
    clv,
    monthlyDiscountRate: model.monthlyDiscountRate,
    thresholds: {
      recencyDays: cuts(t.recencyDays, Number.NEGATIVE_INFINITY),
      frequency: cuts(t.frequency, Number.POSITIVE_INFINITY),
      monetary: cuts(t.monetaryMinor, Number.POSITIVE_INFINITY),
    },
  };
}

export interface IncrementalInput {
  asOfMs: number;
  timezone: string;
  model: StoredShopModel;
  loyalRule: LoyalRule;
  customers: Pick<AnalyticsCustomers, "count" | "ids">;
  orders: Pick<AnalyticsOrders, "count" | "customerIndex" | "processedAtMs" | "netMinor">;
  /** Per customer (indexed like `customers`): the stored segment (null without a row) and what is kept. */
  kept: {
    segment: readonly (string | null)[];
    futureLoyalScore: Float64Array;
    futureLoyalReasons: readonly (string | null)[];
  };
}

export interface IncrementalComputation {
  metrics: CustomerMetricsColumns;
  /** Customers whose segment differs from the stored one (a customer new to the metrics counts from none). */
  changes: SegmentChangeInput[];
}

export function computeCustomerMetrics(input: IncrementalInput): IncrementalComputation {
  const n = input.customers.count;
  const { orders } = input;
  const asOfDay = createLocalDayNumber(input.timezone)(input.asOfMs);
  const day = toLocalDayNumbers(orders.processedAtMs, input.timezone);
  const columns: OrderColumns = { customerIndex: orders.customerIndex, day, amount: orders.netMinor };

  const rfmMetrics = computeRfmMetrics(columns, { asOfDay, customerCount: n });
  const t = input.model.thresholds;
  const scores = scoreRfm(rfmMetrics, {
    method: "fixed",
    recencyDays: [...t.recencyDays],
    frequency: [...t.frequency],
    monetary: [...t.monetary],
  });
  const segments = rfmSegmentCodes(scores);
  const ltv = historicLtv(columns, { asOfDay, customerCount: n });
  const firstAt = new Float64Array(n).fill(Number.NaN);
  const lastAt = new Float64Array(n).fill(Number.NaN);
  for (let i = 0; i < orders.count; i++) {
    const c = orders.customerIndex[i];
    const at = orders.processedAtMs[i];
    if (day[i] > asOfDay) continue;
    if (!(at >= firstAt[c])) firstAt[c] = at;
    if (!(at <= lastAt[c])) lastAt[c] = at;
  }

  const summary = summarizeTransactions(columns, { observationEnd: asOfDay, period: "day", customerCount: n });
  const p = predictCustomers(summary, input.model.clv, {
    months: 12,
    monthlyDiscountRate: input.model.monthlyDiscountRate,
  }).customers;
  const pAlive = new Float64Array(n).fill(Number.NaN);
  const e30 = new Float64Array(n).fill(Number.NaN);
  const e90 = new Float64Array(n).fill(Number.NaN);
  const e365 = new Float64Array(n).fill(Number.NaN);
  const expectedAov = new Float64Array(n).fill(Number.NaN);
  const clv = new Float64Array(n).fill(Number.NaN);
  for (let row = 0; row < p.size; row++) {
    const c = p.customerIndex[row];
    pAlive[c] = p.pAlive[row];
    e30[c] = p.expectedPurchases30[row];
    e90[c] = p.expectedPurchases90[row];
    e365[c] = p.expectedPurchases365[row];
    expectedAov[c] = p.expectedAov[row];
    clv[c] = p.predictedClv12m[row];
  }
  const loyal = evaluateLoyalRule(input.loyalRule, ltv.history, asOfDay);

  const segmentKeys: string[] = new Array(n);
  const futureLoyalScore = new Float64Array(n).fill(Number.NaN);
  const futureLoyalReasons: (string | null)[] = new Array(n).fill(null);
  const changes: SegmentChangeInput[] = [];
  for (let c = 0; c < n; c++) {
    segmentKeys[c] = segments[c] === NO_SEGMENT ? "none" : RFM_SEGMENT_KEYS[segments[c]];
    // A customer without purchases now (all orders cancelled) is no longer a candidate.
    if (ltv.history.orders[c] > 0) {
      futureLoyalScore[c] = input.kept.futureLoyalScore[c];
      futureLoyalReasons[c] = input.kept.futureLoyalReasons[c];
    }
    const move = segmentMove(input.kept.segment[c], segmentKeys[c]);
    if (move) {
      changes.push({
        customerId: input.customers.ids[c],
        fromSegment: move.from === "none" ? null : move.from,
        toSegment: segmentKeys[c],
      });
    }
  }
  return {
    metrics: {
      count: n,
      customerId: input.customers.ids,
      ordersCount: ltv.history.orders,
      netSpendMinor: ltv.history.netSpend,
      aovMinor: ltv.averageOrderValue,
      firstOrderAt: firstAt,
      lastOrderAt: lastAt,
      recencyDays: rfmMetrics.recencyDays,
      rScore: scores.recency,
      fScore: scores.frequency,
      mScore: scores.monetary,
      segment: segmentKeys,
      pAlive,
      expectedPurchases30: e30,
      expectedPurchases90: e90,
      expectedPurchases365: e365,
      expectedAovMinor: expectedAov,
      predictedClv12mMinor: clv,
      isLoyal: loyal,
      futureLoyalScore,
      futureLoyalReasons,
    },
    changes,
  };
}
