import { describe, expect, it } from "vitest";
import { defaultPointsProgramSettings } from "../points";
import { desiredState, memberTierProgress, planCustomerPush, pointsMetafields, type PushContext } from "./plan";

const settings = { ...defaultPointsProgramSettings, currencyCode: "JPY" };
const context: PushContext = {
  push: { tagPrefix: "kizuna:", taggedSegments: ["champions"], writeMetafields: true },
  points: settings,
  currency: "JPY",
};

const values = (writes: { key: string; value: string }[]) => Object.fromEntries(writes.map((w) => [w.key, w.value]));

describe("the points values of a member", () => {
  it("are the tier id, its name and a progress measured from the tier the member holds", () => {
    // the member holds gold although the rolling spend (60,000) only reaches silver: tiers move daily
    const writes = values(pointsMetafields(settings, { balance: 320, tier: "gold", rollingSpendMinor: 60_000 }));
    expect(writes).toMatchObject({ points_balance: "320", tier: "gold", tier_name: "Gold" });
    expect(JSON.parse(writes.tier_progress)).toMatchObject({
      tier: "gold",
      tier_name: "Gold",
      next_tier: null,
      progress_percent: 100,
    });
  });

  it("use the tier the spend reaches before the first placement, or when the held tier was removed", () => {
    for (const tier of [null, "platinum-removed"]) {
      const progress = memberTierProgress(settings, { tier, rollingSpendMinor: 100_000 });
      expect(progress).toMatchObject({ tier: "silver", next_tier: "gold", spend_to_next_minor: 50_000, progress_percent: 50 });
    }
  });

  it("never show a negative spend to the next tier when the spend already passed it", () => {
    const progress = memberTierProgress(settings, { tier: "bronze", rollingSpendMinor: 70_000 });
    expect(progress).toMatchObject({ tier: "bronze", next_tier: "silver", spend_to_next_minor: 0, progress_percent: 99 });
  });
});

describe("one plan for tags and every metafield", () => {
  it("plans analysis and points values together, and later only what changed", () => {
    const metrics = {
      customerId: 1n,
      segment: "champions",
      rScore: 5,
      fScore: 4,
      mScore: 5,
      predictedClv12mMinor: 12_800,
      pAlive: 0.83,
    };
    const points = { balance: 100, tier: "bronze", rollingSpendMinor: 0 };
    const first = planCustomerPush(desiredState(1n, metrics, points, context), null);
    expect(first?.tagsAdd).toEqual(["kizuna:champions"]);
    expect(first?.metafields.map((m) => m.key).sort()).toEqual(
      [
        "p_alive",
        "churn_risk",
        "points_balance",
        "predicted_clv",
        "rfm_score",
        "segment",
        "tier",
        "tier_name",
        "tier_progress",
      ].sort(),
    );
    const second = planCustomerPush(desiredState(1n, metrics, { ...points, balance: 90 }, context), first?.next ?? null);
    expect(second?.metafields.map((m) => [m.key, m.value])).toEqual([["points_balance", "90"]]);
    expect(second?.tagsAdd).toEqual([]);
  });

  it("writes churn risk as 1 − P(alive) and whether the customer is a future-loyal candidate", () => {
    const metrics = {
      customerId: 1n,
      segment: "loyal",
      rScore: 4,
      fScore: 4,
      mScore: 4,
      predictedClv12mMinor: null,
      pAlive: 0.8312,
    };
    const candidate = desiredState(1n, { ...metrics, futureLoyalScore: 0.4 }, null, context).metafields;
    expect(candidate.churn_risk).toEqual({ key: "churn_risk", type: "number_decimal", value: "0.1688" });
    expect(candidate.future_loyal).toEqual({ key: "future_loyal", type: "boolean", value: "true" });
    const other = desiredState(1n, { ...metrics, pAlive: null, futureLoyalScore: null }, null, context).metafields;
    expect(other.churn_risk).toBeUndefined();
    expect(other.future_loyal?.value).toBe("false");
  });

  it("writes no points values while the program is off", () => {
    const desired = desiredState(1n, null, { balance: 5, tier: null, rollingSpendMinor: 0 }, { ...context, points: null });
    expect(desired.metafields).toEqual({});
  });

  it("writes the points values once more over a state recorded before tier_name existed", () => {
    const legacy = { tags: [], metafields: { points_balance: "100", tier: "bronze", tier_progress: "{}", segment: "new" } };
    const plan = planCustomerPush(
      desiredState(1n, null, { balance: 100, tier: "bronze", rollingSpendMinor: 0 }, context),
      legacy,
    );
    expect(plan?.metafields.map((m) => m.key).sort()).toEqual(["points_balance", "tier", "tier_name", "tier_progress"]);
    expect(plan?.next.metafields.segment).toBe("new");
  });
});

describe("customers without orders and campaign groups", () => {
  const noOrders = {
    customerId: 7n,
    segment: "none",
    rScore: 0,
    fScore: 0,
    mScore: 0,
    predictedClv12mMinor: 0,
    pAlive: 1,
  };

  it("writes no segment, scores or predictions for a customer without orders", () => {
    const desired = desiredState(7n, noOrders, null, { ...context, points: null });
    expect(desired.metafields).toEqual({});
    expect(desired.tags).toEqual([]);
    expect(planCustomerPush(desired, null)).toBeNull();
  });

  it("deletes the segment=none and rfm_score=000 values an earlier version pushed, and keeps points values", () => {
    const previous = { tags: [], metafields: { segment: "none", rfm_score: "000", p_alive: "1.0000", tier_name: "Bronze" } };
    const plan = planCustomerPush(desiredState(7n, noOrders, null, { ...context, points: null }), previous);
    expect(plan?.metafieldsDelete).toEqual(["segment", "rfm_score", "p_alive"]);
    expect(plan?.next.metafields).toEqual({ tier_name: "Bronze" });
    // with metafields switched off nothing is deleted
    const off = { ...context, points: null, push: { ...context.push, writeMetafields: false } };
    expect(planCustomerPush(desiredState(7n, noOrders, null, off), previous)).toBeNull();
  });

  it("tags each running campaign group and takes the tag off when the group is gone", () => {
    const groups = [
      { campaignId: 3, group: "treatment" as const },
      { campaignId: 9, group: "holdout" as const },
    ];
    const first = planCustomerPush(desiredState(7n, noOrders, null, { ...context, points: null }, groups), null);
    expect(first?.tagsAdd).toEqual(["kizuna-campaign-3-treatment", "kizuna-campaign-9-holdout"]);
    const ended = planCustomerPush(
      desiredState(7n, noOrders, null, { ...context, points: null }, groups.slice(1)),
      first?.next ?? null,
    );
    expect(ended).toMatchObject({ tagsAdd: [], tagsRemove: ["kizuna-campaign-3-treatment"] });
  });
});
