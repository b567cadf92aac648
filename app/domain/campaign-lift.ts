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
import tQuantile from "@stdlib/stats-base-dists-t-quantile";

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
  const t = tQuantile(1 - (1 - level) / 2, degreesOfFreedom);
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
