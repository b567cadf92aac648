import { readFileSync } from "node:fs";
import {
  bgNbdLogLikelihood,
  conditionalExpectedPurchases,
  expectedPurchases,
  fitBgNbd,
  probabilityAlive,
  probabilityOfPurchases,
} from "./bgnbd";
import { CDNOW_DIR, parseCdnowSummary, simulateBgNbd } from "./test-support";

const PUBLISHED = { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 };

function expectWithinPercent(actual: number, expected: number, percent: number) {
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(percent / 100);
}

describe("BG/NBD on CDNOW", () => {
  const summary = parseCdnowSummary(readFileSync(`${CDNOW_DIR}/cdnow_customers_summary_with_transactions.csv`, "utf8"));

  it("reproduces the published maximum-likelihood estimates", () => {
    const fit = fitBgNbd(summary);
    expect(fit.converged).toBe(true);
    expectWithinPercent(fit.params.r, PUBLISHED.r, 1);
    expectWithinPercent(fit.params.alpha, PUBLISHED.alpha, 1);
    expectWithinPercent(fit.params.a, PUBLISHED.a, 1);
    expectWithinPercent(fit.params.b, PUBLISHED.b, 1);
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 1);
    expect(fit.customers).toBe(2357);
    expect(fit.distinctRows).toBeLessThan(2357);
  });

  it("evaluates the log-likelihood at the published parameters", () => {
    expect(bgNbdLogLikelihood(PUBLISHED, summary)).toBeCloseTo(-9582.4, 0);
  });

  it("gives the published conditional expectation for x=2, t_x=30.43, T=38.86", () => {
    expect(conditionalExpectedPurchases(PUBLISHED, 39, 2, 30.43, 38.86)).toBeCloseTo(1.226, 3);
  });

  it("shrinks parameters towards zero with a penalizer", () => {
    const plain = fitBgNbd(summary);
    const penalized = fitBgNbd(summary, { penalizer: 0.1 });
    const size = (p: typeof PUBLISHED) => p.r ** 2 + p.a ** 2 + p.b ** 2;
    expect(size(penalized.params)).toBeLessThan(size(plain.params));
    expect(penalized.logLikelihood).toBeLessThan(plain.logLikelihood);
  });
});

describe("BG/NBD predictions", () => {
  const p = PUBLISHED;

  it("P(alive) is 1 without repeat purchases and falls with time since the last purchase", () => {
    expect(probabilityAlive(p, 0, 0, 38.86)).toBe(1);
    const recent = probabilityAlive(p, 3, 35, 38.86);
    const lapsed = probabilityAlive(p, 3, 5, 38.86);
    expect(recent).toBeGreaterThan(lapsed);
    expect(recent).toBeLessThan(1);
    // Direct formula from FHL 2005, eq. (11).
    const direct = 1 / (1 + (p.a / (p.b + 3 - 1)) * ((p.alpha + 38.86) / (p.alpha + 5)) ** (p.r + 3));
    expect(lapsed).toBeCloseTo(direct, 14);
  });

  it("unconditional expectation matches FHL's closed form and the conditional one at x = T = 0", () => {
    // FHL eq. (9), with 2F1 summed directly (z < 1).
    const t = 39;
    const z = t / (p.alpha + t);
    let term = 1;
    let sum = 1;
    for (let n = 0; n < 5000; n++) {
      term *= (((p.r + n) * (p.b + n)) / ((p.a + p.b - 1 + n) * (n + 1))) * z;
      sum += term;
    }
    const closed = ((p.a + p.b - 1) / (p.a - 1)) * (1 - (p.alpha / (p.alpha + t)) ** p.r * sum);
    expect(expectedPurchases(p, t)).toBeCloseTo(closed, 10);
    expect(conditionalExpectedPurchases(p, t, 0, 0, 0)).toBeCloseTo(closed, 12);
    expect(expectedPurchases(p, 0)).toBe(0);
  });

  it("is stable for very frequent customers (large x)", () => {
    const value = conditionalExpectedPurchases(p, 52, 400, 104, 104);
    expect(Number.isFinite(value)).toBe(true);
    expect(value).toBeGreaterThan(100);
  });

  it("P(X(t) = n) sums to one and its mean matches E[X(t)]", () => {
    let total = 0;
    let mean = 0;
    for (let n = 0; n < 400; n++) {
      const pn = probabilityOfPurchases(p, 39, n);
      total += pn;
      mean += n * pn;
    }
    expect(total).toBeCloseTo(1, 8);
    expect(mean).toBeCloseTo(expectedPurchases(p, 39), 6);
  });
});

describe("BG/NBD on simulated data", () => {
  it("recovers the parameters it was simulated from", () => {
    const truth = { r: 0.5, alpha: 6, a: 0.9, b: 3.5 };
    const summary = simulateBgNbd(truth, 40_000, 20240601);
    const fit = fitBgNbd(summary);
    expect(fit.converged).toBe(true);
    expectWithinPercent(fit.params.r, truth.r, 10);
    expectWithinPercent(fit.params.alpha, truth.alpha, 10);
    expectWithinPercent(fit.params.a, truth.a, 20);
    expectWithinPercent(fit.params.b, truth.b, 20);
    // The maximum likelihood is at least as high as at the truth.
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgNbdLogLikelihood(truth, summary));
  });
});
