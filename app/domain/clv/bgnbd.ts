/**
 * BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way"): while alive a customer buys
 * at a Poisson rate λ ~ Gamma(r, α); after each purchase they drop out with probability p ~ Beta(a, b).
 * Fitted by maximum likelihood on the distinct (x, t_x, T) rows, with the likelihood written like
 * lifetimes' BetaGeoFitter (log-gamma terms and a log-sum-exp for the x > 0 branch).
 */
import { compressSummaryRows } from "./compress";
import { minimize } from "./optimiser";
import { digamma, hyp2f1, logGamma } from "./special";

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface BgNbdFit {
  params: BgNbdParams;
  /** Total log-likelihood of the data at params (without the penalty). */
  logLikelihood: number;
  converged: boolean;
  iterations: number;
  customers: number;
  /** Distinct (x, t_x, T) rows the likelihood was evaluated on. */
  distinctRows: number;
}

export interface BgNbdFitOptions {
  /** L2 penalty on the parameters (lifetimes' penalizer_coef, applied on the same time scale). */
  penalizer?: number;
  maxIterations?: number;
  /** Starting point in the data's own time units; defaults to lifetimes' ones on a rescaled clock. */
  initial?: BgNbdParams;
}

export interface SummaryColumns {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  T: ArrayLike<number>;
}

/** Fits r, α, a, b. Throws if there are no customers; check `converged` before trusting the result. */
export function fitBgNbd(summary: SummaryColumns, options: BgNbdFitOptions = {}): BgNbdFit {
  const rows = compressSummaryRows(summary.frequency, summary.recency, summary.T);
  if (rows.size === 0) throw new RangeError("cannot fit BG/NBD on zero customers");
  const [x, tx, T] = rows.keys;
  const weight = rows.weight;

  // Like lifetimes, rescale the clock so the longest T is 10: keeps α near 1 whatever the period.
  let maxT = 0;
  for (let i = 0; i < rows.size; i++) maxT = Math.max(maxT, T[i]);
  const scale = maxT > 0 ? 10 / maxT : 1;
  const scaledTx = tx.map((v) => v * scale);
  const scaledT = T.map((v) => v * scale);
  const likelihood = new BgNbdLikelihood(x, scaledTx, scaledT, weight);
  const penalizer = options.penalizer ?? 0;
  const totalWeight = likelihood.totalWeight;

  const objectiveWithGradient = (p: Float64Array, gradient: Float64Array) => {
    const ll = likelihood.evaluate(p[0], p[1], p[2], p[3], gradient);
    let penalty = 0;
    for (let i = 0; i < 4; i++) {
      gradient[i] = -gradient[i] / totalWeight + 2 * penalizer * p[i];
      penalty += p[i] * p[i];
    }
    return -ll / totalWeight + penalizer * penalty;
  };
  const scratch = new Float64Array(4);
  const objective = (p: Float64Array) => objectiveWithGradient(p, scratch);

  const initial = options.initial
    ? [options.initial.r, options.initial.alpha * scale, options.initial.a, options.initial.b]
    : [1, 1, 1, 1];
  const bounds = { lower: [0, 0, 0, 0], maxIterations: options.maxIterations ?? 500 };
  let result = minimize(objective, initial, { ...bounds, valueAndGradient: objectiveWithGradient, tolerance: 1e-9 });
  if (!result.converged) {
    // Derivative-free polish from where L-BFGS stopped; cheap because the rows are compressed.
    const polished = minimize(objective, result.x, { ...bounds, method: "nelder-mead", maxIterations: 4000, tolerance: 1e-10 });
    if (polished.value <= result.value) result = { ...polished, iterations: result.iterations + polished.iterations };
  }

  const [r, scaledAlpha, a, b] = result.x;
  const params = { r, alpha: scaledAlpha / scale, a, b };
  // Rescaling the clock by s shifts each row's log-likelihood by −x·log s; undo it.
  let repeatPurchases = 0;
  for (let i = 0; i < rows.size; i++) repeatPurchases += weight[i] * x[i];
  const scaledLogLikelihood = likelihood.evaluate(r, scaledAlpha, a, b, scratch);
  return {
    params,
    logLikelihood: scaledLogLikelihood + repeatPurchases * Math.log(scale),
    converged: result.converged,
    iterations: result.iterations,
    customers: totalWeight,
    distinctRows: rows.size,
  };
}

/** Total log-likelihood of a summary (optionally weighted rows) under params. */
export function bgNbdLogLikelihood(params: BgNbdParams, summary: SummaryColumns, weight?: ArrayLike<number>): number {
  const n = summary.frequency.length;
  const w = weight ?? new Float64Array(n).fill(1);
  const likelihood = new BgNbdLikelihood(
    Float64Array.from(summary.frequency),
    Float64Array.from(summary.recency),
    Float64Array.from(summary.T),
    Float64Array.from(w),
  );
  return likelihood.evaluate(params.r, params.alpha, params.a, params.b, new Float64Array(4));
}

/**
 * Log-likelihood and its gradient in (r, α, a, b). The gamma-function terms depend on x only, so they
 * are computed once per distinct x; log(α + t) is computed once per distinct time value (a shop has
 * about as many as days of history), so each row costs one exp and one log1p for the log-sum-exp.
 */
class BgNbdLikelihood {
  readonly totalWeight: number;
  private readonly xIndex: Int32Array;
  private readonly distinctX: Float64Array;
  private readonly weightByX: Float64Array;
  private readonly times: Float64Array;
  private readonly tIndex: Int32Array;
  private readonly txIndex: Int32Array;
  private readonly logAlphaPlusTime: Float64Array;
  private readonly inverseAlphaPlusTime: Float64Array;

  constructor(
    private readonly x: Float64Array,
    tx: Float64Array,
    T: Float64Array,
    private readonly weight: Float64Array,
  ) {
    const n = x.length;
    const xs = new Map<number, number>();
    const wx: number[] = [];
    this.xIndex = new Int32Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      let k = xs.get(x[i]);
      if (k === undefined) {
        k = wx.length;
        xs.set(x[i], k);
        wx.push(0);
      }
      this.xIndex[i] = k;
      wx[k] += weight[i];
      total += weight[i];
    }
    this.distinctX = Float64Array.from(xs.keys());
    this.weightByX = Float64Array.from(wx);
    this.totalWeight = total;

    const timeIndex = new Map<number, number>();
    const indexOfTime = (t: number) => {
      let k = timeIndex.get(t);
      if (k === undefined) {
        k = timeIndex.size;
        timeIndex.set(t, k);
      }
      return k;
    };
    this.tIndex = new Int32Array(n);
    this.txIndex = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      this.tIndex[i] = indexOfTime(T[i]);
      this.txIndex[i] = indexOfTime(tx[i]);
    }
    this.times = Float64Array.from(timeIndex.keys());
    this.logAlphaPlusTime = new Float64Array(this.times.length);
    this.inverseAlphaPlusTime = new Float64Array(this.times.length);
  }

  /** Returns the log-likelihood; writes its gradient w.r.t. (r, α, a, b) into `gradient`. */
  evaluate(r: number, alpha: number, a: number, b: number, gradient: Float64Array): number {
    const { distinctX, weightByX, xIndex, x, weight, times, tIndex, txIndex } = this;
    const logAT = this.logAlphaPlusTime;
    const invAT = this.inverseAlphaPlusTime;
    for (let k = 0; k < times.length; k++) {
      logAT[k] = Math.log(alpha + times[k]);
      invAT[k] = 1 / (alpha + times[k]);
    }
    const logAlpha = Math.log(alpha);
    const psiR = digamma(r);
    const psiAB = digamma(a + b);
    const psiB = digamma(b);
    const lgR = logGamma(r);
    const lgAB = logGamma(a + b);
    const lgB = logGamma(b);
    const logA = Math.log(a);

    // Per distinct x: the terms A1 + A2 and log(a / (b + x − 1)).
    const k = distinctX.length;
    const logDropTerm = new Float64Array(k);
    let ll = 0;
    let gr = 0;
    let gAlpha = 0;
    let ga = 0;
    let gb = 0;
    for (let j = 0; j < k; j++) {
      const xj = distinctX[j];
      const w = weightByX[j];
      const a1 = logGamma(r + xj) - lgR + r * logAlpha;
      const a2 = xj > 0 ? lgAB + logGamma(b + xj) - lgB - logGamma(a + b + xj) : 0;
      ll += w * (a1 + a2);
      gr += w * (digamma(r + xj) - psiR + logAlpha);
      gAlpha += (w * r) / alpha;
      if (xj > 0) {
        const psiABX = digamma(a + b + xj);
        ga += w * (psiAB - psiABX);
        gb += w * (psiAB + digamma(b + xj) - psiB - psiABX);
        logDropTerm[j] = logA - Math.log(b + xj - 1);
      }
    }

    for (let i = 0; i < x.length; i++) {
      const xi = x[i];
      const w = weight[i];
      const ti = tIndex[i];
      const logT = logAT[ti];
      const a3 = -(r + xi) * logT;
      if (xi === 0) {
        ll += w * a3;
        gr -= w * logT;
        gAlpha -= w * r * invAT[ti];
        continue;
      }
      const txi = txIndex[i];
      const logTx = logAT[txi];
      const a4 = logDropTerm[xIndex[i]] - (r + xi) * logTx;
      // log-sum-exp of A3, A4 and the posterior weight of "dropped out after the last purchase".
      const d = a4 - a3;
      const e = Math.exp(-Math.abs(d));
      const piDrop = d > 0 ? 1 / (1 + e) : e / (1 + e);
      const piAlive = 1 - piDrop;
      ll += w * ((d > 0 ? a4 : a3) + Math.log1p(e));
      gr -= w * (piAlive * logT + piDrop * logTx);
      gAlpha -= w * (r + xi) * (piAlive * invAT[ti] + piDrop * invAT[txi]);
      ga += (w * piDrop) / a;
      gb -= (w * piDrop) / (b + xi - 1);
    }
    gradient[0] = gr;
    gradient[1] = gAlpha;
    gradient[2] = ga;
    gradient[3] = gb;
    return ll;
  }
}

/** P(alive at T | x, t_x, T). Customers with no repeat purchase are alive by the model's assumption. */
export function probabilityAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  const logOdds = (r + x) * Math.log((alpha + T) / (alpha + tx)) + Math.log(a / (b + x - 1));
  return 1 / (1 + Math.exp(logOdds));
}

/**
 * E[purchases in (T, T + t] | x, t_x, T]. lifetimes' formula uses 2F1(r+x, b+x; a+b+x−1; z); we use
 * its Euler transform 2F1(a+b−1−r, a−1; a+b+x−1; z), whose series converges fast even for large x.
 */
export function conditionalExpectedPurchases(params: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  return expectedPurchasesIfAlive(params, t, x, T) * probabilityAlive(params, x, tx, T);
}

/**
 * The part of the conditional expectation that does not depend on t_x: expected purchases in the
 * next t periods for a customer who is alive with x repeat purchases observed over T.
 */
export function expectedPurchasesIfAlive(params: BgNbdParams, t: number, x: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, b } = params;
  // a = 1 is a removable singularity of the closed form; step just off it.
  const a = Math.abs(params.a - 1) < 1e-9 ? 1 + 1e-9 : params.a;
  const z = t / (alpha + T + t);
  const oneMinusZ = (alpha + T) / (alpha + T + t);
  const c = a + b + x - 1;
  const tail = oneMinusZ ** (a - 1) * hyp2f1(a + b - 1 - r, a - 1, c, z);
  return (c / (a - 1)) * (1 - tail);
}

/** E[purchases in (0, t]] for a new customer (the population curve). */
export function expectedPurchases(params: BgNbdParams, t: number): number {
  return expectedPurchasesIfAlive(params, t, 0, 0);
}

/** P(exactly n purchases in (0, t]) for a new customer — FHL 2005, eq. 8. */
export function probabilityOfPurchases(params: BgNbdParams, t: number, n: number): number {
  const { r, alpha, a, b } = params;
  const logBeta = (p: number, q: number) => logGamma(p) + logGamma(q) - logGamma(p + q);
  const logBAB = logBeta(a, b);
  const logShare = Math.log(alpha / (alpha + t));
  const logRate = Math.log(t / (alpha + t));
  const logNbd = (j: number) => logGamma(r + j) - logGamma(r) - logGamma(j + 1) + r * logShare + j * logRate;
  let p = Math.exp(logBeta(a, b + n) - logBAB + logNbd(n));
  if (n > 0) {
    let cumulative = 0;
    for (let j = 0; j < n; j++) cumulative += Math.exp(logNbd(j));
    p += Math.exp(logBeta(a + 1, b + n - 1) - logBAB) * (1 - cumulative);
  }
  return p;
}
