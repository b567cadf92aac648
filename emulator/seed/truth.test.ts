import { expectedRepeatPurchases, expectedRepeatPurchasesByIntegration, hyp2f1, lnGamma, seedTruth } from "./truth";

describe("BG/NBD expectation", () => {
  it("evaluates the special functions", () => {
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
    // 2F1(1, 1; 2; z) = −ln(1 − z)/z
    expect(hyp2f1(1, 1, 2, 0.9)).toBeCloseTo(-Math.log(0.1) / 0.9, 10);
  });

  it.each([
    [{ r: 0.9, alpha: 80, a: 0.8, b: 2.5 }, 365],
    [{ r: 0.9, alpha: 80, a: 0.8, b: 2.5 }, 1096],
    [{ r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 }, 39], // the CDNOW fit from the paper, in weeks
    [{ r: 2, alpha: 30, a: 1.5, b: 4 }, 200],
  ])("agrees between the closed form and numerical integration (%o, t=%s)", (params, t) => {
    const closed = expectedRepeatPurchases(params, t);
    const integrated = expectedRepeatPurchasesByIntegration(params, t);
    expect(Math.abs(closed / integrated - 1)).toBeLessThan(2e-3);
  });

  it("handles a = 1 and is 0 at t = 0", () => {
    const params = { r: 1, alpha: 50, a: 1, b: 3 };
    expect(expectedRepeatPurchases(params, 0)).toBe(0);
    expect(expectedRepeatPurchases(params, 300)).toBeCloseTo(expectedRepeatPurchases({ ...params, a: 1.0001 }, 300), 3);
  });
});

describe("seedTruth", () => {
  it("records defaults, the window and per-customer latents for small stores", () => {
    const truth = seedTruth({ seed: 1, customers: 300 });
    expect(truth.bgnbd).toEqual({ r: 0.9, alpha: 80, a: 0.8, b: 2.5, timeUnit: "day" });
    expect(truth.gammaGamma).toEqual({ p: 6, q: 4, v: 3000, currency: "JPY" });
    expect(truth.endsAt).toBe(Date.UTC(2026, 10, 1));
    expect(truth.startsAt).toBe(Date.UTC(2023, 10, 1));
    const latents = Object.values(truth.customers ?? {});
    expect(latents.length).toBeGreaterThan(240);
    expect(latents.length).toBeLessThan(300);
    for (const latent of latents) {
      expect(latent.lambda).toBeGreaterThan(0);
      expect(latent.p).toBeGreaterThan(0);
      expect(latent.p).toBeLessThan(1);
      expect(latent.meanSpend).toBeGreaterThan(0);
      if (latent.diedAt !== null) expect(latent.diedAt).toBeLessThan(truth.endsAt);
    }
    expect(truth.loyaltyDrivers?.length).toBe(4);
    expect(truth.affinityGroups?.every((group) => group.productIds.every((id) => id > 0))).toBe(true);
  });

  it("applies overrides, scales v to the currency and omits latents above 50k customers", () => {
    const truth = seedTruth({ seed: 1, customers: 60_000, currency: "USD", truth: { r: 1.2, q: 3 } });
    expect(truth.bgnbd.r).toBe(1.2);
    expect(truth.gammaGamma).toEqual({ p: 6, q: 3, v: 15, currency: "USD" }); // mean p·v/(q−1) = $45
    expect(truth.customers).toBeUndefined();
  });
});
