import { z } from "zod";
import { RFM_SEGMENT_KEYS } from "../domain/rfm/segments";
import { journeySettingsSchema } from "../domain/settings/shop-settings";

// The settings page's schemas, server-only (a `.server` module) so zod stays out of the page's browser bundle.
export { rfmScoringConfigSchema } from "../domain/rfm/scoring";
export { dataRetentionSettingsSchema, pushSettingsSchema } from "../domain/settings/shop-settings";

/** Journeys' guard rails as the settings page sends them; checked against the stored schema before saving. */
export const journeyGuardRailsSchema = journeySettingsSchema.refine(
  (rails) => rails.quietHours === null || rails.quietHours.start !== rails.quietHours.end,
  { message: "settings.errors.quietHoursSame", path: ["quietHours"] },
);

/** The form as sent (JSON): the RFM monetary thresholds in the amounts the merchant typed, not minor units. */
const threshold = z.number({ message: "settings.errors.number" }).nonnegative({ message: "settings.errors.number" });
const fourThresholds = z.array(threshold).length(4, { message: "settings.errors.number" });
export const settingsFormSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("rfm"),
    rfm: z.discriminatedUnion("method", [
      z.object({ method: z.literal("quintiles") }),
      z.object({ method: z.literal("fixed"), recencyDays: fourThresholds, frequency: fourThresholds, monetary: fourThresholds }),
    ]),
  }),
  z.object({
    intent: z.literal("push"),
    push: z.object({
      tagPrefix: z.string(),
      taggedSegments: z.array(z.enum(RFM_SEGMENT_KEYS, { message: "settings.errors.segment" })),
      writeMetafields: z.boolean(),
    }),
  }),
  z.object({
    intent: z.literal("retention"),
    dataRetention: z.object({ webhookPayloadDays: z.number({ message: "settings.errors.retentionDays" }) }),
  }),
  z.object({
    intent: z.literal("journeys"),
    journeys: z.object({
      quietHours: z.object({ start: z.string(), end: z.string() }).nullable(),
      frequencyCapDays: z.number({ message: "settings.errors.frequencyCapDays" }),
    }),
  }),
]);

/**
 * Settings → LINE (decision 025): the Messaging API channel. Secret and token may be left empty to keep the
 * stored ones (the page never receives them); a new channel needs both.
 */
export const lineSettingsFormSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save"),
    channelId: z
      .string()
      .trim()
      .regex(/^\d{6,12}$/, "line.errors.channelId"),
    channelSecret: z
      .string()
      .trim()
      .regex(/^([0-9a-zA-Z]{32})?$/, "line.errors.secretFormat"),
    accessToken: z
      .string()
      .trim()
      .refine((token) => token === "" || (token.length >= 40 && !/\s/.test(token)), "line.errors.tokenFormat"),
  }),
  z.object({ intent: z.literal("test") }),
  z.object({ intent: z.literal("remove") }),
]);
