import { digamma, hyp2f1, logGamma } from "./special";

describe("logGamma", () => {
  it("matches factorials and known values", () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(2)).toBeCloseTo(0, 14);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(171)).toBeCloseTo(706.5730622457874, 9);
    expect(logGamma(1e-3)).toBeCloseTo(6.907178885383854, 12);
    expect(logGamma(0.2426)).toBeCloseTo(1.3197854750907918, 13); // near CDNOW's r
  });
});

describe("digamma", () => {
  it("matches known values and the derivative of logGamma", () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 13);
    expect(digamma(0.5)).toBeCloseTo(-1.9635100260214235, 13);
    for (const x of [0.01, 0.3, 2.5, 17, 400]) {
      const h = 1e-5 * x;
      expect(digamma(x)).toBeCloseTo((logGamma(x + h) - logGamma(x - h)) / (2 * h), 5);
    }
  });
});

describe("hyp2f1", () => {
  it("matches closed forms", () => {
    for (const z of [-0.9, -0.3, 0.1, 0.5, 0.9]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 12);
      expect(hyp2f1(2.5, 1.3, 1.3, z)).toBeCloseTo((1 - z) ** -2.5, 11);
    }
    expect(hyp2f1(0.5, 0.5, 1.5, 0.25)).toBeCloseTo(Math.asin(0.5) / 0.5, 13);
    expect(hyp2f1(-3, 2, 1, 0.5)).toBeCloseTo(-0.25, 14); // terminating polynomial: 1 − 3 + 2.25 − 0.5
  });
});
