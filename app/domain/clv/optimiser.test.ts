import { minimize } from "./optimiser";

const rosenbrock = (x: Float64Array) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2;
const rosenbrockGradient = (x: Float64Array, g: Float64Array) => {
  g[0] = -400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]);
  g[1] = 200 * (x[1] - x[0] ** 2);
  return rosenbrock(x);
};

describe("minimize", () => {
  it("finds the Rosenbrock minimum with L-BFGS and an analytic gradient", () => {
    const result = minimize(rosenbrock, [-1.2, 1], { valueAndGradient: rosenbrockGradient });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
    expect(result.evaluations).toBeLessThan(200);
  });

  it("finds the Rosenbrock minimum with L-BFGS and numeric gradients", () => {
    const result = minimize(rosenbrock, [-1.2, 1], { tolerance: 1e-6 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 4);
    expect(result.x[1]).toBeCloseTo(1, 4);
  });

  it("finds the Rosenbrock minimum with Nelder–Mead", () => {
    const result = minimize(rosenbrock, [-1.2, 1], { method: "nelder-mead" });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 5);
    expect(result.x[1]).toBeCloseTo(1, 5);
  });

  it("minimises a 6-dimensional Rosenbrock", () => {
    const f = (x: Float64Array) => {
      let s = 0;
      for (let i = 0; i < x.length - 1; i++) s += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
      return s;
    };
    const result = minimize(f, [0, 0, 0, 0, 0, 0], { tolerance: 1e-7 });
    for (const xi of result.x) expect(xi).toBeCloseTo(1, 3);
  });

  it("respects box bounds when the free optimum lies outside", () => {
    // Minimum of (x-3)^2 + (y+1)^2 is at (3, -1); the box [0, 2] x [0, 5] pushes it to (2, 0).
    const f = (x: Float64Array) => (x[0] - 3) ** 2 + (x[1] + 1) ** 2;
    for (const method of ["lbfgs", "nelder-mead"] as const) {
      const result = minimize(f, [1, 1], { method, lower: [0, 0], upper: [2, 5], maxIterations: 5000 });
      expect(result.x[0]).toBeLessThanOrEqual(2);
      expect(result.x[1]).toBeGreaterThanOrEqual(0);
      expect(result.x[0]).toBeCloseTo(2, 2);
      expect(result.x[1]).toBeCloseTo(0, 2);
    }
  });

  it("keeps parameters positive with a lower bound of zero (Beale-like on logs)", () => {
    // Minimum at (0.5, 4): a positive-parameter problem shaped like the CLV likelihoods.
    const f = (x: Float64Array) => (Math.log(x[0]) - Math.log(0.5)) ** 2 + (x[1] - 4) ** 2 / 10;
    const result = minimize(f, [1, 1], { lower: [0, 0] });
    expect(result.x[0]).toBeCloseTo(0.5, 6);
    expect(result.x[1]).toBeCloseTo(4, 5);
  });

  it("is deterministic", () => {
    const a = minimize(rosenbrock, [-1.2, 1], { method: "nelder-mead" });
    const b = minimize(rosenbrock, [-1.2, 1], { method: "nelder-mead" });
    expect(a).toEqual(b);
  });

  it("rejects an empty box", () => {
    expect(() => minimize(rosenbrock, [0, 0], { lower: [1, 0], upper: [1, 1] })).toThrow(/bound 0/);
  });
});
