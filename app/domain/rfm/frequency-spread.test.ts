import { describe, expect, it } from "vitest";
import { balancedBreaks, type RfmMetrics, scoreRfm } from "./index";

/** Customers with these order counts, recency and spend spread evenly so only F is skewed. */
function metricsWith(frequencies: number[]): RfmMetrics {
  const n = frequencies.length;
  return {
    customerCount: n + 1,
    recencyDays: Float64Array.from([...frequencies.map((_, i) => i), Number.NaN]),
    frequency: Int32Array.from([...frequencies, 0]),
    monetary: Float64Array.from([...frequencies.map((_, i) => 1000 + i * 10), 0]),
  };
}

/** A skewed shop: 70 % one order, 18 % two, 6 % three, 3 % four, 2 % five to seven, 1 % twelve. */
function skewed(total = 1000): number[] {
  const shares: [number, number][] = [
    [1, 0.7],
    [2, 0.18],
    [3, 0.06],
    [4, 0.03],
    [5, 0.008],
    [6, 0.006],
    [7, 0.006],
    [12, 0.01],
  ];
  const out: number[] = [];
  for (const [orders, share] of shares) for (let i = 0; i < Math.round(share * total); i++) out.push(orders);
  return out;
}

const counts = (scores: Uint8Array) => [1, 2, 3, 4, 5].map((s) => scores.filter((x) => x === s).length);

describe("F scores on a skewed shop (70 % one-order customers)", () => {
  it("uses all five F scores and says so", () => {
    const frequencies = skewed();
    expect(frequencies.filter((f) => f === 1).length / frequencies.length).toBeCloseTo(0.7, 2);
    const scores = scoreRfm(metricsWith(frequencies));
    const perScore = counts(scores.frequency);
    expect(perScore.every((count) => count > 0)).toBe(true);
    expect(scores.rules.frequency).toBe("balanced");
    // one order is F1, two F2, three F3, four F4, five or more F5
    expect(scores.thresholds.frequency).toEqual([2, 3, 4, 5]);
    expect(perScore).toEqual([700, 180, 60, 30, 30]);
    // recency and spend have no ties: plain quintiles
    expect(scores.rules.recency).toBe("quintiles");
    expect(scores.rules.monetary).toBe("quintiles");
    expect(counts(scores.monetary)).toEqual([200, 200, 200, 200, 200]);
  });

  it("gives equal order counts equal scores, whatever the input order", () => {
    const frequencies = skewed(500);
    const forward = scoreRfm(metricsWith(frequencies));
    const backward = scoreRfm(metricsWith([...frequencies].reverse()));
    const byOrders = (scores: Uint8Array, list: number[]) => {
      const map = new Map<number, Set<number>>();
      for (const [i, f] of list.entries()) map.set(f, (map.get(f) ?? new Set()).add(scores[i]));
      return map;
    };
    for (const set of byOrders(forward.frequency, frequencies).values()) expect(set.size).toBe(1);
    expect(forward.thresholds.frequency).toEqual(backward.thresholds.frequency);
  });

  it("spreads over as many scores as there are order counts when there are fewer than five", () => {
    const frequencies = [...Array(70).fill(1), ...Array(20).fill(2), ...Array(10).fill(3)];
    const scores = scoreRfm(metricsWith(frequencies));
    expect(counts(scores.frequency)).toEqual([70, 20, 10, 0, 0]);
    expect(scores.rules.frequency).toBe("balanced");
  });

  it("keeps quintiles when they already spread the customers", () => {
    const scores = scoreRfm(metricsWith(Array.from({ length: 100 }, (_, i) => 1 + i)));
    expect(scores.rules.frequency).toBe("quintiles");
    expect(counts(scores.frequency)).toEqual([20, 20, 20, 20, 20]);
  });

  it("keeps everyone in the middle when everyone ordered the same number of times", () => {
    const scores = scoreRfm(metricsWith(Array(50).fill(1)));
    expect(scores.rules.frequency).toBe("quintiles");
    expect(counts(scores.frequency)).toEqual([0, 0, 50, 0, 0]);
  });

  it("reports fixed thresholds as fixed", () => {
    const scores = scoreRfm(metricsWith(skewed(100)), {
      method: "fixed",
      recencyDays: [30, 90, 180, 365],
      frequency: [2, 3, 5, 10],
      monetary: [5_000, 10_000, 25_000, 50_000],
    });
    expect(scores.rules).toEqual({ recency: "fixed", frequency: "fixed", monetary: "fixed" });
  });
});

describe("balancedBreaks", () => {
  it("closes each score nearest to the next fifth, leaving every score at least one value", () => {
    // 10 × 1, 1 × 2, 1 × 3, 1 × 4, 7 × 9: fifths at 4, 8, 12, 16 customers
    const values = Float64Array.from([...Array(10).fill(1), 2, 3, 4, ...Array(7).fill(9)]);
    expect(balancedBreaks(values)).toEqual([2, 3, 4, 9]);
  });

  it("handles many distinct values in one pass", () => {
    const values = Float64Array.from({ length: 100_000 }, (_, i) => (i < 70_000 ? 1 : i));
    const cuts = balancedBreaks(values);
    expect(cuts[0]).toBe(70_000);
    expect(cuts.every((cut, i) => i === 0 || cut > cuts[i - 1])).toBe(true);
  });
});
