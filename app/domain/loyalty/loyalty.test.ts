import { customerHistory } from "../ltv";
import { ordersFromRecords } from "../orders";
import {
  daysToSecondOrderBucket,
  evaluateLoyalRule,
  futureLoyalCandidates,
  loyalRuleSchema,
  traitLifts,
  valueBand,
} from "./index";

describe("loyal rule", () => {
  // a: 5 orders, 60,000 spent, customer for 2+ years, last order 10 days ago.
  // b: 2 orders, 80,000 spent, first order 100 days ago, last 50 days ago.
  // c: 1 order, 1,000, 800 days ago.
  const asOfDay = 1000;
  const { orders } = ordersFromRecords([
    ...[200, 500, 700, 900, 990].map((day) => ({ customerId: "a", day, amount: 12_000 })),
    { customerId: "b", day: 900, amount: 30_000 },
    { customerId: "b", day: 950, amount: 50_000 },
    { customerId: "c", day: 200, amount: 1_000 },
  ]);
  const history = customerHistory(orders, { asOfDay });
  const evaluate = (rule: unknown) => Array.from(evaluateLoyalRule(loyalRuleSchema.parse(rule), history, asOfDay));

  it("applies each condition", () => {
    expect(evaluate({ match: "all", conditions: [{ kind: "min_orders", orders: 2 }] })).toEqual([1, 1, 0]);
    expect(evaluate({ match: "all", conditions: [{ kind: "min_net_spend", amount: 70_000 }] })).toEqual([0, 1, 0]);
    expect(evaluate({ match: "all", conditions: [{ kind: "min_customer_years", years: 2 }] })).toEqual([1, 0, 1]);
    expect(evaluate({ match: "all", conditions: [{ kind: "max_recency_days", days: 50 }] })).toEqual([1, 1, 0]);
  });

  it("combines with AND", () => {
    const rule = {
      match: "all",
      conditions: [
        { kind: "min_orders", orders: 3 },
        { kind: "max_recency_days", days: 30 },
      ],
    };
    expect(evaluate(rule)).toEqual([1, 0, 0]);
  });

  it("combines with OR", () => {
    const rule = {
      match: "any",
      conditions: [
        { kind: "min_net_spend", amount: 70_000 },
        { kind: "min_customer_years", years: 2 },
      ],
    };
    expect(evaluate(rule)).toEqual([1, 1, 1]);
    expect(
      evaluate({
        ...rule,
        conditions: [
          { kind: "min_orders", orders: 10 },
          { kind: "min_net_spend", amount: 1e9 },
        ],
      }),
    ).toEqual([0, 0, 0]);
  });

  it("validates rules from the settings form", () => {
    expect(loyalRuleSchema.safeParse({ match: "all", conditions: [] }).success).toBe(false);
    expect(loyalRuleSchema.safeParse({ match: "both", conditions: [{ kind: "min_orders", orders: 2 }] }).success).toBe(false);
    expect(loyalRuleSchema.safeParse({ match: "any", conditions: [{ kind: "min_orders", orders: 0 }] }).success).toBe(false);
    expect(loyalRuleSchema.safeParse({ match: "any", conditions: [{ kind: "min_net_spend", amount: 12.5 }] }).success).toBe(
      false,
    );
  });
});

describe("traitLifts", () => {
  // 10 customers, 4 loyal. Discount on first order: 3 of 4 loyal, 1 of 6 others.
  const loyal = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
  const traits = {
    first_order_discount: [true, true, true, false, true, false, false, false, false, false],
    first_collection: [
      ["tea", "gift"],
      ["tea"],
      ["coffee"],
      ["tea", "tea"],
      ["coffee"],
      ["coffee"],
      ["tea"],
      null,
      ["coffee"],
      ["gift"],
    ],
    region: ["13", "13", "27", "27", "13", "27", "13", "27", "13", undefined],
  };

  it("computes counts, shares and lift, sorted by lift", () => {
    const lifts = traitLifts(traits, loyal, { minSupport: 1, minLoyalCount: 1 });
    const discount = lifts.find((l) => l.trait === "first_order_discount" && l.value === "true");
    expect(discount).toEqual({
      trait: "first_order_discount",
      value: "true",
      loyalCount: 3,
      otherCount: 1,
      shareOfLoyal: 0.75,
      shareOfAll: 0.4,
      lift: 0.75 / 0.4,
    });
    // Multi-valued: "tea" counted once for customer 3 although listed twice.
    const tea = lifts.find((l) => l.trait === "first_collection" && l.value === "tea");
    expect(tea).toMatchObject({ loyalCount: 3, otherCount: 1, lift: 0.75 / 0.4 });
    // Missing values are not counted as a value.
    const regions = lifts.filter((l) => l.trait === "region");
    expect(regions.reduce((s, l) => s + l.loyalCount + l.otherCount, 0)).toBe(9);
    for (let i = 1; i < lifts.length; i++) expect(lifts[i - 1].lift).toBeGreaterThanOrEqual(lifts[i].lift);
    // Equal lifts: the tie breaks by loyal count, then trait name.
    expect(lifts[0].trait).toBe("first_collection");
  });

  it("applies minimum support", () => {
    const lifts = traitLifts(traits, loyal, { minSupport: 4, minLoyalCount: 2 });
    expect(lifts.every((l) => l.loyalCount + l.otherCount >= 4 && l.loyalCount >= 2)).toBe(true);
    expect(lifts.some((l) => l.value === "gift")).toBe(false);
  });

  it("returns nothing without loyal customers and rejects misaligned columns", () => {
    expect(traitLifts(traits, new Array(10).fill(0))).toEqual([]);
    expect(() => traitLifts({ region: ["13"] }, loyal)).toThrow(/1 values for 10 customers/);
  });
});

describe("trait helpers", () => {
  it("bands values and days", () => {
    expect(valueBand(1999)).toBe("0-2000");
    expect(valueBand(2000)).toBe("2000-5000");
    expect(valueBand(25_000)).toBe("20000+");
    expect(daysToSecondOrderBucket(null)).toBe("none");
    expect(daysToSecondOrderBucket(0)).toBe("0-7");
    expect(daysToSecondOrderBucket(45)).toBe("30-60");
    expect(daysToSecondOrderBucket(400)).toBe("365+");
  });
});

describe("futureLoyalCandidates", () => {
  // Loyal: 0–3. Strong traits (lift ≥ 1.2): discount=true and collection tea, each 3 of 4 loyal vs 5 of 10 overall (lift 1.5).
  const loyal = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
  const traits = {
    first_order_discount: [true, true, true, false, true, false, true, false, false, false],
    first_collection: [["tea"], ["tea"], ["tea"], ["coffee"], ["tea"], ["coffee"], ["coffee"], ["tea"], ["coffee"], ["coffee"]],
  };
  const lifts = traitLifts(traits, loyal, { minSupport: 1, minLoyalCount: 1 });
  const pAlive = [0.9, 0.9, 0.9, 0.9, 0.8, 0.9, 0.6, 0.3, 0.95, 0.7];
  const predictedClv = [9000, 9000, 9000, 9000, 100, 200, 300, 400, 500, 9500];

  it("ranks non-loyal, active customers by P(alive) × evidence with structured reasons", () => {
    const candidates = futureLoyalCandidates({ loyal, pAlive, predictedClv, traits, lifts }, { highClvPercentile: 0.9 });
    // 7 is below the P(alive) threshold; 5 and 8 match no strong trait and are not top CLV.
    // 9's top-decile CLV (evidence ln 10) outweighs 4's two traits (2 · ln 1.5).
    expect(candidates.map((c) => c.customerIndex)).toEqual([9, 4, 6]);
    const discountLift = lifts.find((l) => l.trait === "first_order_discount" && l.value === "true")!.lift;
    const teaLift = lifts.find((l) => l.trait === "first_collection" && l.value === "tea")!.lift;
    expect(discountLift).toBeCloseTo(1.5, 15);
    expect(candidates[1].score).toBeCloseTo(0.8 * (Math.log(discountLift) + Math.log(teaLift)), 12);
    expect(candidates[1].reasons.map((r) => r.kind)).toEqual(["trait", "trait"]);
    expect(candidates[0].reasons).toEqual([{ kind: "high_predicted_clv", predictedClv: 9500, percentile: 1 }]);
    expect(candidates[0].score).toBeCloseTo(0.7 * Math.log(10), 12);
    expect(candidates[2].reasons).toEqual([{ kind: "trait", trait: "first_order_discount", value: "true", lift: discountLift }]);
  });

  it("honours the limit and the P(alive) threshold", () => {
    expect(futureLoyalCandidates({ loyal, pAlive, traits, lifts }, { limit: 1 })).toHaveLength(1);
    const strict = futureLoyalCandidates({ loyal, pAlive, traits, lifts }, { minPAlive: 0.85 });
    expect(strict.every((c) => c.pAlive >= 0.85)).toBe(true);
  });
});
