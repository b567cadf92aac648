/**
 * The model part of a recompute: the shop's customers and purchases in, every customer's metrics and the
 * shop summary out. Pure (no database, no clock): the service loads the columns and writes the results.
 *
 * Definitions
 * - A purchase is an order that is not a test order and not cancelled; its amount is the net total
 *   totalMinor − totalRefundedMinor, floored at 0. A fully refunded order still counts as a purchase (the
 *   customer came back) but adds nothing to spend.
 * - Days are the shop's calendar days; the as-of day is the shop-local day of `asOfMs`, and it counts.
 * - CLV: BG/NBD + Gamma-Gamma on daily periods, 12 months, 1 % monthly discount; when the data cannot
 *   support a fit, the historic-rate fallback of fitClv, and the summary says why.
 */
import { DAYS_PER_MONTH } from "../clv/predict";
import { predictCustomers, summarizeTransactions } from "../clv";
import { predictionIntervals } from "../clv/intervals";
import { fitClvWithSelection, type ModelCheckDetail, modelCheckDetail } from "../clv/select";
import { daysToSecondOrderByCustomer, monthlyCohorts, repeatPurchaseStats } from "../cohorts";
import {
  daysToSecondOrderBucket,
  evaluateLoyalRule,
  futureLoyalCandidates,
  type LoyalRule,
  type TraitValue,
  traitLifts,
  valueBand,
} from "../loyalty";
import { historicLtv } from "../ltv";
import type { OrderColumns } from "../orders";
import { analyzeRfm, movementMatrix, NO_SEGMENT, RFM_SEGMENT_KEYS, type RfmScoringConfig, segmentMove } from "../rfm";
import { createLocalDayNumber, isoDateFromDayNumber, monthIndexFromDayNumber, monthKey, toLocalDayNumbers } from "../time";
import type { AnalyticsCustomers, AnalyticsOrders, CustomerMetricsColumns, OrderBaskets, SegmentChangeInput } from "./columns";
import { frequentlyBoughtTogether } from "./frequently-bought";
import { ANALYTICS_SUMMARY_VERSION, type AnalyticsModel, type AnalyticsSummary } from "./summary";

const MONTHLY_DISCOUNT_RATE = 0.01;
/** Future-loyal candidates kept per shop (the best by score); the list screen pages through them. */
const MAX_CANDIDATES = 10_000;
const COHORTS_SHOWN = 24;
const TOP_TRAITS = 20;

export interface AnalyticsInput {
  asOfMs: number;
  timezone: string;
  currency: string;
  /** The shop's RFM scoring and loyalty settings (app/settings validates them). */
  settings: { rfm: RfmScoringConfig; loyalty: { rule: LoyalRule; candidateMinPAlive: number } };
  customers: AnalyticsCustomers;
  orders: AnalyticsOrders;
  baskets: OrderBaskets;
  /** The stored segment of each customer id before this recompute; null on the first recompute. */
  previous: {
    resultId: number;
    computedAt: string;
    segments: ReadonlyMap<number, string>;
    sizes: ReadonlyMap<string, number> | null;
  } | null;
}

export interface AnalyticsComputation {
  metrics: CustomerMetricsColumns;
  changes: SegmentChangeInput[];
  /** Product titles are filled in by the caller (product ids are strings in the summary, title ""). */
  summary: AnalyticsSummary;
  model: AnalyticsModel;
  /** Product ids whose titles the summary needs. */
  productIdsToTitle: string[];
  timings: Record<string, number>;
  /** The holdout comparison and model choice of this run, for the ModelCheck table (day numbers, shop-local). */
  modelCheck: { calibrationEndDay: number; holdoutEndDay: number; chosenModel: string; detail: ModelCheckDetail };
}

export function computeShopAnalytics(input: AnalyticsInput): AnalyticsComputation {
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round((now - mark) * 10) / 10;
    mark = now;
  };

  const n = input.customers.count;
  const localDay = createLocalDayNumber(input.timezone);
  const asOfDay = localDay(input.asOfMs);
  const { orders } = input;
  const day = toLocalDayNumbers(orders.processedAtMs, input.timezone);
  const columns: OrderColumns = { customerIndex: orders.customerIndex, day, amount: orders.netMinor };
  lap("days");

  // ---- RFM and historic LTV
  const rfm = analyzeRfm(columns, { asOfDay, customerCount: n, scoring: input.settings.rfm });
  const ltv = historicLtv(columns, { asOfDay, customerCount: n });
  const firstAt = new Float64Array(n).fill(Number.NaN);
  const lastAt = new Float64Array(n).fill(Number.NaN);
  for (let i = 0; i < orders.count; i++) {
    const c = orders.customerIndex[i];
    const at = orders.processedAtMs[i];
    if (!(at >= firstAt[c])) firstAt[c] = at;
    if (!(at <= lastAt[c])) lastAt[c] = at;
  }
  lap("rfm_ltv");

  // ---- CLV
  const clvSummary = summarizeTransactions(columns, { observationEnd: asOfDay, period: "day", customerCount: n });
  lap("clv_summary");
  const selected = fitClvWithSelection(columns, { asOfDay, period: "day", customerCount: n, summary: clvSummary });
  const fit = selected.fit;
  lap("clv_fit");
  const clvModel = fit.status === "fitted" ? fit.model : fit.fallback;
  const predictions = predictCustomers(clvSummary, clvModel, { months: 12, monthlyDiscountRate: MONTHLY_DISCOUNT_RATE });
  const p = predictions.customers;
  const pAlive = new Float64Array(n).fill(Number.NaN);
  const e30 = new Float64Array(n).fill(Number.NaN);
  const e90 = new Float64Array(n).fill(Number.NaN);
  const e365 = new Float64Array(n).fill(Number.NaN);
  const expectedAov = new Float64Array(n).fill(Number.NaN);
  const clv = new Float64Array(n).fill(Number.NaN);
  const firstDayValue = new Float64Array(n).fill(Number.NaN);
  for (let row = 0; row < p.size; row++) {
    const c = p.customerIndex[row];
    pAlive[c] = p.pAlive[row];
    e30[c] = p.expectedPurchases30[row];
    e90[c] = p.expectedPurchases90[row];
    e365[c] = p.expectedPurchases365[row];
    expectedAov[c] = p.expectedAov[row];
    clv[c] = p.predictedClv12m[row];
    firstDayValue[c] = clvSummary.firstPurchaseValue[row];
  }
  lap("clv_predict");
  const intervals = fit.status === "fitted" ? predictionIntervals(clvSummary, fit.frequency, predictions) : null;
  const pAliveLow = new Float64Array(n).fill(Number.NaN);
  const pAliveHigh = new Float64Array(n).fill(Number.NaN);
  const e365Low = new Float64Array(n).fill(Number.NaN);
  const e365High = new Float64Array(n).fill(Number.NaN);
  const clvLow = new Float64Array(n).fill(Number.NaN);
  const clvHigh = new Float64Array(n).fill(Number.NaN);
  const nextOrderAt = new Float64Array(n).fill(Number.NaN);
  if (intervals) {
    for (let row = 0; row < p.size; row++) {
      const c = p.customerIndex[row];
      pAliveLow[c] = intervals.pAliveLow[row];
      pAliveHigh[c] = intervals.pAliveHigh[row];
      e365Low[c] = intervals.expectedPurchases365Low[row];
      e365High[c] = intervals.expectedPurchases365High[row];
      clvLow[c] = intervals.predictedClv12mLow[row];
      clvHigh[c] = intervals.predictedClv12mHigh[row];
      const days = intervals.daysToNextOrder[row];
      // Within a year, counted from the as-of moment; further out is "not expected".
      if (days <= 365) nextOrderAt[c] = input.asOfMs + Math.round(days * 86_400_000);
    }
  }
  const modelCheck = {
    calibrationEndDay: selected.check?.calibrationEndDay ?? asOfDay - 91,
    holdoutEndDay: selected.check?.holdoutEndDay ?? asOfDay,
    chosenModel: selected.fit.status === "fitted" ? selected.fit.frequency.model.kind : selected.chosen,
    detail: modelCheckDetail(selected, {
      expectedPurchases: predictions.forecast.expectedPurchases,
      expectedPurchasesLow: intervals?.shop.expectedPurchases.low ?? null,
      expectedPurchasesHigh: intervals?.shop.expectedPurchases.high ?? null,
      expectedRevenue: predictions.forecast.expectedRevenue,
      expectedRevenueLow: intervals ? Math.round(intervals.shop.expectedRevenue.low) : null,
      expectedRevenueHigh: intervals ? Math.round(intervals.shop.expectedRevenue.high) : null,
    }),
  };
  lap("clv_intervals");

  // ---- cohorts and repeat behaviour
  const cohorts = monthlyCohorts(columns, { asOfDay, customerCount: n });
  const repeat = repeatPurchaseStats(columns, { asOfDay, customerCount: n });
  const daysToSecond = daysToSecondOrderByCustomer(columns, { asOfDay, customerCount: n });
  lap("cohorts");

  // ---- associations (also gives each customer's first-order products)
  const associations = frequentlyBoughtTogether(input.baskets);
  const firstProducts = firstOrderProducts(input, associations.productKeys, associations.basketItems);
  lap("associations");

  // ---- loyalty, over buyers only (customers without a purchase are neither loyal nor candidates)
  const loyalAll = evaluateLoyalRule(input.settings.loyalty.rule, ltv.history, asOfDay);
  const buyers: number[] = [];
  for (let c = 0; c < n; c++) if (ltv.history.orders[c] > 0) buyers.push(c);
  const b = buyers.length;
  const loyal = new Uint8Array(b);
  const buyerPAlive = new Float64Array(b);
  const buyerClv = new Float64Array(b);
  const traits: Record<string, TraitValue[]> = {
    first_product: new Array(b),
    first_order_discount: new Array(b),
    days_to_second_order: new Array(b),
    first_order_channel: new Array(b),
    region: new Array(b),
    marketing_consent: new Array(b),
    first_order_value_band: new Array(b),
  };
  const { firstOrder } = orders;
  for (let j = 0; j < b; j++) {
    const c = buyers[j];
    loyal[j] = loyalAll[c];
    buyerPAlive[j] = pAlive[c];
    buyerClv[j] = clv[c];
    traits.first_product[j] = firstProducts[c];
    const codes = firstOrder.discountCodes[c];
    traits.first_order_discount[j] = codes ? codes.split(",")[0].trim().toUpperCase() || "none" : "none";
    traits.days_to_second_order[j] = daysToSecondOrderBucket(Number.isNaN(daysToSecond[c]) ? null : daysToSecond[c]);
    traits.first_order_channel[j] = firstOrder.sourceName[c];
    traits.region[j] = firstOrder.shippingProvinceCode[c] ?? input.customers.provinceCode[c];
    traits.marketing_consent[j] = input.customers.emailMarketing[c];
    traits.first_order_value_band[j] = valueBand(firstDayValue[c]);
  }
  const lifts = traitLifts(traits, loyal);
  const candidates = futureLoyalCandidates(
    { loyal, pAlive: buyerPAlive, predictedClv: buyerClv, traits, lifts },
    { minPAlive: input.settings.loyalty.candidateMinPAlive, limit: MAX_CANDIDATES },
  );
  const futureLoyalScore = new Float64Array(n).fill(Number.NaN);
  const futureLoyalReasons: (string | null)[] = new Array(n).fill(null);
  for (const candidate of candidates) {
    const c = buyers[candidate.customerIndex];
    futureLoyalScore[c] = candidate.score;
    futureLoyalReasons[c] = JSON.stringify(candidate.reasons);
  }
  lap("loyalty");

  // ---- per-customer metrics and segment changes
  const segmentKeys: string[] = new Array(n);
  for (let c = 0; c < n; c++) segmentKeys[c] = rfm.segments[c] === NO_SEGMENT ? "none" : RFM_SEGMENT_KEYS[rfm.segments[c]];
  const metrics: CustomerMetricsColumns = {
    count: n,
    customerId: input.customers.ids,
    ordersCount: ltv.history.orders,
    netSpendMinor: ltv.history.netSpend,
    aovMinor: ltv.averageOrderValue,
    firstOrderAt: firstAt,
    lastOrderAt: lastAt,
    recencyDays: rfm.metrics.recencyDays,
    rScore: rfm.scores.recency,
    fScore: rfm.scores.frequency,
    mScore: rfm.scores.monetary,
    segment: segmentKeys,
    pAlive,
    expectedPurchases30: e30,
    expectedPurchases90: e90,
    expectedPurchases365: e365,
    expectedAovMinor: expectedAov,
    predictedClv12mMinor: clv,
    isLoyal: loyalAll,
    futureLoyalScore,
    futureLoyalReasons,
    pAliveLow,
    pAliveHigh,
    expectedPurchases365Low: e365Low,
    expectedPurchases365High: e365High,
    predictedClv12mLowMinor: clvLow,
    predictedClv12mHighMinor: clvHigh,
    expectedNextOrderAt: nextOrderAt,
  };
  const changes: SegmentChangeInput[] = [];
  let movement: AnalyticsSummary["segments"]["movement"] = null;
  if (input.previous) {
    for (let c = 0; c < n; c++) {
      const move = segmentMove(input.previous.segments.get(input.customers.ids[c]), segmentKeys[c]);
      if (move)
        changes.push({
          customerId: input.customers.ids[c],
          fromSegment: move.from === "none" ? null : move.from,
          toSegment: segmentKeys[c],
        });
    }
    const matrix = movementMatrix(changes.map((change) => ({ from: change.fromSegment, to: change.toSegment })));
    movement = {
      previousResultId: input.previous.resultId,
      previousComputedAt: input.previous.computedAt,
      keys: [...matrix.keys],
      counts: matrix.counts,
      changed: matrix.changed,
    };
  }
  lap("segments");

  // ---- the summary
  const buyerCount = ltv.shop.customers;
  let clvSum = 0;
  let expectedActive = 0;
  let likelyChurned = 0;
  for (const c of buyers) {
    if (Number.isFinite(clv[c])) clvSum += clv[c];
    if (Number.isFinite(pAlive[c])) {
      expectedActive += pAlive[c];
      if (pAlive[c] < 0.5) likelyChurned++;
    }
  }
  const segmentSize = new Float64Array(RFM_SEGMENT_KEYS.length);
  const segmentRevenue = new Float64Array(RFM_SEGMENT_KEYS.length);
  const segmentClv = new Float64Array(RFM_SEGMENT_KEYS.length);
  const gridCustomers = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
  const gridRevenue = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
  for (const c of buyers) {
    const code = rfm.segments[c];
    if (code !== NO_SEGMENT) {
      segmentSize[code]++;
      segmentRevenue[code] += ltv.history.netSpend[c];
      if (Number.isFinite(clv[c])) segmentClv[code] += clv[c];
    }
    const r = rfm.scores.recency[c];
    const f = rfm.scores.frequency[c];
    if (r > 0 && f > 0) {
      gridCustomers[r - 1][f - 1]++;
      gridRevenue[r - 1][f - 1] += ltv.history.netSpend[c];
    }
  }
  const edges = ltvEdges(ltv.shop.averageOrderValue);
  const historicHistogram = new Array<number>(edges.length).fill(0);
  const predictedHistogram = new Array<number>(edges.length).fill(0);
  for (const c of buyers) {
    historicHistogram[bucketOf(edges, ltv.history.netSpend[c])]++;
    if (Number.isFinite(clv[c])) predictedHistogram[bucketOf(edges, clv[c])]++;
  }
  const shownCohorts = cohorts.slice(-COHORTS_SHOWN);
  const thresholds = rfm.scores.thresholds;
  const finiteOrNull = (values: readonly number[]) => values.map((v) => (Number.isFinite(v) ? v : null));
  const repeatCustomers = fit.status === "fitted" ? fit.gammaGamma.customers : countRepeat(clvSummary.frequency);

  const topTraits = lifts.slice(0, TOP_TRAITS).map((lift) => ({
    ...lift,
    label: null as string | null,
  }));
  const productIdsToTitle = new Set<string>(associations.productIdsToTitle);
  for (const lift of topTraits) if (lift.trait === "first_product") productIdsToTitle.add(lift.value);

  const summary: AnalyticsSummary = {
    version: ANALYTICS_SUMMARY_VERSION,
    asOf: new Date(input.asOfMs).toISOString(),
    asOfDate: isoDateFromDayNumber(asOfDay),
    currency: input.currency,
    timezone: input.timezone,
    definitions: {
      purchases:
        "Orders that are not test orders and not cancelled; amounts are net of refunds (total − refunded, at least 0), in the shop currency.",
      churnRisk: "Churn risk = 1 − P(alive), the model's probability that the customer has stopped buying.",
    },
    kpis: {
      customers: n,
      buyers: buyerCount,
      orders: ltv.shop.orders,
      netRevenueMinor: Math.round(ltv.shop.netRevenue),
      repeatPurchaseRate: repeat.repeatPurchaseRate,
      averageHistoricLtvMinor: ltv.shop.averageLtv,
      medianHistoricLtvMinor: Math.round(ltv.shop.medianLtv),
      averagePredictedClv12mMinor: buyerCount > 0 ? Math.round(clvSum / buyerCount) : 0,
      averageOrderValueMinor: ltv.shop.averageOrderValue,
      ordersPerCustomer: ltv.shop.ordersPerCustomer,
      f2Conversion: repeat.f2Conversion,
      medianDaysToSecondOrder: repeat.medianDaysToSecondOrder,
      top10PercentRevenueShare: ltv.shop.top10PercentRevenueShare,
      expectedActiveCustomers: expectedActive,
      likelyChurnedCustomers: likelyChurned,
    },
    forecast: {
      months: predictions.forecast.months.map((m) => ({
        monthOffset: m.monthOffset,
        month: monthKey(monthIndexFromDayNumber(asOfDay + Math.floor((m.monthOffset - 0.5) * DAYS_PER_MONTH))),
        expectedPurchases: m.expectedPurchases,
        expectedRevenueMinor: m.expectedRevenue,
      })),
      expectedPurchases: predictions.forecast.expectedPurchases,
      expectedRevenueMinor: predictions.forecast.expectedRevenue,
    },
    segments: {
      sizes: RFM_SEGMENT_KEYS.map((segment, code) => {
        const previousSize = input.previous?.sizes?.get(segment);
        return {
          segment,
          customers: segmentSize[code],
          netRevenueMinor: Math.round(segmentRevenue[code]),
          predictedClv12mMinor: Math.round(segmentClv[code]),
          share: buyerCount > 0 ? segmentSize[code] / buyerCount : 0,
          change: previousSize === undefined ? null : segmentSize[code] - previousSize,
        };
      }),
      customersWithoutOrders: n - buyerCount,
      movement,
    },
    rfmGrid: {
      customers: gridCustomers,
      netRevenueMinor: gridRevenue.map((row) => row.map(Math.round)),
      method: input.settings.rfm.method,
      rules: rfm.scores.rules,
      thresholds: {
        recencyDays: finiteOrNull(thresholds.recencyDays),
        frequency: finiteOrNull(thresholds.frequency),
        monetaryMinor: finiteOrNull(thresholds.monetary),
      },
    },
    ltvDistribution: { edgesMinor: edges, historic: historicHistogram, predicted12m: predictedHistogram },
    cohorts: {
      cohorts: shownCohorts.map((cohort) => ({
        month: cohort.month,
        customers: cohort.customers,
        retention: cohort.retention,
        returningCustomers: cohort.returningCustomers,
        revenueMinor: cohort.revenue.map(Math.round),
        inProgressMonth: cohort.inProgressMonth,
      })),
      omittedCohorts: cohorts.length - shownCohorts.length,
      daysToSecondOrder: repeat.daysToSecondOrder,
    },
    loyalty: {
      rule: input.settings.loyalty.rule,
      loyalCustomers: countOnes(loyal),
      loyalShare: b > 0 ? countOnes(loyal) / b : 0,
      topTraits,
      candidates: candidates.length,
      candidateMinPAlive: input.settings.loyalty.candidateMinPAlive,
    },
    associations: associations.summary,
    model:
      fit.status === "fitted"
        ? { status: "fitted", kind: "bgnbd_gamma_gamma", customers: clvSummary.size, repeatCustomers }
        : { status: "insufficient_data", kind: "historic_rate", reason: fit.reason, customers: clvSummary.size, repeatCustomers },
  };

  const model: AnalyticsModel = {
    status: fit.status,
    period: "day",
    monthlyDiscountRate: MONTHLY_DISCOUNT_RATE,
    reason: fit.status === "fitted" ? null : fit.reason,
    bgnbd: fit.bgnbd ?? null,
    gammaGamma: fit.gammaGamma ?? null,
    fallback: fit.status === "fitted" ? null : { ...fit.fallback, period: "day" },
  };
  lap("summary");
  return { metrics, changes, summary, model, productIdsToTitle: [...productIdsToTitle], timings, modelCheck };
}

/** Each customer's first-order product ids (strings), or null when the first order has no products on record. */
function firstOrderProducts(
  input: AnalyticsInput,
  productKeys: readonly string[],
  basketItems: { offsets: Int32Array; items: Int32Array },
): (readonly string[] | null)[] {
  const n = input.customers.count;
  const { firstOrder } = input.orders;
  const customerByOrder = new Map<number, number>();
  for (let c = 0; c < n; c++) if (!Number.isNaN(firstOrder.id[c])) customerByOrder.set(firstOrder.id[c], c);
  const products: (readonly string[] | null)[] = new Array(n).fill(null);
  const { orderIds } = input.baskets;
  for (let o = 0; o < orderIds.length; o++) {
    const c = customerByOrder.get(orderIds[o]);
    if (c === undefined) continue;
    const list: string[] = [];
    for (let k = basketItems.offsets[o]; k < basketItems.offsets[o + 1]; k++) list.push(productKeys[basketItems.items[k]]);
    products[c] = list;
  }
  return products;
}

/** LTV band edges: 0, then a 1-2-5 series of round amounts starting around half the average order value. */
export function ltvEdges(averageOrderValueMinor: number, bands = 12): number[] {
  const target = Math.max(1, averageOrderValueMinor / 2);
  const steps = [1, 2, 5];
  let magnitude = 10 ** Math.floor(Math.log10(target));
  let step = 0;
  while (steps[(step + 1) % 3] * magnitude * (step === 2 ? 10 : 1) <= target) {
    step++;
    if (step === 3) {
      step = 0;
      magnitude *= 10;
    }
  }
  const edges = [0];
  while (edges.length < bands) {
    edges.push(steps[step] * magnitude);
    step++;
    if (step === 3) {
      step = 0;
      magnitude *= 10;
    }
  }
  return edges;
}

function bucketOf(edges: readonly number[], value: number): number {
  let bucket = edges.length - 1;
  while (bucket > 0 && value < edges[bucket]) bucket--;
  return bucket;
}

function countOnes(values: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) count += values[i];
  return count;
}

function countRepeat(frequency: Float64Array): number {
  let count = 0;
  for (let i = 0; i < frequency.length; i++) if (frequency[i] > 0) count++;
  return count;
}
