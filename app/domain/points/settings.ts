import { z } from "zod";

export { amountToMinorUnits, minorUnitsToAmount } from "../money";

/*
 * The merchant's points program. Every amount is an integer in the minor units of
 * `currencyCode` (JPY has 0 decimals, so ¥500 is 500; USD has 2, so $5.00 is 500).
 * The admin form converts what the merchant types with `amountToMinorUnits`.
 */

const points = (what: string) =>
  z
    .number({ error: `${what} must be a number of points.` })
    .int({ error: `${what} must be a whole number of points.` })
    .nonnegative({ error: `${what} cannot be negative.` });

const positivePoints = (what: string) =>
  z
    .number({ error: `${what} must be a number of points.` })
    .int({ error: `${what} must be a whole number of points.` })
    .positive({ error: `${what} must be at least 1 point.` });

const minorAmount = (what: string) =>
  z
    .number({ error: `${what} must be an amount of money.` })
    .int({ error: `${what} must be a whole amount in the currency's smallest unit (e.g. yen, cents).` })
    .nonnegative({ error: `${what} cannot be negative.` });

/** A multiplier such as 1, 1.5 or 2: two decimals at most, so it can be applied in integer arithmetic. */
const multiplier = z
  .number({ error: "The tier multiplier must be a number such as 1, 1.5 or 2." })
  .min(1, { error: "The tier multiplier must be at least 1 (1 = normal earning)." })
  .max(10, { error: "The tier multiplier can be at most 10." })
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-9, {
    error: "The tier multiplier can have at most two decimals (e.g. 1.25).",
  });

export const tierSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, {
    error: "A tier id uses lowercase letters, digits, '-' or '_' (e.g. gold), at most 32 characters.",
  }),
  name: z.string().trim().min(1, { error: "Give the tier a name customers will see." }).max(40),
  /** Net spend over the rolling window (in minor units) from which this tier applies. */
  thresholdMinor: minorAmount("The tier threshold"),
  multiplier,
});

export const redemptionStepSchema = z.object({
  points: positivePoints("The points of a redemption step"),
  discountMinor: z
    .number({ error: "The discount of a redemption step must be an amount of money." })
    .int({ error: "The discount must be a whole amount in the currency's smallest unit." })
    .positive({ error: "The discount of a redemption step must be more than 0." }),
});

export const liabilityValuationSchema = z.discriminatedUnion("method", [
  /** Value every outstanding point at the best rate the ladder offers (the most a customer could get). */
  z.object({ method: z.literal("best_ladder_step") }),
  /** Value points at a fixed rate: `valueMinor` per `perPoints` points (e.g. 1 yen per point). */
  z.object({
    method: z.literal("fixed"),
    valueMinor: minorAmount("The value of points"),
    perPoints: positivePoints("The number of points valued"),
  }),
]);

export const pointsProgramSettingsSchema = z
  .object({
    currencyCode: z.string().regex(/^[A-Z]{3}$/, { error: "The currency must be a three-letter ISO code such as JPY." }),
    earn: z.object({
      /** `points` are earned for every full `perAmountMinor` of net merchandise (rounded down). */
      points: positivePoints("Points earned per step"),
      perAmountMinor: z
        .number({ error: "The spend per point step must be an amount of money." })
        .int({ error: "The spend per point step must be a whole amount in the currency's smallest unit." })
        .positive({ error: "The spend per point step must be more than 0 (e.g. 100 for 1 point per ¥100)." }),
      /** Orders whose net merchandise total is below this earn nothing. */
      minOrderMinor: minorAmount("The minimum order amount"),
      /** Most points one order can earn (after the tier multiplier); null = no cap. */
      maxPointsPerOrder: positivePoints("The cap on points per order").nullable(),
    }),
    tiers: z
      .array(tierSchema)
      .min(1, { error: "Add at least one tier (the entry tier starts at 0 spend)." })
      .max(10, { error: "At most 10 tiers are supported." }),
    /** Tiers are decided by net spend over this many months, ending now. */
    tierWindowMonths: z
      .number()
      .int({ error: "The tier window must be a whole number of months." })
      .min(1, { error: "The tier window must be at least 1 month." })
      .max(36, { error: "The tier window can be at most 36 months." }),
    welcomeBonus: points("The welcome bonus"),
    /** Granted once per calendar year (shop time zone), during the customer's birthday month. */
    birthdayBonus: points("The birthday bonus"),
    expiry: z.object({
      enabled: z.boolean(),
      /** The whole balance expires after this many months without a purchase. */
      monthsWithoutPurchase: z
        .number()
        .int({ error: "Expiry must be a whole number of months." })
        .min(1, { error: "Points must stay valid at least 1 month after a purchase." })
        .max(120, { error: "Expiry can be at most 120 months." }),
    }),
    redemptionLadder: z
      .array(redemptionStepSchema)
      .min(1, { error: "Add at least one redemption step (e.g. 500 points → ¥500 off)." })
      .max(20, { error: "At most 20 redemption steps are supported." }),
    /** Largest manual adjustment (either sign) staff may make at once; guards against typos. */
    maxAdjustmentPoints: positivePoints("The largest manual adjustment"),
    liability: liabilityValuationSchema,
  })
  .superRefine((settings, ctx) => {
    const tiers = settings.tiers;
    if (tiers[0] && tiers[0].thresholdMinor !== 0) {
      ctx.addIssue({
        code: "custom",
        path: ["tiers", 0, "thresholdMinor"],
        message: "The first tier is where every member starts: its threshold must be 0.",
      });
    }
    for (let i = 1; i < tiers.length; i++) {
      if (tiers[i].thresholdMinor <= tiers[i - 1].thresholdMinor) {
        ctx.addIssue({
          code: "custom",
          path: ["tiers", i, "thresholdMinor"],
          message: `Tier "${tiers[i].name}" must need more spend than "${tiers[i - 1].name}": list tiers from lowest to highest threshold.`,
        });
      }
    }
    const ids = new Set<string>();
    tiers.forEach((tier, i) => {
      if (ids.has(tier.id)) {
        ctx.addIssue({ code: "custom", path: ["tiers", i, "id"], message: `Tier id "${tier.id}" is used twice.` });
      }
      ids.add(tier.id);
    });
    const ladder = settings.redemptionLadder;
    for (let i = 1; i < ladder.length; i++) {
      if (ladder[i].points <= ladder[i - 1].points) {
        ctx.addIssue({
          code: "custom",
          path: ["redemptionLadder", i, "points"],
          message: "List redemption steps from fewest to most points, each step needing more points than the one before.",
        });
      }
      if (ladder[i].discountMinor <= ladder[i - 1].discountMinor) {
        ctx.addIssue({
          code: "custom",
          path: ["redemptionLadder", i, "discountMinor"],
          message: "A step that costs more points must give a larger discount than the step before it.",
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
