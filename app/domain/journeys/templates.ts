/**
 * The built-in journeys a merchant switches on with one click. Each is an ordinary definition (the merchant
 * may edit it afterwards); names and descriptions are i18n keys in app/i18n/catalog/journeys.ts, message
 * bodies are the ja/en Liquid templates named by `templateKey` (app/mail).
 */
import { type JourneyDefinition, type MessageTemplateKey, parseJourneyDefinition } from "./definition";

export const JOURNEY_TEMPLATE_KEYS = ["first-order-followup", "birthday", "win-back", "future-loyal", "points-expiring"] as const;
export type JourneyTemplateKey = (typeof JOURNEY_TEMPLATE_KEYS)[number];

export interface JourneyTemplate {
  key: JourneyTemplateKey;
  /** i18n key of the journey's name */
  nameKey: string;
  /** i18n key of a one-sentence description */
  descriptionKey: string;
  definition: JourneyDefinition;
  holdoutShare: number;
  attributionDays: number;
  /** the message templates its send steps use */
  messageTemplateKeys: MessageTemplateKey[];
}

const send = (templateKey: MessageTemplateKey, nameKey?: string) =>
  ({ kind: "send", channel: "email", templateKey, marketing: true, ...(nameKey ? { nameKey } : {}) }) as const;

const followupStep = (stage: string) => `journeys.template.firstOrderFollowup.step.${stage}`;

const definitions: Record<JourneyTemplateKey, unknown> = {
  // 不安の払拭 → 期待感の充足 → 信頼感の獲得 → 優良顧客化, on days 1, 7, 21 and 45 after the first order;
  // a second order (the goal) ends it.
  "first-order-followup": {
    trigger: { kind: "first_order" },
    audience: {},
    steps: [
      { kind: "wait", days: 1 },
      send("followup-1-reassure", followupStep("reassure")),
      { kind: "wait", days: 6 },
      send("followup-2-expectation", followupStep("expectation")),
      { kind: "wait", days: 14 },
      send("followup-3-trust", followupStep("trust")),
      { kind: "wait", days: 24 },
      { kind: "discount", valueType: "percentage", value: 10, expiresInDays: 30 },
      send("followup-4-loyal", followupStep("loyal")),
    ],
    exit: { onGoal: true, onUnsubscribe: true },
    reentry: { mode: "never" },
  },
  // 誕生月クーポン: on the first day of the birth month, a code valid for the month (swap the discount step for
  // a points step to give points instead).
  birthday: {
    trigger: { kind: "birthday_month" },
    audience: {},
    steps: [
      { kind: "wait_until", time: "10:00" },
      { kind: "discount", valueType: "percentage", value: 10, expiresInDays: 30 },
      send("birthday"),
    ],
    exit: { onGoal: false, onUnsubscribe: true },
    reentry: { mode: "after_days", days: 300 },
  },
  // Repeat customers (two orders or more) who have not ordered for 60 days.
  "win-back": {
    trigger: { kind: "days_since_last_order", days: 60, minOrders: 2 },
    audience: { minOrders: 2 },
    steps: [
      { kind: "wait_until", time: "10:00" },
      { kind: "discount", valueType: "percentage", value: 15, expiresInDays: 14 },
      send("win-back"),
    ],
    exit: { onGoal: true, onUnsubscribe: true },
    reentry: { mode: "after_days", days: 180 },
  },
  "future-loyal": {
    trigger: { kind: "future_loyal_candidate" },
    audience: {},
    steps: [{ kind: "wait_until", time: "10:00" }, send("future-loyal")],
    exit: { onGoal: true, onUnsubscribe: true },
    reentry: { mode: "after_days", days: 90 },
  },
  "points-expiring": {
    trigger: { kind: "points_expiring", daysBefore: 14 },
    audience: {},
    steps: [{ kind: "wait_until", time: "10:00" }, send("points-expiring")],
    exit: { onGoal: false, onUnsubscribe: true },
    reentry: { mode: "after_days", days: 30 },
  },
};

const camel = (key: string) => key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export const JOURNEY_TEMPLATES: readonly JourneyTemplate[] = JOURNEY_TEMPLATE_KEYS.map((key) => {
  const definition = parseJourneyDefinition(definitions[key]);
  return {
    key,
    nameKey: `journeys.template.${camel(key)}.name`,
    descriptionKey: `journeys.template.${camel(key)}.description`,
    definition,
    holdoutShare: 0.1,
    attributionDays: 7,
    messageTemplateKeys: definition.steps.flatMap((s) => (s.kind === "send" ? [s.templateKey as MessageTemplateKey] : [])),
  };
});

export function journeyTemplate(key: string): JourneyTemplate | undefined {
  return JOURNEY_TEMPLATES.find((t) => t.key === key);
}
