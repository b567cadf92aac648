/*
 * The Points page's form: what the merchant types (amounts in currency units, as text) ↔ the program
 * settings (integer minor units), validated by the domain's zod schema. Errors are keyed by the settings
 * path ("earn.points", "tiers.1.thresholdMinor") so each shows under its own field.
 */
import { z } from "zod";
import { amountToMinorUnits, currencyDecimals, minorUnitsToAmount } from "../money";
import type { PointsMessage } from "./message";
import { type PointsProgramSettings, pointsProgramSettingsSchema } from "./settings";

/** The program's settings as the shop stores them: the rules, and whether the program runs. */
type PointsSettings = PointsProgramSettings & { enabled: boolean };

export const pointsFormValuesSchema = z.object({
  enabled: z.boolean(),
  earnPoints: z.string(),
  earnPerAmount: z.string(),
  minOrder: z.string(),
  maxPointsPerOrder: z.string(),
  tiers: z.array(z.object({ id: z.string(), name: z.string(), threshold: z.string(), multiplier: z.string() })),
  tierWindowMonths: z.string(),
  welcomeBonus: z.string(),
  birthdayBonus: z.string(),
  expiryEnabled: z.boolean(),
  expiryMonths: z.string(),
  ladder: z.array(z.object({ points: z.string(), discount: z.string() })),
  maxAdjustmentPoints: z.string(),
});

export type PointsFormValues = z.infer<typeof pointsFormValuesSchema>;

export type PointsFormErrors = Record<string, PointsMessage>;

export function formValuesFromSettings(settings: PointsSettings, currency: string): PointsFormValues {
  const decimals = currencyDecimals(currency);
  const money = (minor: number) => minorUnitsToAmount(minor, decimals);
  return {
    enabled: settings.enabled,
    earnPoints: String(settings.earn.points),
    earnPerAmount: money(settings.earn.perAmountMinor),
    minOrder: money(settings.earn.minOrderMinor),
    maxPointsPerOrder: settings.earn.maxPointsPerOrder === null ? "" : String(settings.earn.maxPointsPerOrder),
    tiers: settings.tiers.map((tier) => ({
      id: tier.id,
      name: tier.name,
      threshold: money(tier.thresholdMinor),
      multiplier: String(tier.multiplier),
    })),
    tierWindowMonths: String(settings.tierWindowMonths),
    welcomeBonus: String(settings.welcomeBonus),
    birthdayBonus: String(settings.birthdayBonus),
    expiryEnabled: settings.expiry.enabled,
    expiryMonths: String(settings.expiry.monthsWithoutPurchase),
    ladder: settings.redemptionLadder.map((step) => ({ points: String(step.points), discount: money(step.discountMinor) })),
    maxAdjustmentPoints: String(settings.maxAdjustmentPoints),
  };
}

/** "12" → 12; anything else → NaN, which the schema reports as "must be a number". */
function wholeNumber(text: string): number {
  const trimmed = text.trim().replace(/,/g, "");
  return /^-?\d{1,12}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

function decimalNumber(text: string): number {
  const trimmed = text.trim();
  return /^-?\d{1,6}(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/**
 * A rank's id is the app's (the `tier` metafield, the ledger): the form never shows it. Ranks keep the id they
 * have; a rank added in the form (blank id) gets the first free "tier-N".
 */
function withTierIds<T extends { id: string }>(tiers: readonly T[]): T[] {
  const used = new Set(tiers.map((tier) => tier.id.trim()).filter(Boolean));
  let next = 1;
  return tiers.map((tier) => {
    if (tier.id.trim()) return { ...tier, id: tier.id.trim() };
    while (used.has(`tier-${next}`)) next++;
    const id = `tier-${next}`;
    used.add(id);
    return { ...tier, id };
  });
}

export type SettingsFromForm = { ok: true; settings: PointsSettings } | { ok: false; errors: PointsFormErrors };

/** The merchant's form → settings; the currency is always the shop's, the liability method is kept. */
export function settingsFromFormValues(input: unknown, current: PointsSettings, currency: string): SettingsFromForm {
  const shape = pointsFormValuesSchema.safeParse(input);
  if (!shape.success) return { ok: false, errors: { form: { key: "forms.errors.unreadable" } } };
  const values = shape.data;
  const decimals = currencyDecimals(currency);
  const errors: PointsFormErrors = {};
  const money = (text: string, path: string): number => {
    try {
      return amountToMinorUnits(text.trim().replace(/,/g, ""), decimals);
    } catch {
      errors[path] = {
        key: "points.errors.amountFormat",
        values: { example: minorUnitsToAmount(500 * 10 ** decimals, decimals), decimals },
      };
      return 0;
    }
  };
  const candidate = {
    currencyCode: currency,
    earn: {
      points: wholeNumber(values.earnPoints),
      perAmountMinor: money(values.earnPerAmount, "earn.perAmountMinor"),
      minOrderMinor: money(values.minOrder || "0", "earn.minOrderMinor"),
      maxPointsPerOrder: values.maxPointsPerOrder.trim() === "" ? null : wholeNumber(values.maxPointsPerOrder),
    },
    tiers: withTierIds(values.tiers).map((tier, index) => ({
      id: tier.id,
      name: tier.name,
      thresholdMinor: money(tier.threshold, `tiers.${index}.thresholdMinor`),
      multiplier: decimalNumber(tier.multiplier),
    })),
    tierWindowMonths: wholeNumber(values.tierWindowMonths),
    welcomeBonus: wholeNumber(values.welcomeBonus),
    birthdayBonus: wholeNumber(values.birthdayBonus),
    expiry: { enabled: values.expiryEnabled, monthsWithoutPurchase: wholeNumber(values.expiryMonths) },
    redemptionLadder: values.ladder.map((step, index) => ({
      points: wholeNumber(step.points),
      discountMinor: money(step.discount, `redemptionLadder.${index}.discountMinor`),
    })),
    maxAdjustmentPoints: wholeNumber(values.maxAdjustmentPoints),
    liability: current.liability,
  };
  const parsed = pointsProgramSettingsSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join(".") || "form";
      const params = (issue as { params?: Record<string, string | number> }).params;
      errors[path] ??= params ? { key: issue.message, values: params } : { key: issue.message };
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, settings: { ...parsed.data, enabled: values.enabled } };
}
