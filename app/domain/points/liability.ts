import type { PointsProgramSettings } from "./settings";

/**
 * What outstanding points are worth, in minor units, rounded down: the merchant's liability.
 * `best_ladder_step` values every point at the ladder's best rate (discount ÷ points), which is
 * the most the points could cost the shop; `fixed` uses the configured rate.
 */
export function pointsLiabilityMinor(settings: PointsProgramSettings, outstandingPoints: number): number {
  if (outstandingPoints <= 0) return 0;
  const valuation = settings.liability;
  if (valuation.method === "fixed") {
    return Number((BigInt(outstandingPoints) * BigInt(valuation.valueMinor)) / BigInt(valuation.perPoints));
  }
  // Compare discount/points ratios by cross-multiplying, so no float decides which step is best.
  let best = settings.redemptionLadder[0];
  for (const step of settings.redemptionLadder) {
    if (step.discountMinor * best.points > best.discountMinor * step.points) best = step;
  }
  return Number((BigInt(outstandingPoints) * BigInt(best.discountMinor)) / BigInt(best.points));
}
