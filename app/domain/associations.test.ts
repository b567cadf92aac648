import { type Baskets, countAssociations, topAssociations } from "./associations";

/** Baskets from per-order product lists, the friendly form for small inputs. */
function basketsFromLists(lists: readonly (readonly number[])[], productCount?: number): Baskets {
  const offsets = new Int32Array(lists.length + 1);
  for (let o = 0; o < lists.length; o++) offsets[o + 1] = offsets[o] + lists[o].length;
  const items = new Int32Array(offsets[lists.length]);
  let max = -1;
  lists.forEach((list, o) => {
    items.set(list, offsets[o]);
    for (const item of list) max = Math.max(max, item);
  });
  return { offsets, items, productCount: productCount ?? max + 1 };
}

// Products: 0 = tea, 1 = teapot, 2 = cups, 3 = coffee, 4 = gift wrap.
const TEA = 0;
const TEAPOT = 1;
const CUPS = 2;
const COFFEE = 3;
const WRAP = 4;

// 10 baskets: tea appears in 5, teapot in 4, tea+teapot together in 3.
const baskets = basketsFromLists(
  [
    [TEA, TEAPOT],
    [TEA, TEAPOT, CUPS],
    [TEA, TEAPOT, TEA], // duplicate line items count once
    [TEA, CUPS],
    [TEA],
    [TEAPOT],
    [COFFEE, CUPS],
    [COFFEE],
    [COFFEE, WRAP],
    [WRAP],
  ],
  5,
);

describe("association counts and rules", () => {
  const counts = countAssociations(baskets);

  it("counts baskets per item and per pair", () => {
    expect(counts.basketCount).toBe(10);
    expect(Array.from(counts.itemBaskets)).toEqual([5, 4, 3, 3, 2]);
    expect(counts.pairBaskets.get(TEA * 5 + TEAPOT)).toBe(3);
    expect(counts.pairBaskets.get(TEA * 5 + CUPS)).toBe(2);
  });

  it("computes support, confidence and lift", () => {
    const rules = topAssociations(counts, { minCount: 1 });
    const teaToTeapot = rules[TEA].find((r) => r.consequent === TEAPOT)!;
    expect(teaToTeapot.support).toBeCloseTo(3 / 10, 15);
    expect(teaToTeapot.confidence).toBeCloseTo(3 / 5, 15);
    // lift = P(teapot | tea) / P(teapot) = 0.6 / 0.4
    expect(teaToTeapot.lift).toBeCloseTo(1.5, 15);
    const teapotToTea = rules[TEAPOT].find((r) => r.consequent === TEA)!;
    expect(teapotToTea.confidence).toBeCloseTo(3 / 4, 15);
    expect(teapotToTea.lift).toBeCloseTo(1.5, 15);
    // Coffee and cups: 1 basket; lift = (1 · 10) / (3 · 3).
    expect(rules[COFFEE].find((r) => r.consequent === CUPS)!.lift).toBeCloseTo(10 / 9, 15);
  });

  it("applies minimum count and support and ranks top-k", () => {
    const rules = topAssociations(counts, { minCount: 2 });
    expect(rules[TEA].map((r) => r.consequent)).toEqual([TEAPOT, CUPS]);
    expect(rules[COFFEE]).toEqual([]);
    expect(topAssociations(counts, { minCount: 1, minSupport: 0.25 })[TEA].map((r) => r.consequent)).toEqual([TEAPOT]);
    expect(topAssociations(counts, { minCount: 1, topK: 1 })[TEA]).toHaveLength(1);
    // From cups: tea 2/3 (lift 1.33), coffee 1/3 (lift 1.11), teapot 1/3 (lift 0.83); equal
    // confidence breaks by lift.
    expect(topAssociations(counts, { minCount: 1 })[CUPS].map((r) => r.consequent)).toEqual([TEA, COFFEE, TEAPOT]);
    // By lift, from tea: teapot (1.5) before cups (2·10 / (5·3) = 1.33).
    expect(topAssociations(counts, { minCount: 1, rankBy: "lift" })[TEA].map((r) => r.consequent)).toEqual([TEAPOT, CUPS]);
  });

  it("leaves oversized baskets out of pair counts", () => {
    const capped = countAssociations(baskets, { maxBasketSize: 2 });
    expect(capped.oversizedBaskets).toBe(1); // tea, teapot, cups
    expect(capped.pairBaskets.get(TEA * 5 + TEAPOT)).toBe(2);
    expect(Array.from(capped.itemBaskets)).toEqual([5, 4, 3, 3, 2]);
  });

  it("rejects product indexes outside the range", () => {
    expect(() => countAssociations({ ...basketsFromLists([[0, 7]]), productCount: 5 })).toThrow(/outside/);
  });
});
