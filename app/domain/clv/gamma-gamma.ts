/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; lifetimes' GammaGammaFitter):
 * a customer's transaction values are Gamma(p, ν) with ν ~ Gamma(q, v) across customers. Fitted on
 * repeat customers only (frequency > 0), on their mean repeat-purchase value.
 */
import { conditionalExpectedPurchases, type BgNbdParams } from "./bgnbd";
import { minimize } from "./optimiser";
import { digamma, logGamma } from "./special";

export interface GammaGammaParams {
  p: number;
  q: number;
  /** In the money unit of the monetary values it was fitted on (minor units in Kizuna). */
  v: number;
}

export interface GammaGammaFit {
  params: GammaGammaParams;
  logLikelihood: number;
  converged: boolean;
  iterations: number;
  /** Repeat customers with a positive mean spend: the rows the model was fitted on. */
  customers: number;
}

export interface GammaGammaFitOptions {
  penalizer?: number;
  maxIterations?: number;
}

/** Fits p, q, v on the rows with frequency > 0 and a positive monetary value. */
export function fitGammaGamma(
  summary: { frequency: ArrayLike<number>; monetaryValue: ArrayLike<number> },
  options: GammaGammaFitOptions = {},
): GammaGammaFit {
  let spend = 0;
  let rows = 0;
  for (let i = 0; i < summary.frequency.length; i++) {
    if (summary.frequency[i] > 0 && summary.monetaryValue[i] > 0) {
      spend += summary.monetaryValue[i];
      rows++;
    }
  }
  if (rows === 0) throw new RangeError("cannot fit Gamma-Gamma without repeat customers");
  // Work in units of the mean spend so v starts near 1 whatever the currency's minor unit.
  const scale = spend / rows;
  const scaled = GammaGammaLikelihood.fromSummary(summary.frequency, summary.monetaryValue, 1 / scale);
  const penalizer = options.penalizer ?? 0;
  const n = scaled.size;

  const valueAndGradient = (params: Float64Array, gradient: Float64Array) => {
    const ll = scaled.evaluate(params[0], params[1], params[2], gradient);
    let penalty = 0;
    for (let i = 0; i < 3; i++) {
      gradient[i] = -gradient[i] / n + 2 * penalizer * params[i];
      penalty += params[i] * params[i];
    }
    return -ll / n + penalizer * penalty;
  };
  const scratch = new Float64Array(3);
  const objective = (params: Float64Array) => valueAndGradient(params, scratch);
  const common = { lower: [0, 0, 0], maxIterations: options.maxIterations ?? 500 };
  let result = minimize(objective, [1, 1, 1], { ...common, valueAndGradient, tolerance: 1e-9 });
  if (!result.converged) {
    const polished = minimize(objective, result.x, { ...common, method: "nelder-mead", maxIterations: 4000 });
    if (polished.value <= result.value) result = { ...polished, iterations: result.iterations + polished.iterations };
  }
  const params = { p: result.x[0], q: result.x[1], v: result.x[2] * scale };
  return {
    params,
    // Each row's density in m picks up 1/scale when spend is measured in units of `scale`.
    logLikelihood: scaled.evaluate(params.p, params.q, result.x[2], scratch) - n * Math.log(scale),
    converged: result.converged,
    iterations: result.iterations,
    customers: n,
  };
}

/** Total log-likelihood of the repeat customers' mean spends under params. */
export function gammaGammaLogLikelihood(
  params: GammaGammaParams,
  summary: { frequency: ArrayLike<number>; monetaryValue: ArrayLike<number> },
): number {
  return GammaGammaLikelihood.fromSummary(summary.frequency, summary.monetaryValue).evaluate(
    params.p,
    params.q,
    params.v,
    new Float64Array(3),
  );
}

/**
 * Per row the likelihood needs only log(x·m + v); everything else is either constant data
 * (Σ x·log m, Σ x·log x) or depends on x alone (the gamma functions), computed once per distinct x.
 */
class GammaGammaLikelihood {
  private constructor(
    readonly size: number,
    private readonly x: Float64Array,
    private readonly m: Float64Array,
    private readonly distinctX: Float64Array,
    private readonly countByX: Float64Array,
    private readonly sumLogM: number,
    private readonly sumXLogM: number,
    private readonly sumXLogX: number,
  ) {}

  static fromSummary(frequency: ArrayLike<number>, monetaryValue: ArrayLike<number>, moneyScale = 1) {
    let size = 0;
    for (let i = 0; i < frequency.length; i++) if (frequency[i] > 0 && monetaryValue[i] > 0) size++;
    const x = new Float64Array(size);
    const m = new Float64Array(size);
    const countByValue = new Map<number, number>();
    let sumLogM = 0;
    let sumXLogM = 0;
    let sumXLogX = 0;
    let j = 0;
    for (let i = 0; i < frequency.length; i++) {
      if (!(frequency[i] > 0 && monetaryValue[i] > 0)) continue;
      const xi = frequency[i];
      const mi = monetaryValue[i] * moneyScale;
      x[j] = xi;
      m[j] = mi;
      j++;
      countByValue.set(xi, (countByValue.get(xi) ?? 0) + 1);
      const logM = Math.log(mi);
      sumLogM += logM;
      sumXLogM += xi * logM;
      sumXLogX += xi * Math.log(xi);
    }
    return new GammaGammaLikelihood(
      size,
      x,
      m,
      Float64Array.from(countByValue.keys()),
      Float64Array.from(countByValue.values()),
      sumLogM,
      sumXLogM,
      sumXLogX,
    );
  }

  evaluate(p: number, q: number, v: number, gradient: Float64Array): number {
    const { x, m, distinctX, countByX, size } = this;
    let sumLog = 0; // Σ log(x m + v)
    let sumXLog = 0; // Σ x log(x m + v)
    let sumInverse = 0; // Σ (p x + q) / (x m + v)
    for (let i = 0; i < size; i++) {
      const denominator = x[i] * m[i] + v;
      const logDenominator = Math.log(denominator);
      sumLog += logDenominator;
      sumXLog += x[i] * logDenominator;
      sumInverse += (p * x[i] + q) / denominator;
    }
    let gammaTerms = 0;
    let gradientP = 0;
    let digammaPQ = 0;
    for (let k = 0; k < distinctX.length; k++) {
      const xk = distinctX[k];
      const count = countByX[k];
      gammaTerms += count * (logGamma(p * xk + q) - logGamma(p * xk));
      const psi = digamma(p * xk + q);
      gradientP += count * xk * (psi - digamma(p * xk));
      digammaPQ += count * psi;
    }
    const logV = Math.log(v);
    gradient[0] = gradientP + this.sumXLogM + this.sumXLogX - sumXLog;
    gradient[1] = digammaPQ - size * digamma(q) + size * logV - sumLog;
    gradient[2] = (size * q) / v - sumInverse;
    return (
      gammaTerms -
      size * logGamma(q) +
      size * q * logV +
      p * this.sumXLogM -
      this.sumLogM +
      p * this.sumXLogX -
      p * sumXLog -
      q * sumLog
    );
  }
}

/**
 * E[average order value | x, m̄]: a credibility-weighted mix of the population mean v·p/(q − 1) and the
 * customer's own mean, weighted by how many repeat purchases we have seen (x = 0 → population mean).
 */
export function conditionalExpectedOrderValue(params: GammaGammaParams, frequency: number, monetaryValue: number): number {
  const { p, q, v } = params;
  const individualWeight = (p * frequency) / (p * frequency + q - 1);
  const populationMean = (v * p) / (q - 1);
  return (1 - individualWeight) * populationMean + individualWeight * monetaryValue;
}

export interface LifetimeValueOptions {
  /** How many months ahead (lifetimes' `time`), default 12. */
  months?: number;
  /** Discount rate per month, default 0.01 (lifetimes' default). */
  monthlyDiscountRate?: number;
  /** Model periods per month: 30.4375 for days, 4.348 for weeks (365.25 / 12 days). */
  periodsPerMonth: number;
}

/**
 * Discounted cash flow of lifetimes' customer_lifetime_value: for each month i, the expected purchases
 * in that month times the expected order value, divided by (1 + d)^i.
 */
export function customerLifetimeValue(
  bgnbd: BgNbdParams,
  gammaGamma: GammaGammaParams,
  customer: { frequency: number; recency: number; T: number; monetaryValue: number },
  options: LifetimeValueOptions,
): number {
  const months = options.months ?? 12;
  const discount = options.monthlyDiscountRate ?? 0.01;
  const orderValue = conditionalExpectedOrderValue(gammaGamma, customer.frequency, customer.monetaryValue);
  let value = 0;
  let previous = 0;
  for (let month = 1; month <= months; month++) {
    const cumulative = conditionalExpectedPurchases(
      bgnbd,
      month * options.periodsPerMonth,
      customer.frequency,
      customer.recency,
      customer.T,
    );
    value += ((cumulative - previous) * orderValue) / (1 + discount) ** month;
    previous = cumulative;
  }
  return value;
}
