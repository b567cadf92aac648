import { describe, expect, it } from "vitest";
import { assignHoldout, holdoutHash } from "./holdout";

const ids = Array.from({ length: 1000 }, (_, i) => BigInt(7_000_000 + i * 13));

describe("hold-out assignment", () => {
  it("holds out exactly the chosen share, reproducibly", () => {
    const first = assignHoldout(42, ids, 0.1);
    expect(first.holdout).toHaveLength(100);
    expect(first.treatment).toHaveLength(900);
    expect(assignHoldout(42, [...ids].reverse(), 0.1).holdout.sort()).toEqual([...first.holdout].sort());
    expect(new Set([...first.holdout, ...first.treatment]).size).toBe(1000);
  });

  it("draws a different group for another campaign", () => {
    const a = new Set(assignHoldout(1, ids, 0.1).holdout);
    const b = assignHoldout(2, ids, 0.1).holdout;
    const overlap = b.filter((id) => a.has(id)).length;
    expect(overlap).toBeLessThan(30); // ~10 expected by chance
  });

  it("spreads hashes evenly", () => {
    const buckets = new Array(10).fill(0);
    for (const id of ids) buckets[Math.floor(holdoutHash(9, id) * 10)]++;
    for (const count of buckets) expect(count).toBeGreaterThan(60);
  });

  it("always treats at least one customer", () => {
    expect(assignHoldout(1, [1n], 0.5)).toEqual({ treatment: [1n], holdout: [] });
    expect(assignHoldout(1, [1n, 2n, 3n], 0)).toMatchObject({ holdout: [] });
  });
});
