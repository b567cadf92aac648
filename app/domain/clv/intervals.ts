/**
 * 80% intervals for P(alive), expected purchases and predicted CLV, per customer and for the shop, from
 * the uncertainty of the fitted parameters: the inverse Hessian of the negative log-likelihood at the
 * optimum (on log-parameters) gives a normal approximation; parameter sets are drawn from it and every
 * quantity is evaluated per (x, t_x, T) group — not per customer — under each draw. The interval is the
 * 10th to 90th percentile over the draws.
 *
 * What the interval covers: the model quantity under the true parameters (the uncertainty of the fit),
 * not the customer's actual future purchases (which are Poisson-noisy on top). The order-value part of
 * CLV is taken at its point estimate, so the CLV interval is the purchase interval times the customer's
 * expected discounted value per purchase.
 */
import { groupSummaryRows } from "./groups";
import {
  cholesky,
  type FrequencyFit,
  type FrequencyModel,
  modelExpectedIfAlive,
  modelPAlive,
  periodsToNextOrder,
} from "./models";
import type { CustomerPredictions, ShopForecast } from "./predict";
import { PERIOD_DAYS, type RfmSummary } from "./summary";

export interface IntervalOptions {
  /** Parameter draws (default 100). */
  draws?: number;
  /** Central coverage (default 0.8). */
  level?: number;
  seed?: number;
}

export interface Interval {
  low: number;
  high: number;
}

export interface PredictionIntervals {
  level: number;
  draws: number;
  /** Per summary row (parallel to the summary and the point predictions). */
  pAliveLow: Float64Array;
  pAliveHigh: Float64Array;
  expectedPurchases365Low: Float64Array;
  expectedPurchases365High: Float64Array;
  predictedClv12mLow: Float64Array;
  predictedClv12mHigh: Float64Array;
  /** Days from the observation end to the expected next order; Infinity when none is expected. */
  daysToNextOrder: Float64Array;
  /** The shop forecast's totals (next 12 months). */
  shop: { expectedPurchases: Interval; expectedRevenue: Interval };
  groups: number;
}

/** Standard normal draws (Box–Muller on a small deterministic generator). */
function normalSampler(seed: number) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Parameter sets drawn from the normal approximation on log scale; the point estimate when no covariance. */
export function drawParameters(fit: FrequencyFit, draws: number, seed = 1): FrequencyModel[] {
  const k = fit.model.params.length;
  const L = fit.logCovariance ? cholesky(fit.logCovariance, k) : null;
  if (!L) return [fit.model];
  const normal = normalSampler(seed);
  const out: FrequencyModel[] = [];
  const z = new Array<number>(k);
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < k; i++) z[i] = normal();
    const params = fit.model.params.map((value, i) => {
      let shift = 0;
      for (let j = 0; j <= i; j++) shift += L[i * k + j] * z[j];
      return value * Math.exp(shift);
    });
    out.push({ kind: fit.model.kind, params });
  }
  return out;
}

function quantile(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
}

/**
 * Intervals for every customer of `summary` and the shop; `point` are predictCustomers' results for the
 * same summary and model (their CLV and order values are reused).
 */
export function predictionIntervals(
  summary: RfmSummary,
  fit: FrequencyFit,
  point: { customers: CustomerPredictions; forecast: ShopForecast },
  options: IntervalOptions = {},
): PredictionIntervals {
  const level = options.level ?? 0.8;
  const models = drawParameters(fit, options.draws ?? 100, options.seed ?? 1);
  const D = models.length;
  const periodDays = PERIOD_DAYS[summary.period];
  const horizon = 365 / periodDays;
  const groups = groupSummaryRows(summary.frequency, summary.recency, summary.T);
  const G = groups.size;
  const customers = point.customers;

  // Expected order value summed per group: the shop revenue under each draw is Σ_g aov_g · E_g,d.
  const aovSum = new Float64Array(G);
  for (let i = 0; i < summary.size; i++) aovSum[groups.groupOf[i]] += customers.expectedAov[i];

  const ifAliveByXT = new Map<string, Float64Array>();
  const pLow = new Float64Array(G);
  const pHigh = new Float64Array(G);
  const eLow = new Float64Array(G);
  const eHigh = new Float64Array(G);
  const nextOrder = new Float64Array(G);
  const shopPurchases = new Float64Array(D);
  const shopRevenue = new Float64Array(D);
  const pDraws = new Float64Array(D);
  const eDraws = new Float64Array(D);
  const qLow = (1 - level) / 2;
  const qHigh = 1 - qLow;
  let pointPurchases = 0;
  let pointRevenue = 0;
  for (let g = 0; g < G; g++) {
    const x = groups.x[g];
    const tx = groups.tx[g];
    const T = groups.T[g];
    const key = `${x},${T}`;
    let ifAlive = ifAliveByXT.get(key);
    if (ifAlive === undefined) {
      ifAlive = new Float64Array(D);
      for (let d = 0; d < D; d++) ifAlive[d] = modelExpectedIfAlive(models[d], horizon, x, T);
      ifAliveByXT.set(key, ifAlive);
    }
    for (let d = 0; d < D; d++) {
      const p = modelPAlive(models[d], x, tx, T);
      const e = p * ifAlive[d];
      pDraws[d] = p;
      eDraws[d] = e;
      shopPurchases[d] += groups.count[g] * e;
      shopRevenue[d] += aovSum[g] * e;
    }
    const pointP = modelPAlive(fit.model, x, tx, T);
    const pointE = pointP * modelExpectedIfAlive(fit.model, horizon, x, T);
    pointPurchases += groups.count[g] * pointE;
    pointRevenue += aovSum[g] * pointE;
    pDraws.sort();
    eDraws.sort();
    // The interval always contains the point estimate (few draws, or a parameter near a boundary).
    pLow[g] = Math.min(quantile(pDraws, qLow), pointP);
    pHigh[g] = Math.max(quantile(pDraws, qHigh), pointP);
    eLow[g] = Math.min(quantile(eDraws, qLow), pointE);
    eHigh[g] = Math.max(quantile(eDraws, qHigh), pointE);
    nextOrder[g] = periodsToNextOrder(fit.model, pointP, x, T) * periodDays;
  }

  const n = summary.size;
  const out: PredictionIntervals = {
    level,
    draws: D,
    pAliveLow: new Float64Array(n),
    pAliveHigh: new Float64Array(n),
    expectedPurchases365Low: new Float64Array(n),
    expectedPurchases365High: new Float64Array(n),
    predictedClv12mLow: new Float64Array(n),
    predictedClv12mHigh: new Float64Array(n),
    daysToNextOrder: new Float64Array(n),
    shop: { expectedPurchases: { low: 0, high: 0 }, expectedRevenue: { low: 0, high: 0 } },
    groups: G,
  };
  for (let i = 0; i < n; i++) {
    const g = groups.groupOf[i];
    out.pAliveLow[i] = pLow[g];
    out.pAliveHigh[i] = pHigh[g];
    out.expectedPurchases365Low[i] = eLow[g];
    out.expectedPurchases365High[i] = eHigh[g];
    out.daysToNextOrder[i] = nextOrder[g];
    // CLV scales with expected purchases at the customer's discounted value per purchase.
    const e = customers.expectedPurchases365[i];
    const perPurchase = e > 0 ? customers.predictedClv12m[i] / e : 0;
    out.predictedClv12mLow[i] = Math.min(perPurchase * eLow[g], customers.predictedClv12m[i]);
    out.predictedClv12mHigh[i] = Math.max(perPurchase * eHigh[g], customers.predictedClv12m[i]);
  }
  shopPurchases.sort();
  shopRevenue.sort();
  const scaled = (total: number, values: Float64Array, reference: number): Interval =>
    reference > 0
      ? {
          low: Math.min(total, (total * quantile(values, qLow)) / reference),
          high: Math.max(total, (total * quantile(values, qHigh)) / reference),
        }
      : { low: total, high: total };
  out.shop.expectedPurchases = scaled(point.forecast.expectedPurchases, shopPurchases, pointPurchases);
  out.shop.expectedRevenue = scaled(point.forecast.expectedRevenue, shopRevenue, pointRevenue);
  return out;
}
