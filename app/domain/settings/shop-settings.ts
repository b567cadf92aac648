import { z } from "zod";
import { loyalRuleSchema } from "../loyalty";
import { defaultPointsProgramSettings, pointsProgramSettingsSchema } from "../points";
import { RFM_SEGMENT_KEYS, rfmScoringConfigSchema } from "../rfm";

/**
 * Everything a merchant configures, stored as one JSON document per shop (Shop.settings) and validated
 * here on every read and write. Each area has its own section and defaults; a section missing from the
 * stored document (an older install) reads as its defaults.
 */
export const pushSettingsSchema = z.object({
  /** customer tags look like `${tagPrefix}champions` */
  tagPrefix: z
    .string()
    .trim()
    .min(1, { message: "Enter a tag prefix, e.g. kizuna:" })
    .max(20, { message: "Keep the tag prefix under 20 characters" })
    .regex(/^[\p{L}\p{N}_:\-.]+$/u, { message: "Use letters, digits, '-', '_', '.' or ':' only" }),
  /** which segments become tags */
  taggedSegments: z.array(z.enum(RFM_SEGMENT_KEYS)),
  /** write segment, scores, CLV, points and tier to `$app:kizuna` metafields */
  writeMetafields: z.boolean(),
});

/**
 * How long raw webhook bodies stay in the inbox once applied. Longer than Shopify's retry window (48 hours at
 * most), so a retried delivery is still recognised by its webhook id and not applied twice (decision 008).
 */
export const dataRetentionSettingsSchema = z.object({
  webhookPayloadDays: z
    .number()
    // Message keys (app/i18n/catalog/settings.ts): at least 3 days, since Shopify retries a delivery for 48 hours.
    .int({ message: "settings.errors.retentionDays" })
    .min(3, { message: "settings.errors.retentionDays" })
    .max(90, { message: "settings.errors.retentionDays" }),
});

/** Journeys' guard rails (decision 020): quiet hours in the shop's time zone and a cap across all journeys. */
export const journeySettingsSchema = z.object({
  /** no marketing sends between start and end (local HH:MM, may wrap midnight); null = sends any time */
  quietHours: z
    .object({
      start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "settings.errors.timeOfDay" }),
      end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "settings.errors.timeOfDay" }),
    })
    .nullable(),
  /** at most one marketing message per customer per this many days, across all journeys (0 = no cap) */
  frequencyCapDays: z.number().int().min(0).max(60),
});

/** Shopify Flow triggers (decision 026): when churn risk fires, and how early points expiring fires. */
export const flowSettingsSchema = z.object({
  /** churn risk (1 − P(alive)) at or above this fires the churn-risk trigger */
  churnRiskThreshold: z.number().min(0.05).max(0.99),
  /** points expiring fires this many days before the balance expires */
  pointsExpiringDays: z.number().int().min(1).max(90),
});

/** One Shopify customer segment per Kizuna segment, kept in step by Kizuna (decision 027); off by default. */
export const shopifySegmentsSettingsSchema = z.object({ sync: z.boolean() });

export const shopSettingsSchema = z.object({
  rfm: rfmScoringConfigSchema,
  loyalty: z.object({
    rule: loyalRuleSchema,
    /** P(alive) a future-loyal candidate needs */
    candidateMinPAlive: z.number().min(0).max(1),
  }),
  push: pushSettingsSchema,
  points: pointsProgramSettingsSchema.extend({ enabled: z.boolean() }),
  dataRetention: dataRetentionSettingsSchema,
  journeys: journeySettingsSchema,
  flow: flowSettingsSchema,
  shopifySegments: shopifySegmentsSettingsSchema,
});

export type ShopSettings = z.infer<typeof shopSettingsSchema>;
export type PushSettings = z.infer<typeof pushSettingsSchema>;
export type JourneySettings = z.infer<typeof journeySettingsSchema>;
export type FlowSettings = z.infer<typeof flowSettingsSchema>;

export const defaultShopSettings: ShopSettings = {
  rfm: { method: "quintiles" },
  loyalty: {
    rule: {
      match: "any",
      conditions: [
        { kind: "min_orders", orders: 4 },
        { kind: "min_net_spend", amount: 50_000 },
      ],
    },
    candidateMinPAlive: 0.6,
  },
  push: {
    tagPrefix: "kizuna:",
    taggedSegments: ["champions", "loyal", "potential_loyalist", "at_risk", "cant_lose_them"],
    writeMetafields: true,
  },
  points: { ...defaultPointsProgramSettings, enabled: false },
  dataRetention: { webhookPayloadDays: 7 },
  journeys: { quietHours: { start: "21:00", end: "09:00" }, frequencyCapDays: 3 },
  flow: { churnRiskThreshold: 0.7, pointsExpiringDays: 14 },
  shopifySegments: { sync: false },
};

/** Reads a stored document; sections that are missing or no longer valid fall back to their defaults. */
export function parseShopSettings(stored: string): ShopSettings {
  let raw: Record<string, unknown> = {};
  try {
    const value = JSON.parse(stored);
    if (value && typeof value === "object") raw = value as Record<string, unknown>;
  } catch {
    raw = {};
  }
  const section = <K extends keyof ShopSettings>(key: K): ShopSettings[K] => {
    const parsed = shopSettingsSchema.shape[key].safeParse(raw[key]);
    return parsed.success ? (parsed.data as ShopSettings[K]) : defaultShopSettings[key];
  };
  return {
    rfm: section("rfm"),
    loyalty: section("loyalty"),
    push: section("push"),
    points: section("points"),
    dataRetention: section("dataRetention"),
    journeys: section("journeys"),
    flow: section("flow"),
    shopifySegments: section("shopifySegments"),
  };
}
