import { readFileSync } from "node:fs";
import { conditionalExpectedPurchases, probabilityAlive } from "../../app/domain/clv/bgnbd";
import {
  fitFrequencyModel,
  modelConditionalExpected,
  modelLogLikelihood,
  modelPAlive,
  namedParams,
  rowLogLikelihood,
} from "../../app/domain/clv/models";
import { compressSummaryRows } from "../../app/domain/clv/compress";
import { CDNOW_DIR, parseCdnowSummary } from "../../app/domain/clv/test-support";

const summary = parseCdnowSummary(readFileSync(`${CDNOW_DIR}/cdnow_customers_summary_with_transactions.csv`, "utf8"));
const rows = compressSummaryRows(summary.frequency, summary.recency, summary.T);

function expectWithinPercent(actual: number, expected: number, percent: number) {
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(percent / 100);
}

describe("frequency models on CDNOW (published parameters)", () => {
  it("BG/NBD: r=0.243 α=4.414 a=0.793 b=2.426, LL −9582.4", () => {
    const fit = fitFrequencyModel("bgnbd", summary);
    const p = namedParams(fit.model);
    expectWithinPercent(p.r, 0.2426, 1);
    expectWithinPercent(p.alpha, 4.4136, 1);
    expectWithinPercent(p.a, 0.7929, 1);
    expectWithinPercent(p.b, 2.4259, 1);
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 0);
    expect(fit.logCovariance).not.toBeNull();
  });

  it("Pareto/NBD: r=0.553 α=10.58 s=0.606 β=11.67, LL −9595.0 (Fader, Hardie & Lee 2005)", () => {
    const published = [0.5533, 10.5776, 0.6061, 11.6689];
    expect(modelLogLikelihood("pareto", published, rows)).toBeCloseTo(-9595.0, 0);
    const fit = fitFrequencyModel("pareto", summary);
    expect(fit.converged).toBe(true);
    const p = namedParams(fit.model);
    expectWithinPercent(p.r, 0.553, 2);
    expectWithinPercent(p.alpha, 10.58, 2);
    expectWithinPercent(p.s, 0.606, 2);
    expectWithinPercent(p.beta, 11.67, 3);
    expect(fit.logLikelihood).toBeCloseTo(-9595.0, 0);
  });

  it("MBG/NBD: r=0.525 α=6.183 a=0.891 b=1.614 (lifetimes, BTYDplus)", () => {
    const fit = fitFrequencyModel("mbgnbd", summary);
    expect(fit.converged).toBe(true);
    const p = namedParams(fit.model);
    expectWithinPercent(p.r, 0.525, 1);
    expectWithinPercent(p.alpha, 6.183, 1);
    expectWithinPercent(p.a, 0.891, 1.5);
    expectWithinPercent(p.b, 1.614, 1.5);
    // lifetimes' check against Hardie's sheet: x=2, t_x=30.43, T=38.86, 39 weeks ahead ≈ 1.226 (±0.05).
    expect(Math.abs(modelConditionalExpected(fit.model, 39, 2, 30.43, 38.86) - 1.226)).toBeLessThan(0.05);
  });

  it("NBD is BG/NBD's a → 0 limit", () => {
    const nbd = rowLogLikelihood("nbd", [0.4, 5], 3, 20, 30);
    const limit = rowLogLikelihood("bgnbd", [0.4, 5, 1e-9, 50], 3, 20, 30);
    expect(limit).toBeCloseTo(nbd, 6);
    const fit = fitFrequencyModel("nbd", summary);
    expect(fit.converged).toBe(true);
    expect(fit.model.params).toHaveLength(2);
    expect(modelPAlive(fit.model, 3, 1, 30)).toBe(1);
  });

  it("the generic BG/NBD predictions equal the dedicated ones", () => {
    const params = { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 };
    const model = { kind: "bgnbd" as const, params: [params.r, params.alpha, params.a, params.b] };
    expect(modelPAlive(model, 2, 30.43, 38.86)).toBeCloseTo(probabilityAlive(params, 2, 30.43, 38.86), 12);
    expect(modelConditionalExpected(model, 39, 2, 30.43, 38.86)).toBeCloseTo(1.226, 3);
    expect(modelConditionalExpected(model, 39, 2, 30.43, 38.86)).toBeCloseTo(
      conditionalExpectedPurchases(params, 39, 2, 30.43, 38.86),
      12,
    );
  });

  it("Pareto/NBD P(alive) falls with time since the last purchase", () => {
    const model = { kind: "pareto" as const, params: [0.5533, 10.5776, 0.6061, 11.6689] };
    const recent = modelPAlive(model, 4, 37, 38);
    const stale = modelPAlive(model, 4, 5, 38);
    expect(recent).toBeGreaterThan(stale);
    expect(recent).toBeLessThanOrEqual(1);
    expect(stale).toBeGreaterThan(0);
    expect(modelPAlive(model, 0, 0, 38)).toBeLessThan(1);
  });
});
