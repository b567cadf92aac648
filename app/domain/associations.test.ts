import { basketsFromLists, countAssociations, suggestForCustomer, topAssociations } from "./associations";

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

describe("suggestForCustomer", () => {
  const rules = topAssociations(countAssociations(baskets), { minCount: 1 });

  it("suggests associated products the customer has not bought, with the reason", () => {
    const suggestions = suggestForCustomer([TEA], rules);
    expect(suggestions.map((s) => s.product)).toEqual([TEAPOT, CUPS]);
    expect(suggestions[0]).toEqual({ product: TEAPOT, score: 0.6, because: TEA, lift: 1.5 });
    // Owning the teapot already: it is not suggested again; cups come from the strongest rule.
    const second = suggestForCustomer([TEA, TEAPOT], rules);
    expect(second.map((s) => s.product)).toEqual([CUPS]);
    expect(second[0].because).toBe(TEA);
    expect(suggestForCustomer([WRAP], rules).map((s) => s.product)).toEqual([COFFEE]);
  });
});

describe("association performance", () => {
  it("counts a million baskets quickly", () => {
    const orders = 1_000_000;
    const products = 5_000;
    const offsets = new Int32Array(orders + 1);
    const items: number[] = [];
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let o = 0; o < orders; o++) {
      const size = 1 + Math.floor(random() * 3);
      for (let k = 0; k < size; k++) items.push(Math.floor(random() ** 2 * products));
      offsets[o + 1] = items.length;
    }
    const started = performance.now();
    const counts = countAssociations({ offsets, items: Int32Array.from(items), productCount: products });
    topAssociations(counts);
    expect(performance.now() - started).toBeLessThan(10_000); // ~1 s measured; 5M orders ≈ 5 s
  });
});
