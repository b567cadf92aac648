import { describe, expect, it } from "vitest";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { type CustomerOutcome, campaignLift, summarizeGroup, welchDifference } from "./campaign-lift";

const outcome = (revenueMinor: number, redemptions = 0): CustomerOutcome => ({
  revenueMinor,
  orders: revenueMinor > 0 ? 1 : 0,
  redemptions,
});

// welchDifference takes its t quantiles from @stdlib; these are the values the hand-written bisection gave (and R's qt).
describe("Student's t quantiles", () => {
  it.each([
    [1, 12.70620474],
    [10, 2.22813885],
    [30, 2.04227246],
    [2.5, 3.57465484],
    [1e6, 1.95996636],
  ])("t(0.975, df=%d) = %d", (df, expected) => {
    expect(tQuantile(0.975, df)).toBeCloseTo(expected, 6);
  });

  it("is symmetric", () => {
    expect(tQuantile(0.025, 7)).toBeCloseTo(-tQuantile(0.975, 7), 10);
  });
});

describe("Welch difference of means", () => {
  // reference values from scipy.stats (ttest_ind equal_var=False, t.ppf)
  it("matches scipy on a small example", () => {
    const result = welchDifference([0, 0, 1200, 5000, 0, 3000, 0, 0, 8000, 0], [0, 0, 0, 2500, 0, 0, 1000]);
    expect(result?.difference).toBeCloseTo(1220, 9);
    expect(result?.standardError).toBeCloseTo(952.4338080571052, 6);
    expect(result?.degreesOfFreedom).toBeCloseTo(11.789659387134465, 6);
    expect(result?.low).toBeCloseTo(-859.2886872557301, 4);
    expect(result?.high).toBeCloseTo(3299.28868725573, 4);
  });

  it("needs two customers per group", () => {
    expect(welchDifference([1], [1, 2])).toBeNull();
  });

  it("has a zero-width interval when nobody varies", () => {
    expect(welchDifference([5, 5], [3, 3])).toMatchObject({ difference: 2, standardError: 0, low: 2, high: 2 });
  });
});

describe("campaign lift", () => {
  it("summarises each group and scales the per-customer lift to the treated group", () => {
    const treated = [
      outcome(0),
      outcome(0),
      outcome(1200, 1),
      outcome(5000, 1),
      outcome(0),
      outcome(3000),
      outcome(0),
      outcome(0),
      outcome(8000, 1),
      outcome(0),
    ];
    const holdout = [outcome(0), outcome(0), outcome(0), outcome(2500), outcome(0), outcome(0), outcome(1000)];
    const lift = campaignLift(treated, holdout);
    expect(lift.treated).toEqual({
      customers: 10,
      customersWithOrders: 4,
      orderRate: 0.4,
      orders: 4,
      revenueMinor: 17200,
      revenuePerCustomerMinor: 1720,
      redemptions: 3,
    });
    expect(lift.holdout.orderRate).toBeCloseTo(2 / 7, 12);
    expect(lift.lift?.incrementalRevenueMinor).toBeCloseTo(12200, 6);
    expect(lift.lift?.incrementalLowMinor).toBeCloseTo(-8592.886872557301, 3);
    expect(lift.lift?.significant).toBe(false);
    expect(lift.lift?.orderRateDifference).toBeCloseTo(0.4 - 2 / 7, 12);
  });

  it("reports no interval for a too-small hold-out", () => {
    expect(campaignLift([outcome(1), outcome(2)], [outcome(0)]).lift).toBeNull();
    expect(summarizeGroup([])).toMatchObject({ customers: 0, orderRate: 0, revenuePerCustomerMinor: 0 });
  });
});
