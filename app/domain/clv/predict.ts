/**
 * Per-customer predictions for a whole shop in one pass, plus the shop's revenue forecast from its
 * existing customers. The expensive part of the BG/NBD expectation (a hypergeometric series) depends
 * on (x, T) only, not on t_x, so it is computed once per distinct (x, T) and reused.
 */
import { expectedPurchasesIfAlive, probabilityAlive, type BgNbdParams } from "./bgnbd";
import { conditionalExpectedOrderValue, type GammaGammaParams } from "./gamma-gamma";
import { type FrequencyModel, modelExpectedIfAlive, modelPAlive } from "./models";
import { PERIOD_DAYS, type Period, type RfmSummary } from "./summary";

/** Average Gregorian month: 365.25 / 12 days (lifetimes rounds this to 30 days or 4.345 weeks). */
export const DAYS_PER_MONTH = 365.25 / 12;

export interface FittedClvModel {
  kind: "bgnbd_gamma_gamma";
  period: Period;
  bgnbd: BgNbdParams;
  /** v in minor units. */
  gammaGamma: GammaGammaParams;
}

/**
 * The small-shop fallback, stated plainly: each customer buys at their own historic repeat rate,
 * shrunk towards the shop's rate with `priorPeriods` of pseudo-observation; the chance they are still
 * a customer decays by `monthlyRetention` for every month since their last purchase and keeps decaying
 * over the forecast; order value is their mean purchase, shrunk towards the shop's with one order.
 */
export interface HistoricRateModel {
  kind: "historic_rate";
  period: Period;
  /** Shop-wide repeat purchases per customer per period. */
  shopRepeatRate: number;
  priorPeriods: number;
  monthlyRetention: number;
  /** Shop mean value of a purchase day, minor units. */
  shopAverageOrderValue: number;
}

/** MBG/NBD, Pareto/NBD or NBD (the one a shop's own holdout chose) with Gamma-Gamma. */
export interface FittedFrequencyClvModel {
  kind: "frequency_gamma_gamma";
  period: Period;
  frequency: FrequencyModel;
  /** v in minor units. */
  gammaGamma: GammaGammaParams;
}

export type ClvModel = FittedClvModel | FittedFrequencyClvModel | HistoricRateModel;

export interface PredictionOptions {
  /** Months of the CLV horizon and of the shop forecast, default 12. */
  months?: number;
  /** Default 0.01 per month, as in lifetimes. */
  monthlyDiscountRate?: number;
}

export interface CustomerPredictions {
  size: number;
  /** Summary row → customer index of the order log. */
  customerIndex: Int32Array;
  /** Probability the customer is still active; NaN when the model cannot say (fallback has a proxy). */
  pAlive: Float64Array;
  expectedPurchases30: Float64Array;
  expectedPurchases90: Float64Array;
  expectedPurchases365: Float64Array;
  /** Expected value of a future purchase day, minor units. */
  expectedAov: Float64Array;
  /** Discounted value of the next `months` months, minor units. */
  predictedClv12m: Float64Array;
}

export interface ShopForecastMonth {
  /** 1 = the month after the observation end. */
  monthOffset: number;
  expectedPurchases: number;
  /** Undiscounted, rounded to minor units. */
  expectedRevenue: number;
}

export interface ShopForecast {
  months: ShopForecastMonth[];
  expectedPurchases: number;
  expectedRevenue: number;
}

export interface Predictions {
  customers: CustomerPredictions;
  forecast: ShopForecast;
}

const HORIZON_DAYS = [30, 90, 365] as const;

export function predictCustomers(summary: RfmSummary, model: ClvModel, options: PredictionOptions = {}): Predictions {
  const months = options.months ?? 12;
  const discount = options.monthlyDiscountRate ?? 0.01;
  const periodDays = PERIOD_DAYS[model.period];
  if (summary.period !== model.period) {
    throw new RangeError(`the summary is in ${summary.period}s but the model in ${model.period}s`);
  }
  // Horizons in model periods: the three fixed ones, then each month end.
  const horizons = [
    ...HORIZON_DAYS.map((d) => d / periodDays),
    ...Array.from({ length: months }, (_, m) => ((m + 1) * DAYS_PER_MONTH) / periodDays),
  ];
  const n = summary.size;
  const { frequency, recency, T, monetaryValue, firstPurchaseValue } = summary;

  const pAlive = new Float64Array(n);
  const e30 = new Float64Array(n);
  const e90 = new Float64Array(n);
  const e365 = new Float64Array(n);
  const expectedAov = new Float64Array(n);
  const clv = new Float64Array(n);
  const monthPurchases = new Float64Array(months);
  const monthRevenue = new Float64Array(months);
  const monthDiscount = Float64Array.from({ length: months }, (_, m) => 1 / (1 + discount) ** (m + 1));

  const curveFor =
    model.kind === "bgnbd_gamma_gamma"
      ? bgNbdCurves(model.bgnbd, horizons)
      : model.kind === "frequency_gamma_gamma"
        ? frequencyCurves(model.frequency, horizons)
        : fallbackCurves(model, horizons);

  for (let i = 0; i < n; i++) {
    const x = frequency[i];
    const alive =
      model.kind === "bgnbd_gamma_gamma"
        ? probabilityAlive(model.bgnbd, x, recency[i], T[i])
        : model.kind === "frequency_gamma_gamma"
          ? modelPAlive(model.frequency, x, recency[i], T[i])
          : model.monthlyRetention ** (((T[i] - recency[i]) * periodDays) / DAYS_PER_MONTH);
    const curve = curveFor(x, T[i]);
    const offset = curve.offset;
    const values = curve.values;
    const aov =
      model.kind !== "historic_rate"
        ? Math.max(0, conditionalExpectedOrderValue(model.gammaGamma, x, monetaryValue[i]))
        : Math.max(0, (firstPurchaseValue[i] + x * monetaryValue[i] + model.shopAverageOrderValue) / (x + 2));
    pAlive[i] = alive;
    e30[i] = alive * values[offset];
    e90[i] = alive * values[offset + 1];
    e365[i] = alive * values[offset + 2];
    expectedAov[i] = aov;
    let previous = 0;
    let value = 0;
    for (let m = 0; m < months; m++) {
      const cumulative = alive * values[offset + 3 + m];
      const purchases = cumulative - previous;
      previous = cumulative;
      value += purchases * aov * monthDiscount[m];
      monthPurchases[m] += purchases;
      monthRevenue[m] += purchases * aov;
    }
    clv[i] = value;
  }

  const forecastMonths: ShopForecastMonth[] = [];
  let totalPurchases = 0;
  let totalRevenue = 0;
  for (let m = 0; m < months; m++) {
    const revenue = Math.round(monthRevenue[m]);
    forecastMonths.push({ monthOffset: m + 1, expectedPurchases: monthPurchases[m], expectedRevenue: revenue });
    totalPurchases += monthPurchases[m];
    totalRevenue += revenue;
  }
  return {
    customers: {
      size: n,
      customerIndex: summary.customerIndex,
      pAlive,
      expectedPurchases30: e30,
      expectedPurchases90: e90,
      expectedPurchases365: e365,
      expectedAov,
      predictedClv12m: clv,
    },
    forecast: { months: forecastMonths, expectedPurchases: totalPurchases, expectedRevenue: totalRevenue },
  };
}

interface Curve {
  values: Float64Array;
  offset: number;
}

/**
 * Memoises "expected purchases at each horizon if alive" by (x, T). Results are appended to one growing
 * Float64Array pool so a lookup returns an offset, not a fresh array per customer.
 */
function memoiseCurves(horizonCount: number, compute: (x: number, T: number, out: Float64Array, offset: number) => void) {
  const byX = new Map<number, Map<number, number>>();
  let pool = new Float64Array(horizonCount * 1024);
  let used = 0;
  const curve: Curve = { values: pool, offset: 0 };
  return (x: number, T: number): Curve => {
    let byT = byX.get(x);
    if (byT === undefined) {
      byT = new Map();
      byX.set(x, byT);
    }
    let offset = byT.get(T);
    if (offset === undefined) {
      if (used + horizonCount > pool.length) {
        const grown = new Float64Array(pool.length * 2);
        grown.set(pool);
        pool = grown;
      }
      offset = used;
      compute(x, T, pool, offset);
      used += horizonCount;
      byT.set(T, offset);
    }
    curve.values = pool;
    curve.offset = offset;
    return curve;
  };
}

function bgNbdCurves(params: BgNbdParams, horizons: number[]) {
  return memoiseCurves(horizons.length, (x, T, out, offset) => {
    for (let h = 0; h < horizons.length; h++) out[offset + h] = expectedPurchasesIfAlive(params, horizons[h], x, T);
  });
}

function frequencyCurves(model: FrequencyModel, horizons: number[]) {
  return memoiseCurves(horizons.length, (x, T, out, offset) => {
    for (let h = 0; h < horizons.length; h++) out[offset + h] = modelExpectedIfAlive(model, horizons[h], x, T);
  });
}

function fallbackCurves(model: HistoricRateModel, horizons: number[]) {
  const periodsPerMonth = DAYS_PER_MONTH / PERIOD_DAYS[model.period];
  // Retention decays continuously: ∫0^t ρ^(s / periodsPerMonth) ds.
  const decay = -Math.log(model.monthlyRetention) / periodsPerMonth;
  return memoiseCurves(horizons.length, (x, T, out, offset) => {
    const rate = (x + model.shopRepeatRate * model.priorPeriods) / (T + model.priorPeriods);
    for (let h = 0; h < horizons.length; h++) {
      const t = horizons[h];
      out[offset + h] = rate * (decay > 0 ? (1 - Math.exp(-decay * t)) / decay : t);
    }
  });
}
