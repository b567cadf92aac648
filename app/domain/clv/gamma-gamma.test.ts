import { readFileSync } from "node:fs";
import { conditionalExpectedPurchases } from "./bgnbd";
import { conditionalExpectedOrderValue, customerLifetimeValue, fitGammaGamma, gammaGammaLogLikelihood } from "./gamma-gamma";
import { CDNOW_DIR, parseCdnowSummary } from "./test-support";

const BGNBD = { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 };

function expectWithinPercent(actual: number, expected: number, percent: number) {
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(percent / 100);
}

describe("Gamma-Gamma on CDNOW", () => {
  // zbar in dollars
  const summary = parseCdnowSummary(readFileSync(`${CDNOW_DIR}/cdnow_customers_summary_with_transactions.csv`, "utf8"));

  it("reproduces the published estimates on the 946 repeat customers", () => {
    const fit = fitGammaGamma(summary);
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(946);
    expectWithinPercent(fit.params.p, 6.25, 1);
    expectWithinPercent(fit.params.q, 3.74, 1);
    expectWithinPercent(fit.params.v, 15.44, 1);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(gammaGammaLogLikelihood({ p: 6.25, q: 3.74, v: 15.44 }, summary));
  });

  it("is scale-equivariant: fitting in cents multiplies v by 100 and leaves p, q", () => {
    const dollars = fitGammaGamma(summary).params;
    const cents = fitGammaGamma({ ...summary, monetaryValue: summary.monetaryValue.map((m) => m * 100) }).params;
    expect(cents.p).toBeCloseTo(dollars.p, 4);
    expect(cents.q).toBeCloseTo(dollars.q, 4);
    expect(cents.v / 100).toBeCloseTo(dollars.v, 3);
  });

  it("refuses to fit without repeat customers", () => {
    expect(() => fitGammaGamma({ frequency: [0, 0], monetaryValue: [0, 0] })).toThrow(/repeat customers/);
  });
});

describe("conditionalExpectedOrderValue", () => {
  const params = { p: 6.25, q: 3.74, v: 15.44 };
  const populationMean = (15.44 * 6.25) / 2.74;

  it("is the population mean without repeat purchases and tends to the customer's mean with many", () => {
    expect(conditionalExpectedOrderValue(params, 0, 0)).toBeCloseTo(populationMean, 12);
    expect(conditionalExpectedOrderValue(params, 10_000, 50)).toBeCloseTo(50, 1);
    const w = (6.25 * 2) / (6.25 * 2 + 2.74);
    expect(conditionalExpectedOrderValue(params, 2, 22.35)).toBeCloseTo((1 - w) * populationMean + w * 22.35, 12);
  });
});

describe("customerLifetimeValue", () => {
  const gg = { p: 6.25, q: 3.74, v: 15.44 };
  const customer = { frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 };

  it("without discounting equals expected purchases over the horizon times expected order value", () => {
    const periodsPerMonth = 365.25 / 12 / 7;
    const clv = customerLifetimeValue(BGNBD, gg, customer, { months: 12, monthlyDiscountRate: 0, periodsPerMonth });
    const purchases = conditionalExpectedPurchases(BGNBD, 12 * periodsPerMonth, 2, 30.43, 38.86);
    expect(clv).toBeCloseTo(purchases * conditionalExpectedOrderValue(gg, 2, 22.35), 10);
  });

  it("discounts later months", () => {
    const options = { periodsPerMonth: 4.348 };
    const discounted = customerLifetimeValue(BGNBD, gg, customer, { ...options, monthlyDiscountRate: 0.05 });
    const plain = customerLifetimeValue(BGNBD, gg, customer, { ...options, monthlyDiscountRate: 0 });
    expect(discounted).toBeLessThan(plain);
    expect(discounted).toBeGreaterThan(plain / 1.05 ** 12);
  });
});
