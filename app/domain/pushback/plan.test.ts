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
      ["p_alive", "points_balance", "predicted_clv", "rfm_score", "segment", "tier", "tier_name", "tier_progress"].sort(),
    );
    const second = planCustomerPush(desiredState(1n, metrics, { ...points, balance: 90 }, context), first?.next ?? null);
    expect(second?.metafields.map((m) => [m.key, m.value])).toEqual([["points_balance", "90"]]);
    expect(second?.tagsAdd).toEqual([]);
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
