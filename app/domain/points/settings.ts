import { z } from "zod";

export { amountToMinorUnits, minorUnitsToAmount } from "../money";

/*
 * The merchant's points program. Every amount is an integer in the minor units of
 * `currencyCode` (JPY has 0 decimals, so ¥500 is 500; USD has 2, so $5.00 is 500).
 * The admin form converts what the merchant types with `amountToMinorUnits`.
 */

/*
 * Every message is a key of the i18n catalogue (app/i18n/catalog/points-errors.ts), with values in the
 * issue's params where it needs them: the admin form shows it under the field, in the admin's language.
 */
const points = () =>
  z
    .number({ error: "points.errors.pointsNumber" })
    .int({ error: "points.errors.pointsWhole" })
    .nonnegative({ error: "points.errors.pointsNegative" });

const positivePoints = () =>
  z
    .number({ error: "points.errors.pointsNumber" })
    .int({ error: "points.errors.pointsWhole" })
    .positive({ error: "points.errors.pointsPositive" });

const minorAmount = () =>
  z
    .number({ error: "points.errors.amountNumber" })
    .int({ error: "points.errors.amountWhole" })
    .nonnegative({ error: "points.errors.amountNegative" });

const months = () => z.number({ error: "points.errors.monthsWhole" }).int({ error: "points.errors.monthsWhole" });

/** A multiplier such as 1, 1.5 or 2: two decimals at most, so it can be applied in integer arithmetic. */
const multiplier = z
  .number({ error: "points.errors.multiplierNumber" })
  .min(1, { error: "points.errors.multiplierMin" })
  .max(10, { error: "points.errors.multiplierMax" })
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-9, {
    error: "points.errors.multiplierDecimals",
  });

export const tierSchema = z.object({
  id: z.string({ error: "points.errors.tierId" }).regex(/^[a-z][a-z0-9_-]{0,31}$/, { error: "points.errors.tierId" }),
  name: z
    .string({ error: "points.errors.tierName" })
    .trim()
    .min(1, { error: "points.errors.tierName" })
    .max(40, { error: "points.errors.tierNameTooLong" }),
  /** Net spend over the rolling window (in minor units) from which this tier applies. */
  thresholdMinor: minorAmount(),
  multiplier,
});

export const redemptionStepSchema = z.object({
  points: positivePoints(),
  discountMinor: z
    .number({ error: "points.errors.amountNumber" })
    .int({ error: "points.errors.amountWhole" })
    .positive({ error: "points.errors.amountPositive" }),
});

export const liabilityValuationSchema = z.discriminatedUnion("method", [
  /** Value every outstanding point at the best rate the ladder offers (the most a customer could get). */
  z.object({ method: z.literal("best_ladder_step") }),
  /** Value points at a fixed rate: `valueMinor` per `perPoints` points (e.g. 1 yen per point). */
  z.object({
    method: z.literal("fixed"),
    valueMinor: minorAmount(),
    perPoints: positivePoints(),
  }),
]);

export const pointsProgramSettingsSchema = z
  .object({
    currencyCode: z.string({ error: "points.errors.currency" }).regex(/^[A-Z]{3}$/, { error: "points.errors.currency" }),
    earn: z.object({
      /** `points` are earned for every full `perAmountMinor` of net merchandise (rounded down). */
      points: positivePoints(),
      perAmountMinor: z
        .number({ error: "points.errors.amountNumber" })
        .int({ error: "points.errors.amountWhole" })
        .positive({ error: "points.errors.perAmountPositive" }),
      /** Orders whose net merchandise total is below this earn nothing. */
      minOrderMinor: minorAmount(),
      /** Most points one order can earn (after the tier multiplier); null = no cap. */
      maxPointsPerOrder: positivePoints().nullable(),
    }),
    tiers: z.array(tierSchema).min(1, { error: "points.errors.tiersMin" }).max(10, { error: "points.errors.tiersMax" }),
    /** Tiers are decided by net spend over this many months, ending now. */
    tierWindowMonths: months()
      .min(1, { error: "points.errors.tierWindowRange" })
      .max(36, { error: "points.errors.tierWindowRange" }),
    welcomeBonus: points(),
    /** Granted once per calendar year (shop time zone), during the customer's birthday month. */
    birthdayBonus: points(),
    expiry: z.object({
      enabled: z.boolean(),
      /** The whole balance expires after this many months without a purchase. */
      monthsWithoutPurchase: months()
        .min(1, { error: "points.errors.expiryRange" })
        .max(120, { error: "points.errors.expiryRange" }),
    }),
    redemptionLadder: z
      .array(redemptionStepSchema)
      .min(1, { error: "points.errors.ladderMin" })
      .max(20, { error: "points.errors.ladderMax" }),
    /** Largest manual adjustment (either sign) staff may make at once; guards against typos. */
    maxAdjustmentPoints: positivePoints(),
    liability: liabilityValuationSchema,
  })
  .superRefine((settings, ctx) => {
    const tiers = settings.tiers;
    if (tiers[0] && tiers[0].thresholdMinor !== 0) {
      ctx.addIssue({ code: "custom", path: ["tiers", 0, "thresholdMinor"], message: "points.errors.firstTierZero" });
    }
    for (let i = 1; i < tiers.length; i++) {
      if (tiers[i].thresholdMinor <= tiers[i - 1].thresholdMinor) {
        ctx.addIssue({
          code: "custom",
          path: ["tiers", i, "thresholdMinor"],
          message: "points.errors.tierOrder",
          params: { tier: tiers[i].name, previous: tiers[i - 1].name },
        });
      }
    }
    const ids = new Set<string>();
    tiers.forEach((tier, i) => {
      if (ids.has(tier.id)) {
        ctx.addIssue({ code: "custom", path: ["tiers", i, "id"], message: "points.errors.tierIdTwice", params: { id: tier.id } });
      }
      ids.add(tier.id);
    });
    const ladder = settings.redemptionLadder;
    for (let i = 1; i < ladder.length; i++) {
      if (ladder[i].points <= ladder[i - 1].points) {
        ctx.addIssue({ code: "custom", path: ["redemptionLadder", i, "points"], message: "points.errors.ladderPointsOrder" });
      }
      if (ladder[i].discountMinor <= ladder[i - 1].discountMinor) {
        ctx.addIssue({
          code: "custom",
          path: ["redemptionLadder", i, "discountMinor"],
          message: "points.errors.ladderDiscountOrder",
        });
      }
    }
  });

export type PointsProgramSettings = z.infer<typeof pointsProgramSettingsSchema>;
export type Tier = z.infer<typeof tierSchema>;
export type RedemptionStep = z.infer<typeof redemptionStepSchema>;
export type LiabilityValuation = z.infer<typeof liabilityValuationSchema>;

/** A typical Japanese shop: 1 pt per ¥100, bronze/silver/gold, points valid 12 months after the last purchase. */
export const defaultPointsProgramSettings: PointsProgramSettings = {
  currencyCode: "JPY",
  earn: { points: 1, perAmountMinor: 100, minOrderMinor: 0, maxPointsPerOrder: null },
  tiers: [
    { id: "bronze", name: "Bronze", thresholdMinor: 0, multiplier: 1 },
    { id: "silver", name: "Silver", thresholdMinor: 50_000, multiplier: 1.5 },
    { id: "gold", name: "Gold", thresholdMinor: 150_000, multiplier: 2 },
  ],
  tierWindowMonths: 12,
  welcomeBonus: 300,
  birthdayBonus: 500,
  expiry: { enabled: true, monthsWithoutPurchase: 12 },
  redemptionLadder: [
    { points: 500, discountMinor: 500 },
    { points: 1_000, discountMinor: 1_100 },
    { points: 3_000, discountMinor: 3_500 },
  ],
  maxAdjustmentPoints: 100_000,
  liability: { method: "best_ladder_step" },
};

/** Parses stored or submitted settings; throws a ZodError whose issues carry paths for the admin form. */
export function parsePointsProgramSettings(input: unknown): PointsProgramSettings {
  return pointsProgramSettingsSchema.parse(input);
}
