import { Rng, cumulative, pickWeighted } from "./rng";

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    squares += x * x;
  }
  const mean = sum / n;
  return { mean, variance: squares / n - mean * mean };
}

describe("Rng", () => {
  it("gives the same stream for the same keys and a different one for different keys", () => {
    const a = new Rng(42, 7, 1);
    const b = new Rng(42, 7, 1);
    const c = new Rng(42, 8, 1);
    const seqA = Array.from({ length: 5 }, () => a.uint32());
    expect(Array.from({ length: 5 }, () => b.uint32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.uint32())).not.toEqual(seqA);
    // seeds above 2^32 still matter
    expect(new Rng(2 ** 40 + 1).uint32()).not.toBe(new Rng(1).uint32());
  });

  it("draws uniforms strictly inside (0, 1)", () => {
    const rng = new Rng(1);
    let min = 1;
    let max = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = rng.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(1);
  });

  it.each([
    [0.9, 80],
    [4, 3000],
    [6, 2],
    [0.3, 1],
  ])("samples Gamma(%s, rate %s) with the right mean and variance", (shape, rate) => {
    const rng = new Rng(3, shape * 1000);
    const { mean, variance } = moments(() => rng.gamma(shape, rate), 200_000);
    expect(Math.abs(mean / (shape / rate) - 1)).toBeLessThan(0.02);
    expect(Math.abs(variance / (shape / rate ** 2) - 1)).toBeLessThan(0.05);
  });

  it("samples Beta(a, b) with the right mean and variance", () => {
    const rng = new Rng(4);
    const [a, b] = [0.8, 2.5];
    const { mean, variance } = moments(() => rng.beta(a, b), 200_000);
    expect(mean).toBeCloseTo(a / (a + b), 2);
    expect(variance).toBeCloseTo((a * b) / ((a + b) ** 2 * (a + b + 1)), 3);
  });

  it("samples exponentials and Poissons with the right means", () => {
    const rng = new Rng(5);
    expect(moments(() => rng.exponential(0.5), 100_000).mean).toBeCloseTo(2, 1);
    expect(moments(() => rng.poisson(3), 100_000).mean).toBeCloseTo(3, 1);
  });

  it("picks indexes in proportion to their weights", () => {
    const rng = new Rng(6);
    const cdf = cumulative([1, 0, 3]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[pickWeighted(rng, cdf)]++;
    expect(counts[1]).toBe(0);
    expect(counts[2] / counts[0]).toBeGreaterThan(2.8);
    expect(counts[2] / counts[0]).toBeLessThan(3.2);
  });
});
