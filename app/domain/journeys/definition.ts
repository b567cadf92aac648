/**
 * A journey definition: what makes a customer enter (trigger), who may (audience), what happens to them
 * (ordered steps), when they leave early (exit) and whether they may come back (re-entry). Stored as JSON in
 * Journey.definition and validated here on every read and write; the admin editor validates against the same
 * schema. Display names are i18n keys (app/i18n/catalog/journeys.ts), never text.
 */
import { z } from "zod";
import { RFM_SEGMENT_KEYS } from "../rfm/segments";
import { SEND_CHANNELS } from "./channels";

const segmentKey = z.enum(RFM_SEGMENT_KEYS);
const days = (max: number) => z.number().int().min(0).max(max);

/** What makes a customer enter. Order triggers enrol when the order is applied; the others in the daily scan. */
export const journeyTriggerSchema = z.discriminatedUnion("kind", [
  /** the customer's first order */
  z.object({ kind: z.literal("first_order") }),
  /** the customer's n-th order (n ≥ 2; n = 1 is first_order) */
  z.object({ kind: z.literal("nth_order"), n: z.number().int().min(2).max(100) }),
  /** moved into an RFM segment (SegmentChange) */
  z.object({ kind: z.literal("segment_entered"), segment: segmentKey }),
  /** moved out of an RFM segment */
  z.object({ kind: z.literal("segment_left"), segment: segmentKey }),
  /** became a future-loyal candidate (app/domain/loyalty/candidates) */
  z.object({ kind: z.literal("future_loyal_candidate") }),
  /** churn risk (1 − P(alive)) rose to at least `threshold` */
  z.object({ kind: z.literal("churn_risk"), threshold: z.number().gt(0).lt(1) }),
  /** exactly `days` days since the last order (local calendar days), optionally only for `minOrders`+ buyers */
  z.object({
    kind: z.literal("days_since_last_order"),
    days: z.number().int().min(1).max(3650),
    minOrders: z.number().int().min(1).max(1000).optional(),
  }),
  /** `daysBefore` days before the birthday (Customer.birthDate); 0 = on the day */
  z.object({ kind: z.literal("birthday"), daysBefore: days(60) }),
  /** on the first day of the birth month (誕生月): once a year */
  z.object({ kind: z.literal("birthday_month") }),
  /** points expire within `daysBefore` days */
  z.object({ kind: z.literal("points_expiring"), daysBefore: z.number().int().min(1).max(365) }),
  /** the member tier changed (up, down or either) */
  z.object({ kind: z.literal("tier_changed"), direction: z.enum(["up", "down", "any"]) }),
]);

/** Who may enter, on top of the trigger. Marketing sends always need email consent; that is not optional. */
export const journeyAudienceSchema = z
  .object({
    /** only customers currently in one of these segments */
    segments: z.array(segmentKey).min(1).optional(),
    minOrders: z.number().int().min(0).max(100_000).optional(),
    maxOrders: z.number().int().min(0).max(100_000).optional(),
  })
  .refine((a) => a.minOrders === undefined || a.maxOrders === undefined || a.minOrders <= a.maxOrders, {
    message: "journeys.errors.audienceOrders",
    path: ["maxOrders"],
  });

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
const TEMPLATE_KEY = /^[a-z0-9][a-z0-9-]{0,62}$/;
const TAG = /^[^,]{1,40}$/;

export const journeyConditionSchema = z.discriminatedUnion("kind", [
  /** has the customer ordered since entering? yes → exit as converted */
  z.object({ kind: z.literal("ordered_since_entering") }),
  /** is the customer still in `segment`? no → exit (reason "condition") */
  z.object({ kind: z.literal("still_in_segment"), segment: segmentKey }),
]);

const stepName = { nameKey: z.string().max(120).optional() };

/** How a send step reaches the customer: email, LINE (linked customers only), or LINE else email (decision 025). */
export { SEND_CHANNELS, type SendChannel } from "./channels";

/** Size limits of a merchant's edited message text (characters). */
export const MESSAGE_TEXT_LIMITS = { subject: 250, preheader: 300, body: 40_000 } as const;

/**
 * A merchant's own text for one language of a send step, in Liquid: each part present replaces the built-in
 * one, each part absent keeps it. Liquid syntax and variables are checked by app/mail (template-check) when saved.
 */
export const messageTextOverrideSchema = z.object({
  subject: z.string().trim().min(1).max(MESSAGE_TEXT_LIMITS.subject, "journeyText.errors.tooLong").optional(),
  preheader: z.string().trim().min(1).max(MESSAGE_TEXT_LIMITS.preheader, "journeyText.errors.tooLong").optional(),
  body: z.string().trim().min(1).max(MESSAGE_TEXT_LIMITS.body, "journeyText.errors.tooLong").optional(),
});
export const MESSAGE_TEXT_FIELDS = ["subject", "preheader", "body"] as const;
export type MessageTextField = (typeof MESSAGE_TEXT_FIELDS)[number];
export type MessageTextOverride = z.infer<typeof messageTextOverrideSchema>;
/** per language; absent = the built-in text of the step's template in that language */
export const messageTextOverridesSchema = z.object({
  ja: messageTextOverrideSchema.optional(),
  en: messageTextOverrideSchema.optional(),
});
export type MessageTextOverrides = z.infer<typeof messageTextOverridesSchema>;

export const journeyStepSchema = z.discriminatedUnion("kind", [
  /** wait whole days (24 h each) before the next step */
  z.object({ kind: z.literal("wait"), days: z.number().int().min(1).max(365), ...stepName }),
  /** wait until the next HH:MM in the shop's time zone (today if still ahead) */
  z.object({ kind: z.literal("wait_until"), time: z.string().regex(TIME_OF_DAY, "journeys.errors.timeOfDay"), ...stepName }),
  z.object({ kind: z.literal("condition"), condition: journeyConditionSchema, ...stepName }),
  /** send a message; `marketing` messages honour consent, suppression, quiet hours and the frequency cap */
  z.object({
    kind: z.literal("send"),
    channel: z.enum(SEND_CHANNELS),
    templateKey: z.string().regex(TEMPLATE_KEY, "journeys.errors.templateKey"),
    marketing: z.boolean(),
    /** the merchant's own subject, preheader and body per language (absent: the built-in text) */
    text: messageTextOverridesSchema.optional(),
    ...stepName,
  }),
  /** a single-use code for this customer, created with the message of the send step right after it */
  z.object({
    kind: z.literal("discount"),
    valueType: z.enum(["percentage", "fixed"]),
    /** percent 1–100, or minor units of the shop currency */
    value: z.number().int().min(1),
    expiresInDays: z.number().int().min(1).max(365),
    ...stepName,
  }),
  z.object({ kind: z.literal("tag"), action: z.enum(["add", "remove"]), tag: z.string().trim().regex(TAG), ...stepName }),
  z.object({ kind: z.literal("points"), points: z.number().int().min(1).max(1_000_000), ...stepName }),
  /** hand the customer to Shopify Flow: fires the "Kizuna journey step reached" trigger (decision 026) */
  z.object({ kind: z.literal("flow"), ...stepName }),
]);

/** Exits beyond the ones that always apply (customer deleted or redacted). */
export const journeyExitSchema = z.object({
  /** an order after entering ends the entry as converted */
  onGoal: z.boolean(),
  /** unsubscribing (or losing consent) ends the entry */
  onUnsubscribe: z.boolean(),
});

export const journeyReentrySchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("never") }),
  /** again once `days` days have passed since the previous entry began */
  z.object({ mode: z.literal("after_days"), days: z.number().int().min(1).max(3650) }),
]);

export const journeyDefinitionSchema = z
  .object({
    trigger: journeyTriggerSchema,
    audience: journeyAudienceSchema.default({}),
    steps: z.array(journeyStepSchema).min(1, "journeys.errors.noSteps").max(30, "journeys.errors.tooManySteps"),
    exit: journeyExitSchema.default({ onGoal: true, onUnsubscribe: true }),
    reentry: journeyReentrySchema.default({ mode: "never" }),
  })
  // a journey that hands the customer to Shopify Flow may leave the messaging to Flow
  .refine((d) => d.steps.some((s) => s.kind === "send" || s.kind === "flow"), {
    message: "journeys.errors.noSend",
    path: ["steps"],
  })
  // A discount is attached to the next send step and created when that message goes (so a suppressed or
  // held-out message creates no code): a wait or a condition in between would separate the two.
  .refine((d) => d.steps.every((s, i) => s.kind !== "discount" || d.steps[i + 1]?.kind === "send"), {
    message: "journeys.errors.discountWithoutSend",
    path: ["steps"],
  });

export type JourneyTrigger = z.infer<typeof journeyTriggerSchema>;
export type JourneyTriggerKind = JourneyTrigger["kind"];
export type JourneyAudience = z.infer<typeof journeyAudienceSchema>;
export type JourneyCondition = z.infer<typeof journeyConditionSchema>;
export type JourneyStep = z.infer<typeof journeyStepSchema>;
export type JourneyStepKind = JourneyStep["kind"];
export type JourneyExit = z.infer<typeof journeyExitSchema>;
export type JourneyReentry = z.infer<typeof journeyReentrySchema>;
export type JourneyDefinition = z.infer<typeof journeyDefinitionSchema>;
/** What an editor writes before defaults are applied. */
export type JourneyDefinitionInput = z.input<typeof journeyDefinitionSchema>;

export const JOURNEY_TRIGGER_KINDS = journeyTriggerSchema.options.map((o) => o.shape.kind.value);
export const JOURNEY_STEP_KINDS = journeyStepSchema.options.map((o) => o.shape.kind.value);

/** Triggers enrolled when an order is applied (the rest come from the daily scan). */
export function isOrderTrigger(
  trigger: JourneyTrigger,
): trigger is Extract<JourneyTrigger, { kind: "first_order" | "nth_order" }> {
  return trigger.kind === "first_order" || trigger.kind === "nth_order";
}

export class JourneyDefinitionError extends Error {
  override name = "JourneyDefinitionError";
  constructor(
    message: string,
    /** one per problem: where (e.g. "steps.2.days") and what (an i18n key or zod's message) */
    readonly issues: { path: string; message: string }[],
  ) {
    super(message);
  }
}

/** Validates a definition (parsed JSON or a JSON string); throws JourneyDefinitionError naming each problem. */
export function parseJourneyDefinition(json: unknown): JourneyDefinition {
  let value = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new JourneyDefinitionError(`The journey definition is not valid JSON: ${(error as Error).message}`, [
        { path: "", message: "journeys.errors.notJson" },
      ]);
    }
  }
  const result = journeyDefinitionSchema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  throw new JourneyDefinitionError(
    `The journey definition is not valid: ${issues.map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ")}`,
    issues,
  );
}

/** Like parseJourneyDefinition, for forms: the issues instead of an exception. */
export function safeParseJourneyDefinition(
  json: unknown,
): { ok: true; definition: JourneyDefinition } | { ok: false; issues: JourneyDefinitionError["issues"] } {
  try {
    return { ok: true, definition: parseJourneyDefinition(json) };
  } catch (error) {
    if (error instanceof JourneyDefinitionError) return { ok: false, issues: error.issues };
    throw error;
  }
}

/** The message template keys steps refer to (helper "mail" writes ja/en Liquid for exactly these). */
export const MESSAGE_TEMPLATE_KEYS = [
  "followup-1-reassure",
  "followup-2-expectation",
  "followup-3-trust",
  "followup-4-loyal",
  "birthday",
  "win-back",
  "future-loyal",
  "points-expiring",
] as const;
export type MessageTemplateKey = (typeof MESSAGE_TEMPLATE_KEYS)[number];
