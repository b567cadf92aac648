import { describe, expect, it } from "vitest";
import {
  amountToMinorUnits,
  defaultPointsProgramSettings,
  minorUnitsToAmount,
  parsePointsProgramSettings,
  pointsProgramSettingsSchema,
} from "./settings";

import { translateMessage, translator } from "../../i18n";

// The schema's messages are catalogue keys (with values in params): read here as the admin sees them in English.
const en = translator("en");
const messages = (input: unknown) => {
  const result = pointsProgramSettingsSchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map(
        (issue) =>
          `${issue.path.join(".")}: ${translateMessage(en, {
            key: issue.message,
            values: (issue as { params?: Record<string, string> }).params,
          })}`,
      );
};

describe("points program settings", () => {
  it("accepts the Japanese defaults", () => {
    expect(parsePointsProgramSettings(defaultPointsProgramSettings)).toEqual(defaultPointsProgramSettings);
  });

  it("requires the entry tier to start at 0 and tiers to ascend", () => {
    const tiers = [
      { id: "bronze", name: "Bronze", thresholdMinor: 1000, multiplier: 1 },
      { id: "gold", name: "Gold", thresholdMinor: 500, multiplier: 2 },
    ];
    expect(messages({ ...defaultPointsProgramSettings, tiers })).toEqual([
      "tiers.0.thresholdMinor: The first rank is where every member starts: its spend must be 0.",
      "tiers.1.thresholdMinor: “Gold” must need more spend than “Bronze”: list ranks from lowest to highest.",
    ]);
  });

  it("rejects duplicate tier ids and multipliers with more than two decimals", () => {
    const tiers = [
      { id: "bronze", name: "Bronze", thresholdMinor: 0, multiplier: 1 },
      { id: "bronze", name: "Silver", thresholdMinor: 10, multiplier: 1.255 },
    ];
    expect(messages({ ...defaultPointsProgramSettings, tiers })).toEqual([
      "tiers.1.multiplier: The multiplier can have at most two decimals (e.g. 1.25).",
      "tiers.1.id: The rank ID “bronze” is used twice.",
    ]);
    expect(messages({ ...defaultPointsProgramSettings, tiers: [tiers[0], { ...tiers[1], multiplier: 1.25 }] })).toEqual([
      "tiers.1.id: The rank ID “bronze” is used twice.",
    ]);
  });

  it("explains fractional and zero amounts", () => {
    const earn = { ...defaultPointsProgramSettings.earn, perAmountMinor: 0, points: 1.5 };
    expect(messages({ ...defaultPointsProgramSettings, earn })).toEqual([
      "earn.points: Enter a whole number of points.",
      "earn.perAmountMinor: Enter the spend per point step, above 0 (e.g. 100 for 1 point per ¥100).",
    ]);
  });

  it("requires the ladder to give more for more points", () => {
    const redemptionLadder = [
      { points: 1000, discountMinor: 1100 },
      { points: 500, discountMinor: 1200 },
    ];
    expect(messages({ ...defaultPointsProgramSettings, redemptionLadder })).toEqual([
      "redemptionLadder.1.points: List redemption steps from fewest to most points.",
    ]);
  });

  it("validates the fixed liability rate", () => {
    expect(messages({ ...defaultPointsProgramSettings, liability: { method: "fixed", valueMinor: 1, perPoints: 0 } })).toEqual([
      "liability.perPoints: Enter at least 1 point.",
    ]);
  });
});

describe("minor units", () => {
  it.each([
    ["1500", 0, 1500],
    ["15.00", 2, 1500],
    ["15.5", 2, 1550],
    ["0.07", 2, 7],
    ["-3.10", 2, -310],
    ["1.230", 3, 1230],
  ])("%s with %i decimals is %i", (amount, decimals, minor) => {
    expect(amountToMinorUnits(amount, decimals)).toBe(minor);
    expect(amountToMinorUnits(minorUnitsToAmount(minor, decimals), decimals)).toBe(minor);
  });

  it("refuses more decimals than the currency has", () => {
    expect(() => amountToMinorUnits("100.5", 0)).toThrow(/more decimals than the currency allows \(0\)/);
    expect(() => amountToMinorUnits("1,000", 0)).toThrow(/is not an amount/);
  });

  it("formats minor units", () => {
    expect(minorUnitsToAmount(7, 2)).toBe("0.07");
    expect(minorUnitsToAmount(150050, 2)).toBe("1500.50");
    expect(minorUnitsToAmount(500, 0)).toBe("500");
  });
});
