/**
 * How much revenue a discount campaign really added, measured against its hold-out group.
 *
 * Method (documented for merchants in the campaign page):
 * - Every eligible customer is either treated (got the code) or held out (randomly, before the campaign).
 * - Each customer's outcome over the campaign window is their revenue: the sum over their orders in the
 *   window of (order total − refunds), cancelled and test orders excluded; customers without orders count
 *   with 0. Order rate = share of customers with at least one order.
 * - Lift per customer = mean revenue (treated) − mean revenue (hold-out). Its standard error is Welch's:
 *   SE = √(s²_t/n_t + s²_h/n_h), unequal variances allowed, with Welch–Satterthwaite degrees of freedom.
 *   The 95% confidence interval is lift ± t(0.975, df) · SE.
 * - Incremental revenue = lift per customer × number of treated customers (and its interval likewise):
 *   the revenue the treated group brought that it would not have brought without the campaign.
 * Amounts are minor units; means and intervals are fractional minor units, rounded only for display.
 */

export interface CustomerOutcome {
  /** revenue in the window, minor units */
  revenueMinor: number;
  orders: number;
  /** orders that used the campaign's code */
  redemptions: number;
}

export interface GroupSummary {
  customers: number;
  customersWithOrders: number;
  /** customersWithOrders / customers (0 for an empty group) */
  orderRate: number;
  orders: number;
  revenueMinor: number;
  revenuePerCustomerMinor: number;
  redemptions: number;
}

export interface LiftEstimate {
  /** mean revenue per treated customer − per hold-out customer (minor units) */
  perCustomerMinor: number;
  standardErrorMinor: number;
  degreesOfFreedom: number;
  perCustomerLowMinor: number;
  perCustomerHighMinor: number;
  /** per-customer figures × treated customers */
  incrementalRevenueMinor: number;
  incrementalLowMinor: number;
  incrementalHighMinor: number;
  /** true when the interval excludes 0 */
  significant: boolean;
  /** order rate (treated) − order rate (hold-out) */
  orderRateDifference: number;
}

export interface CampaignLift {
  treated: GroupSummary;
  holdout: GroupSummary;
  /** null when a group has fewer than 2 customers: no variance, no interval */
  lift: LiftEstimate | null;
}

export function summarizeGroup(outcomes: readonly CustomerOutcome[]): GroupSummary {
  let customersWithOrders = 0;
  let orders = 0;
  let revenueMinor = 0;
  let redemptions = 0;
  for (const outcome of outcomes) {
    if (outcome.orders > 0) customersWithOrders++;
    orders += outcome.orders;
    revenueMinor += outcome.revenueMinor;
    redemptions += outcome.redemptions;
  }
  const customers = outcomes.length;
  return {
    customers,
    customersWithOrders,
    orderRate: customers ? customersWithOrders / customers : 0,
    orders,
    revenueMinor,
    revenuePerCustomerMinor: customers ? revenueMinor / customers : 0,
    redemptions,
  };
}

function meanAndVariance(values: readonly number[]): { mean: number; variance: number } {
  const n = values.length;
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  // two-pass: stable for large revenues
  const squares = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  return { mean, variance: n > 1 ? squares / (n - 1) : 0 };
}

export interface WelchResult {
  difference: number;
  standardError: number;
  degreesOfFreedom: number;
  low: number;
  high: number;
}

/** Difference of means a − b with Welch's standard error and a two-sided `level` confidence interval. */
export function welchDifference(a: readonly number[], b: readonly number[], level = 0.95): WelchResult | null {
  if (a.length < 2 || b.length < 2) return null;
  const x = meanAndVariance(a);
  const y = meanAndVariance(b);
  const va = x.variance / a.length;
  const vb = y.variance / b.length;
  const standardError = Math.sqrt(va + vb);
  const difference = x.mean - y.mean;
  if (standardError === 0) {
    return { difference, standardError: 0, degreesOfFreedom: a.length + b.length - 2, low: difference, high: difference };
  }
  const degreesOfFreedom = (va + vb) ** 2 / ((va * va) / (a.length - 1) + (vb * vb) / (b.length - 1));
  const t = studentTQuantile(1 - (1 - level) / 2, degreesOfFreedom);
  return {
    difference,
    standardError,
    degreesOfFreedom,
    low: difference - t * standardError,
    high: difference + t * standardError,
  };
}

export function campaignLift(treated: readonly CustomerOutcome[], holdout: readonly CustomerOutcome[]): CampaignLift {
  const treatedSummary = summarizeGroup(treated);
  const holdoutSummary = summarizeGroup(holdout);
  const welch = welchDifference(
    treated.map((outcome) => outcome.revenueMinor),
    holdout.map((outcome) => outcome.revenueMinor),
  );
  const n = treated.length;
  return {
    treated: treatedSummary,
    holdout: holdoutSummary,
    lift: welch
      ? {
          perCustomerMinor: welch.difference,
          standardErrorMinor: welch.standardError,
          degreesOfFreedom: welch.degreesOfFreedom,
          perCustomerLowMinor: welch.low,
          perCustomerHighMinor: welch.high,
          incrementalRevenueMinor: welch.difference * n,
          incrementalLowMinor: welch.low * n,
          incrementalHighMinor: welch.high * n,
          significant: welch.low > 0 || welch.high < 0,
          orderRateDifference: treatedSummary.orderRate - holdoutSummary.orderRate,
        }
      : null,
  };
}

// ------------------------------------------------------------------------------------------ Student's t

/** ln Γ(x), Lanczos approximation (g = 7, n = 9), accurate to ~15 digits for x > 0. */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0];
  for (let i = 1; i < 9; i++) sum += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction of the regularized incomplete beta function (Numerical Recipes' betacf). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-14) break;
  }
  return h;
}

/** I_x(a, b), the regularized incomplete beta function. */
function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom (df may be fractional, as Welch's is). */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t (0 < p < 1), by bisection on the CDF. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`A quantile needs 0 < p < 1, got ${p}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let low = 0;
  let high = 1;
  while (studentTCdf(high, df) < p) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-12; i++) {
    const mid = (low + high) / 2;
    if (studentTCdf(mid, df) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
