import { describe, expect, it } from "vitest";
import { niceTicks } from "./nice-ticks";

const isRoundStep = (step: number) => {
  const mantissa = step / 10 ** Math.floor(Math.log10(step));
  return [1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-9);
};

describe("niceTicks", () => {
  it("puts a yen axis up to 2,197,800 on steps of 500,000", () => {
    expect(niceTicks(0, 2_197_800, 5)).toEqual([0, 500_000, 1_000_000, 1_500_000, 2_000_000, 2_500_000]);
  });

  it("steps by 1, 2 or 5 × 10^n and covers the data, with about `count` ticks", () => {
    const ranges: Array<[number, number]> = [
      [0, 1],
      [0, 7],
      [0, 42],
      [0, 99.5],
      [3, 17],
      [0, 123_456],
      [-250, 980],
      [0.02, 0.31],
      [0, 9_876_543_210],
    ];
    for (const [min, max] of ranges) {
      for (const count of [3, 5, 8]) {
        const ticks = niceTicks(min, max, count);
        expect(ticks[0], `${min}..${max}`).toBeLessThanOrEqual(min);
        expect(ticks.at(-1), `${min}..${max}`).toBeGreaterThanOrEqual(max);
        expect(ticks.length).toBeLessThanOrEqual(count + 1);
        expect(ticks.length).toBeGreaterThanOrEqual(2);
        const step = ticks[1] - ticks[0];
        expect(isRoundStep(step), `step ${step} for ${min}..${max}`).toBe(true);
        for (let i = 1; i < ticks.length; i++) expect(ticks[i] - ticks[i - 1]).toBeCloseTo(step, 9);
        for (const tick of ticks) expect(Math.abs(tick / step - Math.round(tick / step))).toBeLessThan(1e-9);
      }
    }
  });

  it("gives tenths without floating-point noise", () => {
    expect(niceTicks(0, 0.3, 4)).toEqual([0, 0.1, 0.2, 0.3]);
  });

  it("never splits a unit that cannot be split", () => {
    // Two customers: not 0, 0.5, 1, 1.5, 2.
    expect(niceTicks(0, 2, 5, { minStep: 1 })).toEqual([0, 1, 2]);
    // Money in minor units of USD: no axis step below one dollar.
    expect(niceTicks(0, 250, 5, { minStep: 100 })).toEqual([0, 100, 200, 300]);
  });

  it("still draws an axis for a flat or empty series", () => {
    expect(niceTicks(0, 0, 5, { minStep: 1 })).toEqual([0, 1]);
    expect(niceTicks(40, 40, 5, { minStep: 1 })).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(Number.NaN, 3, 5)).toEqual([0]);
  });
});
