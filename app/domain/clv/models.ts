/**
 * The purchase-frequency models Kizuna can fit, behind one interface, so a shop's own history can choose
 * between them (see select.ts and docs/decisions/028-model-choice-and-intervals.md):
 *
 * - `bgnbd`  BG/NBD (Fader, Hardie & Lee 2005): Poisson purchases at λ ~ Gamma(r, α); after each repeat
 *            purchase the customer drops out with probability p ~ Beta(a, b).
 * - `mbgnbd` MBG/NBD (Batislam, Denizel & Filiztekin 2007): as BG/NBD, but the customer may also drop out
 *            right after the first purchase, so "one order and gone" is not forced to look alive.
 * - `pareto` Pareto/NBD (Schmittlein, Morrison & Colombo 1987): the lifetime is exponential with rate
 *            μ ~ Gamma(s, β), independent of purchases. The likelihood needs the Gauss hypergeometric 2F1
 *            (Fader & Hardie 2005, "A Note on Deriving the Pareto/NBD Model").
 * - `nbd`    NBD: no dropout at all. BG/NBD with a → 0 is this model, so a BG/NBD fit that runs to that
 *            boundary is replaced by it instead of being thrown away.
 *
 * Times are in the summary's periods. Parameters are fitted on log scale by maximum likelihood over the
 * distinct (x, t_x, T) rows with counts; the clock is rescaled so the longest T is 10 (as lifetimes does).
 */
import { fitBgNbd, expectedPurchasesIfAlive as bgNbdIfAlive, probabilityAlive as bgNbdPAlive } from "./bgnbd";
import { type CompressedRows, compressSummaryRows } from "./compress";
import { minimize } from "./optimiser";
import { hyp2f1, logGamma } from "./special";
import type { SummaryColumns } from "./bgnbd";

export const FREQUENCY_MODEL_KINDS = ["bgnbd", "mbgnbd", "pareto", "nbd"] as const;
export type FrequencyModelKind = (typeof FREQUENCY_MODEL_KINDS)[number];

/** Parameter names per model, in the order of `FrequencyModel.params`. */
export const PARAMETER_NAMES: Record<FrequencyModelKind, readonly string[]> = {
  bgnbd: ["r", "alpha", "a", "b"],
  mbgnbd: ["r", "alpha", "a", "b"],
  pareto: ["r", "alpha", "s", "beta"],
  nbd: ["r", "alpha"],
};

/** Which parameters are rates on the clock (scaled with it). */
const TIME_SCALED: Record<FrequencyModelKind, readonly boolean[]> = {
  bgnbd: [false, true, false, false],
  mbgnbd: [false, true, false, false],
  pareto: [false, true, false, true],
  nbd: [false, true],
};

export interface FrequencyModel {
  kind: FrequencyModelKind;
  /** In the order of PARAMETER_NAMES[kind], in the data's own time unit. */
  params: number[];
}

export interface FrequencyFit {
  model: FrequencyModel;
  logLikelihood: number;
  converged: boolean;
  iterations: number;
  customers: number;
  distinctRows: number;
  /**
   * Covariance of the log-parameters (inverse Hessian of the negative log-likelihood at the optimum,
   * row-major, k×k); null when the Hessian is not positive definite (a parameter on a boundary).
   */
  logCovariance: number[] | null;
}

export interface FrequencyFitOptions {
  /** L2 penalty on the parameters (lifetimes' penalizer_coef, on the rescaled clock). */
  penalizer?: number;
  maxIterations?: number;
  /**
   * The models without an analytic gradient (MBG/NBD, Pareto/NBD, NBD) cost one likelihood pass per
   * distinct row and gradient component; above this many distinct rows (default 4,000) t_x and T are
   * rounded to a coarser grid (2, 4, 8 … periods, up to 4 weeks) for the fit. Whole-day times of a big
   * shop otherwise give hundreds of thousands of rows; a few days' rounding does not move the estimates.
   */
  maxRows?: number;
}

/** Named parameters, for JSON and reports. */
export function namedParams(model: FrequencyModel): Record<string, number> {
  const names = PARAMETER_NAMES[model.kind];
  return Object.fromEntries(names.map((name, i) => [name, model.params[i]]));
}

// ------------------------------------------------------------------ likelihoods

const logAddExp = (u: number, v: number) => {
  if (u === Number.NEGATIVE_INFINITY) return v;
  if (v === Number.NEGATIVE_INFINITY) return u;
  return u > v ? u + Math.log1p(Math.exp(v - u)) : v + Math.log1p(Math.exp(u - v));
};

/** Gauss–Legendre nodes and weights on [0, 1] (Newton on the Legendre polynomial). */
function gaussLegendre(n: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 1;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      derivative = (n * (z * p1 - p0)) / (z * z - 1);
      const step = p1 / derivative;
      z -= step;
      if (Math.abs(step) < 1e-15) break;
    }
    nodes[i] = (1 - z) / 2;
    weights[i] = 1 / ((1 - z * z) * derivative * derivative);
  }
  return { nodes, weights };
}
const QUADRATURE = gaussLegendre(32);

/**
 * log of the Pareto/NBD "dropped out between t_x and T" term,
 *   s/(r+s+x) · A0 = s ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ   (Fader & Hardie 2005, eq. 17–23).
 * The closed form is a difference of two 2F1(r+s+x, ·; r+s+x+1; z) whose power series crawls when z is
 * near 1 (a shop counted in days with α far from β: hundreds of thousands of terms per customer). So
 * when z > 0.5 the integral is taken numerically instead, after substituting y = (m+τ)^−k with k = r+s+x
 * and m the mean of α and β weighted by r+x and s+1, which turns the integrand into a smooth factor
 * R = ((m+τ)/(α+τ))^(r+x) ((m+τ)/(β+τ))^(s+1) that is 1 to first order; 32-point Gauss–Legendre on two
 * panels.
 */
function paretoLogDead(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number): number {
  if (T <= tx) return Number.NEGATIVE_INFINITY;
  const rsx = r + s + x;
  const diff = Math.abs(alpha - beta);
  if (diff / (Math.max(alpha, beta) + tx) <= 0.5) {
    const b2 = alpha >= beta ? s + 1 : r + x;
    const base = Math.max(alpha, beta);
    const term = (t: number) => Math.log(hyp2f1(rsx, b2, rsx + 1, diff / (base + t))) - rsx * Math.log(base + t);
    const first = term(tx);
    const d = term(T) - first;
    return d >= 0 ? Number.NEGATIVE_INFINITY : Math.log(s / rsx) + first + Math.log(-Math.expm1(d));
  }
  const m = ((r + x) * alpha + (s + 1) * beta) / (r + x + s + 1);
  // y runs over [y_T, y_tx]; work relative to y_tx = (m + t_x)^−k so nothing underflows.
  const logYtx = -rsx * Math.log(m + tx);
  const ratioT = Math.exp(-rsx * (Math.log(m + T) - Math.log(m + tx))); // y_T / y_tx
  const R = (u: number) => {
    // u = y / y_tx ∈ (0, 1]  →  m + τ = (m + t_x) · u^(−1/k)
    const mt = (m + tx) * u ** (-1 / rsx);
    const tau = mt - m;
    return (r + x) * Math.log(mt / (alpha + tau)) + (s + 1) * Math.log(mt / (beta + tau));
  };
  // Two panels, split where most of R's change is when the range is wide.
  const split = Math.max(ratioT, 0.05);
  const panels: [number, number][] =
    ratioT < 0.05
      ? [
          [ratioT, split],
          [split, 1],
        ]
      : [[ratioT, 1]];
  let total = 0;
  for (const [lo, hi] of panels) {
    let sum = 0;
    for (let i = 0; i < QUADRATURE.nodes.length; i++)
      sum += QUADRATURE.weights[i] * Math.exp(R(lo + (hi - lo) * QUADRATURE.nodes[i]));
    total += sum * (hi - lo);
  }
  // ∫ g dτ = (1/k) ∫ R dy = (y_tx / k) ∫_{u_T}^{1} R du
  return Math.log(s / rsx) + logYtx + Math.log(total);
}

/** Log-likelihood of one customer with (x, t_x, T) under a model. */
export function rowLogLikelihood(kind: FrequencyModelKind, p: ArrayLike<number>, x: number, tx: number, T: number): number {
  const r = p[0];
  const alpha = p[1];
  const a1 = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
  switch (kind) {
    case "nbd":
      return a1 - (r + x) * Math.log(alpha + T);
    case "bgnbd": {
      const a = p[2];
      const b = p[3];
      const a2 = x > 0 ? logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x) : 0;
      const a3 = -(r + x) * Math.log(alpha + T);
      const a4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : Number.NEGATIVE_INFINITY;
      return a1 + a2 + logAddExp(a3, a4);
    }
    case "mbgnbd": {
      const a = p[2];
      const b = p[3];
      const a2 = logGamma(a + b) + logGamma(b + x + 1) - logGamma(b) - logGamma(a + b + x + 1);
      const a3 = -(r + x) * Math.log(alpha + T);
      const a4 = Math.log(a) - Math.log(b + x) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
      return a1 + a2 + a3 + logAddExp(a4, 0);
    }
    case "pareto": {
      const s = p[2];
      const beta = p[3];
      const head = a1 + s * Math.log(beta);
      const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
      const dead = paretoLogDead(r, alpha, s, beta, x, tx, T);
      return head + logAddExp(alive, dead);
    }
  }
}

// ------------------------------------------------------------------ predictions

/** P(alive at T | x, t_x, T). */
export function modelPAlive(model: FrequencyModel, x: number, tx: number, T: number): number {
  const p = model.params;
  switch (model.kind) {
    case "nbd":
      return 1;
    case "bgnbd":
      return bgNbdPAlive({ r: p[0], alpha: p[1], a: p[2], b: p[3] }, x, tx, T);
    case "mbgnbd": {
      const [r, alpha, a, b] = p;
      const logOdds = Math.log(a / (b + x)) + (r + x) * Math.log((alpha + T) / (alpha + tx));
      return 1 / (1 + Math.exp(logOdds));
    }
    case "pareto": {
      const [r, alpha, s, beta] = p;
      const logOdds = (r + x) * Math.log(alpha + T) + s * Math.log(beta + T) + paretoLogDead(r, alpha, s, beta, x, tx, T);
      return 1 / (1 + Math.exp(logOdds));
    }
  }
}

/**
 * Expected purchases in (T, T + t] for a customer who is alive at T with x repeat purchases observed over
 * T; it does not depend on t_x, so callers memoise it per (x, T). Multiply by P(alive) for the
 * conditional expectation.
 */
export function modelExpectedIfAlive(model: FrequencyModel, t: number, x: number, T: number): number {
  if (t <= 0) return 0;
  const p = model.params;
  switch (model.kind) {
    case "nbd":
      return ((p[0] + x) / (p[1] + T)) * t;
    case "bgnbd":
      return bgNbdIfAlive({ r: p[0], alpha: p[1], a: p[2], b: p[3] }, t, x, T);
    case "mbgnbd":
      // The MBG/NBD expectation is BG/NBD's with b + 1 (Batislam et al. 2007, eq. 9; lifetimes).
      return bgNbdIfAlive({ r: p[0], alpha: p[1], a: p[2], b: p[3] + 1 }, t, x, T);
    case "pareto": {
      const [r, alpha, s, beta] = p;
      const rate = (r + x) / (alpha + T);
      if (Math.abs(s - 1) < 1e-6) return rate * (beta + T) * Math.log((beta + T + t) / (beta + T));
      return ((rate * (beta + T)) / (s - 1)) * (1 - ((beta + T) / (beta + T + t)) ** (s - 1));
    }
  }
}

export function modelConditionalExpected(model: FrequencyModel, t: number, x: number, tx: number, T: number): number {
  return modelPAlive(model, x, tx, T) * modelExpectedIfAlive(model, t, x, T);
}

/**
 * Periods from T until the customer has an even chance of having ordered again: solves
 * P(alive) · (1 − ((α+T)/(α+T+t))^(r+x)) = ½ with the posterior purchase rate Gamma(r + x, α + T) of an
 * active customer (for Pareto/NBD, dropping out while waiting is ignored). Infinity when P(alive) ≤ ½:
 * the model does not expect another order.
 */
export function periodsToNextOrder(model: FrequencyModel, pAlive: number, x: number, T: number): number {
  if (!(pAlive > 0.5)) return Number.POSITIVE_INFINITY;
  const r = model.params[0];
  const alpha = model.params[1];
  return (alpha + T) * ((1 - 0.5 / pAlive) ** (-1 / (r + x)) - 1);
}

// ------------------------------------------------------------------ fitting

/** The compressed rows' total log-likelihood at natural parameters. */
export function modelLogLikelihood(kind: FrequencyModelKind, params: ArrayLike<number>, rows: CompressedRows): number {
  const [x, tx, T] = rows.keys;
  let ll = 0;
  for (let i = 0; i < rows.size; i++) ll += rows.weight[i] * rowLogLikelihood(kind, params, x[i], tx[i], T[i]);
  return ll;
}

const STARTS: Record<FrequencyModelKind, number[]> = {
  bgnbd: [1, 1, 1, 1],
  mbgnbd: [1, 1, 1, 1],
  pareto: [1, 1, 1, 1],
  nbd: [1, 1],
};

/** Fits one model on a summary. Throws on zero customers. */
export function fitFrequencyModel(
  kind: FrequencyModelKind,
  summary: SummaryColumns,
  options: FrequencyFitOptions = {},
): FrequencyFit {
  let rows = compressSummaryRows(summary.frequency, summary.recency, summary.T);
  if (rows.size === 0) throw new RangeError("cannot fit a purchase model on zero customers");
  const maxRows = options.maxRows ?? 4000;
  if (kind !== "bgnbd" && rows.size > maxRows) rows = coarsenRows(summary, maxRows);
  const [x, tx, T] = rows.keys;
  let maxT = 0;
  let totalWeight = 0;
  let repeatPurchases = 0;
  for (let i = 0; i < rows.size; i++) {
    maxT = Math.max(maxT, T[i]);
    totalWeight += rows.weight[i];
    repeatPurchases += rows.weight[i] * x[i];
  }
  const scale = maxT > 0 ? 10 / maxT : 1;
  const scaled: CompressedRows = {
    keys: [x, tx.map((v) => v * scale), T.map((v) => v * scale)],
    weight: rows.weight,
    size: rows.size,
  };
  const penalizer = options.penalizer ?? 0;
  const k = PARAMETER_NAMES[kind].length;
  const timeScaled = TIME_SCALED[kind];
  const toNatural = (scaledParams: ArrayLike<number>) => Array.from(scaledParams, (v, i) => (timeScaled[i] ? v / scale : v));

  let scaledParams: number[];
  let converged: boolean;
  let iterations: number;
  if (kind === "bgnbd") {
    // The BG/NBD fitter has an analytic gradient; reuse it.
    const fit = fitBgNbd(summary, { penalizer, maxIterations: options.maxIterations });
    const q = fit.params;
    scaledParams = [q.r, q.alpha * scale, q.a, q.b];
    converged = fit.converged;
    iterations = fit.iterations;
  } else {
    // Optimise over log-parameters; the penalty is on the parameters themselves, as in lifetimes.
    const objective = (u: Float64Array) => {
      const p = Array.from(u, Math.exp);
      const ll = modelLogLikelihood(kind, p, scaled);
      let penalty = 0;
      for (const v of p) penalty += v * v;
      const value = -ll / totalWeight + penalizer * penalty;
      return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
    };
    const start = STARTS[kind].map(Math.log);
    let result = minimize(objective, start, { maxIterations: options.maxIterations ?? 300, tolerance: 1e-7 });
    if (!result.converged) {
      const polished = minimize(objective, result.x, { method: "nelder-mead", maxIterations: 800, tolerance: 1e-10 });
      if (polished.value <= result.value) {
        result = { ...polished, converged: true, iterations: result.iterations + polished.iterations };
      }
    }
    scaledParams = result.x.map(Math.exp);
    converged = result.converged && Number.isFinite(result.value);
    iterations = result.iterations;
  }

  const logLikelihood = modelLogLikelihood(kind, scaledParams, scaled) + repeatPurchases * Math.log(scale);
  // Covariance of log-parameters; the clock rescale only shifts log α (and log β), so it carries over.
  const negLl = (u: number[]) => {
    const p = u.map(Math.exp);
    let penalty = 0;
    for (const v of p) penalty += v * v;
    return -modelLogLikelihood(kind, p, scaled) + penalizer * totalWeight * penalty;
  };
  const logCovariance = invertPositiveDefinite(numericHessian(negLl, scaledParams.map(Math.log)), k);
  return {
    model: { kind, params: toNatural(scaledParams) },
    logLikelihood,
    converged,
    iterations,
    customers: totalWeight,
    distinctRows: rows.size,
    logCovariance,
  };
}

/** Rows with t_x and T rounded to a grid of 2, 4, 8 … periods until there are at most maxRows (or 28 days). */
function coarsenRows(summary: SummaryColumns, maxRows: number): CompressedRows {
  const n = summary.frequency.length;
  let maxT = 0;
  for (let i = 0; i < n; i++) maxT = Math.max(maxT, summary.T[i]);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  let rows: CompressedRows | undefined;
  // Grid steps in periods; a week-period summary is already coarse, so stop at 4 periods there.
  for (let grid = 2; ; grid *= 2) {
    for (let i = 0; i < n; i++) {
      T[i] = Math.round(summary.T[i] / grid) * grid;
      tx[i] = Math.min(T[i], Math.round(summary.recency[i] / grid) * grid);
    }
    rows = compressSummaryRows(summary.frequency, tx, T);
    if (rows.size <= maxRows || grid >= 28 || grid * 20 > maxT) return rows;
  }
}

/** Central-difference Hessian (k×k, row-major). */
function numericHessian(f: (u: number[]) => number, u0: number[]): number[] {
  const k = u0.length;
  const h = 1e-3;
  const H = new Array<number>(k * k).fill(0);
  const at = (di: number, si: number, dj: number, sj: number) => {
    const u = u0.slice();
    u[di] += si * h;
    u[dj] += sj * h;
    return f(u);
  };
  const f0 = f(u0);
  for (let i = 0; i < k; i++) {
    const up = at(i, 1, i, 0);
    const down = at(i, -1, i, 0);
    H[i * k + i] = (up - 2 * f0 + down) / (h * h);
    for (let j = i + 1; j < k; j++) {
      const v = (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * h * h);
      H[i * k + j] = v;
      H[j * k + i] = v;
    }
  }
  return H;
}

/** Lower Cholesky factor of a k×k symmetric matrix, or null when it is not positive definite. */
export function cholesky(A: readonly number[], k: number): number[] | null {
  const L = new Array<number>(k * k).fill(0);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = A[i * k + j];
      for (let m = 0; m < j; m++) sum -= L[i * k + m] * L[j * k + m];
      if (i === j) {
        if (!(sum > 0) || !Number.isFinite(sum)) return null;
        L[i * k + i] = Math.sqrt(sum);
      } else L[i * k + j] = sum / L[j * k + j];
    }
  }
  return L;
}

function invertPositiveDefinite(A: number[], k: number): number[] | null {
  const L = cholesky(A, k);
  if (!L) return null;
  // Solve L Lᵀ X = I column by column.
  const inv = new Array<number>(k * k).fill(0);
  for (let c = 0; c < k; c++) {
    const y = new Array<number>(k).fill(0);
    for (let i = 0; i < k; i++) {
      let sum = i === c ? 1 : 0;
      for (let m = 0; m < i; m++) sum -= L[i * k + m] * y[m];
      y[i] = sum / L[i * k + i];
    }
    for (let i = k - 1; i >= 0; i--) {
      let sum = y[i];
      for (let m = i + 1; m < k; m++) sum -= L[m * k + i] * inv[m * k + c];
      inv[i * k + c] = sum / L[i * k + i];
    }
  }
  return inv.every(Number.isFinite) ? inv : null;
}

/**
 * Why a fitted model cannot be used (parameters ran to a boundary, not finite), or undefined. For
 * BG/NBD, a → 0 with b large is the no-dropout boundary: the caller replaces it by the nested NBD.
 */
export function frequencyModelProblem(model: FrequencyModel): "not_finite" | "boundary" | undefined {
  const p = model.params;
  if (!p.every((v) => Number.isFinite(v) && v > 0)) return "not_finite";
  const shapes = model.kind === "nbd" ? [p[0]] : [p[0], p[2], p[3]];
  if (shapes.some((v) => v < 1e-4 || v > 1e4)) return "boundary";
  if ((model.kind === "bgnbd" || model.kind === "mbgnbd") && p[2] + p[3] <= 1) return "boundary";
  if ((model.kind === "bgnbd" || model.kind === "mbgnbd") && p[2] / (p[2] + p[3]) < 1e-4) return "boundary";
  return undefined;
}
