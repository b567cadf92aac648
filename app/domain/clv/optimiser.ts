/**
 * Small deterministic minimisers for the CLV fitters: L-BFGS (with an analytic gradient when the
 * caller has one, central differences otherwise) and Nelder–Mead as a derivative-free fallback.
 * Box bounds are handled by a smooth change of variables, so both methods stay unconstrained inside.
 */

export type Objective = (x: Float64Array) => number;
/** Writes ∂f/∂x into `gradient` and returns f(x); one call so shared work is not repeated. */
export type ObjectiveWithGradient = (x: Float64Array, gradient: Float64Array) => number;

export interface MinimizeOptions {
  method?: "lbfgs" | "nelder-mead";
  /** Analytic value-and-gradient; without it L-BFGS uses central differences. */
  valueAndGradient?: ObjectiveWithGradient;
  /** Per-parameter box; use ±Infinity for an open side. */
  lower?: readonly number[];
  upper?: readonly number[];
  maxIterations?: number;
  /** Converged when the gradient's largest component (L-BFGS) or the simplex spread (Nelder–Mead) is below this. */
  tolerance?: number;
}

export interface MinimizeResult {
  x: number[];
  value: number;
  converged: boolean;
  iterations: number;
  evaluations: number;
}

export function minimize(f: Objective, x0: readonly number[], options: MinimizeOptions = {}): MinimizeResult {
  const n = x0.length;
  const lower = options.lower ?? new Array<number>(n).fill(Number.NEGATIVE_INFINITY);
  const upper = options.upper ?? new Array<number>(n).fill(Number.POSITIVE_INFINITY);
  const box = new BoxTransform(lower, upper);
  const u0 = box.toUnbounded(x0);
  const x = new Float64Array(n);
  const gx = new Float64Array(n);

  const inner: Objective = (u) => {
    box.toBounded(u, x);
    return f(x);
  };
  let innerWithGradient: ObjectiveWithGradient;
  if (options.valueAndGradient) {
    const vg = options.valueAndGradient;
    innerWithGradient = (u, gu) => {
      box.toBounded(u, x);
      const value = vg(x, gx);
      box.chainGradient(u, gx, gu);
      return value;
    };
  } else {
    innerWithGradient = (u, gu) => centralDifference(inner, u, gu);
  }

  const result =
    options.method === "nelder-mead"
      ? nelderMead(inner, u0, options.maxIterations ?? 5000, options.tolerance ?? 1e-10)
      : lbfgs(innerWithGradient, u0, options.maxIterations ?? 1000, options.tolerance ?? 1e-8);
  box.toBounded(result.u, x);
  return {
    x: Array.from(x),
    value: result.value,
    converged: result.converged,
    iterations: result.iterations,
    evaluations: result.evaluations,
  };
}

interface InnerResult {
  u: Float64Array;
  value: number;
  converged: boolean;
  iterations: number;
  evaluations: number;
}

function centralDifference(f: Objective, u: Float64Array, gradient: Float64Array): number {
  const value = f(u);
  for (let i = 0; i < u.length; i++) {
    const original = u[i];
    // Step scaled to the coordinate: ~cube root of machine epsilon is optimal for central differences.
    const h = 6e-6 * Math.max(1, Math.abs(original));
    u[i] = original + h;
    const up = f(u);
    u[i] = original - h;
    const down = f(u);
    u[i] = original;
    gradient[i] = (up - down) / (2 * h);
  }
  return value;
}

const HISTORY = 8;
const MAX_STEP = 5;

/** L-BFGS with a backtracking (Armijo) line search; curvature pairs with s·y <= 0 are skipped. */
function lbfgs(fg: ObjectiveWithGradient, u0: Float64Array, maxIterations: number, tolerance: number): InnerResult {
  const n = u0.length;
  const u = Float64Array.from(u0);
  const g = new Float64Array(n);
  const direction = new Float64Array(n);
  const trial = new Float64Array(n);
  const trialGradient = new Float64Array(n);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(HISTORY);

  let value = fg(u, g);
  let evaluations = 1;
  let iterations = 0;
  let converged = maxAbs(g) < tolerance;

  while (!converged && iterations < maxIterations && Number.isFinite(value)) {
    iterations++;
    // Two-loop recursion: direction = -H·g.
    for (let i = 0; i < n; i++) direction[i] = -g[i];
    for (let k = s.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(s[k], direction);
      axpy(-alpha[k], y[k], direction);
    }
    if (s.length > 0) {
      const last = s.length - 1;
      const gamma = dot(s[last], y[last]) / dot(y[last], y[last]);
      for (let i = 0; i < n; i++) direction[i] *= gamma;
    } else {
      // First step: keep it modest so a huge gradient does not throw us far away.
      const scale = 1 / Math.max(1, maxAbs(g));
      for (let i = 0; i < n; i++) direction[i] *= scale;
    }
    for (let k = 0; k < s.length; k++) {
      const beta = rho[k] * dot(y[k], direction);
      axpy(alpha[k] - beta, s[k], direction);
    }
    let slope = dot(g, direction);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      s.length = 0;
      y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -g[i] / Math.max(1, maxAbs(g));
      slope = dot(g, direction);
    }

    // Cap the move so one step cannot jump to where the objective overflows (coordinates are mostly logs).
    let step = Math.min(1, MAX_STEP / maxAbs(direction));
    let trialValue = Number.NaN;
    let accepted = false;
    for (let attempt = 0; attempt < 60; attempt++) {
      for (let i = 0; i < n; i++) trial[i] = u[i] + step * direction[i];
      trialValue = fg(trial, trialGradient);
      evaluations++;
      if (Number.isFinite(trialValue) && trialValue <= value + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      if (!Number.isFinite(trialValue)) {
        step *= 0.1;
        continue;
      }
      // Minimiser of the quadratic through f(0), f'(0) and f(step), kept within [0.1, 0.5] of the step.
      const curvature = trialValue - value - slope * step;
      const next = curvature > 0 ? (-slope * step * step) / (2 * curvature) : 0.5 * step;
      step = Math.min(0.5 * step, Math.max(0.1 * step, next));
    }
    if (!accepted) {
      // No decrease along any step: we are at the numerical floor; call it converged if nearly flat.
      converged = maxAbs(g) < Math.sqrt(tolerance);
      break;
    }

    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sk[i] = trial[i] - u[i];
      yk[i] = trialGradient[i] - g[i];
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12 * Math.sqrt(dot(sk, sk) * dot(yk, yk))) {
      if (s.length === HISTORY) {
        s.shift();
        y.shift();
        rho.shift();
      }
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
    }
    const previous = value;
    u.set(trial);
    g.set(trialGradient);
    value = trialValue;
    converged = maxAbs(g) < tolerance;
    if (!converged && Math.abs(previous - value) <= 1e-15 * Math.max(1, Math.abs(value))) {
      converged = maxAbs(g) < Math.sqrt(tolerance);
      break;
    }
  }
  return { u, value, converged, iterations, evaluations };
}

/** Nelder–Mead with the standard coefficients and a deterministic initial simplex. */
function nelderMead(f: Objective, u0: Float64Array, maxIterations: number, tolerance: number): InnerResult {
  const n = u0.length;
  const points: Float64Array[] = [Float64Array.from(u0)];
  for (let i = 0; i < n; i++) {
    const p = Float64Array.from(u0);
    // A simplex of unit-ish size: the unbounded coordinates are mostly logs, so 0.1 is ~10%.
    p[i] += 0.1 * Math.max(1, Math.abs(p[i]));
    points.push(p);
  }
  const values = points.map((p) => f(p));
  let evaluations = n + 1;
  const centroid = new Float64Array(n);
  const reflected = new Float64Array(n);
  const expanded = new Float64Array(n);
  const contracted = new Float64Array(n);
  const order = Array.from({ length: n + 1 }, (_, i) => i);
  let iterations = 0;
  let converged = false;

  const along = (out: Float64Array, from: Float64Array, towards: Float64Array, t: number) => {
    for (let i = 0; i < n; i++) out[i] = from[i] + t * (towards[i] - from[i]);
  };

  while (iterations < maxIterations) {
    order.sort((i, j) => values[i] - values[j] || i - j);
    const best = order[0];
    const worst = order[n];
    const secondWorst = order[n - 1];
    let spread = Math.abs(values[worst] - values[best]);
    for (let k = 1; k <= n; k++) {
      const p = points[order[k]];
      for (let i = 0; i < n; i++) spread = Math.max(spread, Math.abs(p[i] - points[best][i]));
    }
    if (spread < tolerance) {
      converged = true;
      break;
    }
    iterations++;
    centroid.fill(0);
    for (let k = 0; k < n; k++) axpy(1 / n, points[order[k]], centroid);

    along(reflected, centroid, points[worst], -1);
    const fr = f(reflected);
    evaluations++;
    if (fr < values[best]) {
      along(expanded, centroid, points[worst], -2);
      const fe = f(expanded);
      evaluations++;
      if (fe < fr) replace(worst, expanded, fe);
      else replace(worst, reflected, fr);
    } else if (fr < values[secondWorst]) {
      replace(worst, reflected, fr);
    } else {
      const outside = fr < values[worst];
      along(contracted, centroid, outside ? reflected : points[worst], 0.5);
      const fc = f(contracted);
      evaluations++;
      if (fc < (outside ? fr : values[worst])) {
        replace(worst, contracted, fc);
      } else {
        for (let k = 1; k <= n; k++) {
          const idx = order[k];
          along(points[idx], points[best], points[idx], 0.5);
          values[idx] = f(points[idx]);
          evaluations++;
        }
      }
    }
  }
  let bestIndex = 0;
  for (let k = 1; k <= n; k++) if (values[k] < values[bestIndex]) bestIndex = k;
  return { u: points[bestIndex], value: values[bestIndex], converged, iterations, evaluations };

  function replace(index: number, point: Float64Array, value: number) {
    points[index].set(point);
    values[index] = Number.isNaN(value) ? Number.POSITIVE_INFINITY : value;
  }
}

/**
 * Maps a box to R^n: x = l + e^u on [l, ∞), x = h − e^u on (−∞, h], x = l + (h − l)·σ(u) on [l, h].
 * Bounds are approached but never reached, which is what the likelihoods want (they blow up at 0).
 */
class BoxTransform {
  constructor(
    private readonly lower: readonly number[],
    private readonly upper: readonly number[],
  ) {
    for (let i = 0; i < lower.length; i++) {
      if (!(lower[i] < upper[i])) throw new Error(`bound ${i}: lower ${lower[i]} must be below upper ${upper[i]}`);
    }
  }

  toUnbounded(x: readonly number[]): Float64Array {
    const u = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const l = this.lower[i];
      const h = this.upper[i];
      const lo = Number.isFinite(l);
      const hi = Number.isFinite(h);
      // Start strictly inside the box even if x0 sits on (or outside) a bound.
      if (lo && hi) {
        const p = Math.min(1 - 1e-9, Math.max(1e-9, (x[i] - l) / (h - l)));
        u[i] = Math.log(p / (1 - p));
      } else if (lo) u[i] = Math.log(Math.max(x[i] - l, 1e-12));
      else if (hi) u[i] = Math.log(Math.max(h - x[i], 1e-12));
      else u[i] = x[i];
    }
    return u;
  }

  toBounded(u: Float64Array, x: Float64Array): void {
    for (let i = 0; i < u.length; i++) {
      const l = this.lower[i];
      const h = this.upper[i];
      const lo = Number.isFinite(l);
      const hi = Number.isFinite(h);
      if (lo && hi) x[i] = l + (h - l) / (1 + Math.exp(-u[i]));
      else if (lo) x[i] = l + Math.exp(u[i]);
      else if (hi) x[i] = h - Math.exp(u[i]);
      else x[i] = u[i];
    }
  }

  /** gu = gx · dx/du. */
  chainGradient(u: Float64Array, gx: Float64Array, gu: Float64Array): void {
    for (let i = 0; i < u.length; i++) {
      const l = this.lower[i];
      const h = this.upper[i];
      const lo = Number.isFinite(l);
      const hi = Number.isFinite(h);
      if (lo && hi) {
        const s = 1 / (1 + Math.exp(-u[i]));
        gu[i] = gx[i] * (h - l) * s * (1 - s);
      } else if (lo) gu[i] = gx[i] * Math.exp(u[i]);
      else if (hi) gu[i] = -gx[i] * Math.exp(u[i]);
      else gu[i] = gx[i];
    }
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += alpha * x[i];
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}
