import { conditionalExpectedPurchases, probabilityAlive, type BgNbdParams } from "../../app/domain/clv/bgnbd";
import { predictionIntervals } from "../../app/domain/clv/intervals";
import { fitFrequencyModel } from "../../app/domain/clv/models";
import { predictCustomers } from "../../app/domain/clv/predict";
import { simulateBgNbd } from "../../app/domain/clv/test-support";

/**
 * Coverage by simulation: synthetic stores drawn from known BG/NBD parameters; each is fitted, and the
 * 80% intervals are checked against the same quantities under the true parameters.
 */
describe("80% intervals from the parameters' uncertainty", () => {
  const truth: BgNbdParams = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
  const replications = 30;
  const customers = 800;
  const results = Array.from({ length: replications }, (_, rep) => {
    const summary = simulateBgNbd(truth, customers, 1000 + rep);
    const fit = fitFrequencyModel("bgnbd", summary);
    const model = {
      kind: "frequency_gamma_gamma" as const,
      period: "week" as const,
      frequency: fit.model,
      gammaGamma: { p: 6, q: 4, v: 15 },
    };
    const point = predictCustomers(summary, model);
    const intervals = predictionIntervals(summary, fit, point, { draws: 100, seed: rep + 1 });
    let pInside = 0;
    let eInside = 0;
    let shopTruth = 0;
    let shopPoint = 0;
    for (let i = 0; i < summary.size; i++) {
      const x = summary.frequency[i];
      const tx = summary.recency[i];
      const T = summary.T[i];
      const p = probabilityAlive(truth, x, tx, T);
      const e = conditionalExpectedPurchases(truth, 365 / 7, x, tx, T);
      if (p >= intervals.pAliveLow[i] - 1e-12 && p <= intervals.pAliveHigh[i] + 1e-12) pInside++;
      if (e >= intervals.expectedPurchases365Low[i] && e <= intervals.expectedPurchases365High[i]) eInside++;
      shopTruth += e;
      shopPoint += point.customers.expectedPurchases365[i];
    }
    // Shop-level: the 365-day total under the true parameters against the interval of the same total.
    const ratio = shopTruth / shopPoint;
    const shop = intervals.shop.expectedPurchases;
    const f = point.forecast.expectedPurchases;
    return {
      pCoverage: pInside / summary.size,
      eCoverage: eInside / summary.size,
      shopInside: ratio * f >= shop.low && ratio * f <= shop.high,
      intervals,
      point,
    };
  });

  it("covers about 80% of the true per-customer values", () => {
    if (process.env.KIZUNA_PRINT_COVERAGE) console.log(results.map((r) => [r.pCoverage, r.eCoverage, r.shopInside]));
    const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
    const p = mean(results.map((r) => r.pCoverage));
    const e = mean(results.map((r) => r.eCoverage));
    expect(p).toBeGreaterThan(0.65);
    expect(p).toBeLessThan(0.95);
    expect(e).toBeGreaterThan(0.65);
    expect(e).toBeLessThan(0.95);
  });

  it("covers about 80% of the true shop-level forecasts", () => {
    const share = results.filter((r) => r.shopInside).length / replications;
    expect(share).toBeGreaterThan(0.6);
    expect(share).toBeLessThanOrEqual(0.97);
  });

  it("brackets the point estimates and orders low ≤ high", () => {
    const { intervals, point } = results[0];
    for (let i = 0; i < point.customers.size; i++) {
      expect(intervals.pAliveLow[i]).toBeLessThanOrEqual(point.customers.pAlive[i] + 1e-12);
      expect(intervals.pAliveHigh[i]).toBeGreaterThanOrEqual(point.customers.pAlive[i] - 1e-12);
      expect(intervals.predictedClv12mLow[i]).toBeLessThanOrEqual(intervals.predictedClv12mHigh[i]);
    }
    expect(intervals.groups).toBeLessThan(point.customers.size);
  });

  it("gives a next-order date only to customers likely to order again", () => {
    const { intervals, point } = results[0];
    for (let i = 0; i < point.customers.size; i++) {
      if (point.customers.pAlive[i] <= 0.5) expect(intervals.daysToNextOrder[i]).toBe(Number.POSITIVE_INFINITY);
      else expect(intervals.daysToNextOrder[i]).toBeGreaterThan(0);
    }
  });
});
