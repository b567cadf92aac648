import { z } from "zod";
import {
  type JourneyDefinition,
  type JourneyReentry,
  type JourneyStep,
  MESSAGE_TEMPLATE_KEYS,
  safeParseJourneyDefinition,
} from "../domain/journeys/definition";
import { readMessageText, type TextIssueDetails } from "./journey-text.server";
import { SEND_CHANNELS } from "../domain/journeys/definition";
import { amountToMinorUnits, currencyDecimals } from "../domain/money";
import { isMessageKey, type MessageKey } from "../i18n";
import { formFields } from "./parse-form";

/**
 * The journey editor's inputs (server-only, so zod stays out of the page's browser bundle): which button was
 * pressed, the `:id` in the URL, and the edits a merchant makes to a stored definition. The editor shows the
 * steps as a linear list; its form carries one field per editable value of a step, named `step-<index>-<field>`
 * (wait days, time of day, message, discount type/value/validity, points), plus the hold-out share and the
 * re-entry rule. Edits are applied to the stored definition and the result is validated with the engine's own
 * schema, so the editor can never save a definition the engine would refuse.
 */
export const journeyIdParam = z.coerce.number().int().positive();

export const journeyIntentForm = z.object({ intent: z.enum(["save", "activate", "pause", "test"]) });

export const testMessageForm = z.object({
  templateKey: z.enum(MESSAGE_TEMPLATE_KEYS, { message: "journeys.errors.template" satisfies MessageKey }),
  locale: z.enum(["ja", "en"]).default("ja"),
  // the text as edited and not yet saved (absent: the step's built-in text)
  subject: z.string().max(1_000).optional(),
  preheader: z.string().max(1_000).optional(),
  body: z.string().max(100_000).optional(),
  address: z
    .string()
    .trim()
    .email({ message: "journeys.errors.email" satisfies MessageKey }),
});

/** The text editor's live preview: the text as edited, in one language. */
export const textPreviewForm = z.object({
  templateKey: z.enum(MESSAGE_TEMPLATE_KEYS),
  locale: z.enum(["ja", "en"]).default("ja"),
  subject: z.string().max(1_000).optional(),
  preheader: z.string().max(1_000).optional(),
  body: z.string().max(100_000).optional(),
});

export const switchOnForm = z.object({ templateKey: z.string().min(1).max(64) });

export type JourneyEditorErrors = Partial<Record<string, MessageKey>>;

export type JourneyEditorResult =
  | { ok: true; definition: JourneyDefinition; holdoutShare: number }
  | { ok: false; errors: JourneyEditorErrors; details?: TextIssueDetails };

export const stepField = (index: number, field: string) => `step-${index}-${field}`;

const wholeNumber = (text: string | undefined): number | null => {
  const value = text?.trim() ?? "";
  return /^-?\d+$/.test(value) ? Number(value) : null;
};

/** Applies the editor's form to the stored definition; every problem becomes a message on its field. */
export function applyJourneyEdits(
  stored: JourneyDefinition,
  form: FormData | Record<string, string | string[]>,
  shop: { currency: string },
): JourneyEditorResult {
  const fields = form instanceof FormData ? formFields(form) : form;
  const read = (name: string): string | undefined => {
    const value = fields[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const errors: JourneyEditorErrors = {};
  const details: TextIssueDetails = {};

  const steps = stored.steps.map((step, index): JourneyStep => {
    const field = (name: string) => stepField(index, name);
    switch (step.kind) {
      case "wait": {
        if (read(field("days")) === undefined) return step;
        const days = wholeNumber(read(field("days")));
        if (days === null || days < 1 || days > 365) {
          errors[field("days")] = "journeys.errors.waitDays";
          return step;
        }
        return { ...step, days };
      }
      case "wait_until": {
        const time = read(field("time"))?.trim();
        return time === undefined ? step : { ...step, time };
      }
      case "send": {
        const templateKey = read(field("templateKey"));
        if (templateKey === undefined) return step;
        if (!(MESSAGE_TEMPLATE_KEYS as readonly string[]).includes(templateKey)) {
          errors[field("templateKey")] = "journeys.errors.template";
          return step;
        }
        const text = readMessageText(step, templateKey, (part) => read(field(part)), field, errors, details);
        const { text: _stored, ...stored } = step;
        // the channel per send step (decision 025): email, LINE, or LINE else email
        const asked = read(field("channel"));
        const rest = { ...stored, channel: SEND_CHANNELS.find((channel) => channel === asked) ?? step.channel };
        return text === undefined ? { ...rest, templateKey } : { ...rest, templateKey, text };
      }
      case "discount": {
        const valueType = read(field("valueType")) ?? step.valueType;
        if (valueType !== "percentage" && valueType !== "fixed") {
          errors[field("valueType")] = "journeys.errors.discountValue";
          return step;
        }
        let value = step.value;
        const valueText = read(field("value"));
        if (valueText !== undefined) {
          if (valueType === "percentage") {
            const percent = wholeNumber(valueText);
            if (percent === null || percent < 1) errors[field("value")] = "journeys.errors.discountValue";
            else if (percent > 100) errors[field("value")] = "journeys.errors.percentOver100";
            else value = percent;
          } else {
            let minor: number | null = null;
            try {
              minor = amountToMinorUnits(valueText.replace(/[,\s]/g, ""), currencyDecimals(shop.currency));
            } catch {
              minor = null;
            }
            if (minor === null || minor < 1) errors[field("value")] = "journeys.errors.discountValue";
            else value = minor;
          }
        }
        let expiresInDays = step.expiresInDays;
        const expiresText = read(field("expiresInDays"));
        if (expiresText !== undefined) {
          const days = wholeNumber(expiresText);
          if (days === null || days < 1 || days > 365) errors[field("expiresInDays")] = "journeys.errors.expiresInDays";
          else expiresInDays = days;
        }
        return { ...step, valueType, value, expiresInDays };
      }
      case "points": {
        if (read(field("points")) === undefined) return step;
        const points = wholeNumber(read(field("points")));
        if (points === null || points < 1 || points > 1_000_000) {
          errors[field("points")] = "forms.errors.invalid";
          return step;
        }
        return { ...step, points };
      }
      default:
        return step;
    }
  });

  const holdoutPercent = Number(read("holdoutPercent")?.trim() ?? "");
  if (read("holdoutPercent")?.trim() === "" || !Number.isFinite(holdoutPercent) || holdoutPercent < 0 || holdoutPercent > 50) {
    errors.holdoutPercent = "journeys.errors.holdout";
  }

  let reentry: JourneyReentry = stored.reentry;
  const mode = read("reentryMode");
  if (mode === "never") reentry = { mode: "never" };
  else if (mode === "after_days") {
    const days = wholeNumber(read("reentryDays"));
    if (days === null || days < 1 || days > 3650) errors.reentryDays = "journeys.errors.reentryDays";
    else reentry = { mode: "after_days", days };
  } else if (mode !== undefined) errors.reentryMode = "forms.errors.invalid";

  if (Object.keys(errors).length > 0) return { ok: false, errors, ...(Object.keys(details).length > 0 ? { details } : {}) };

  // "Hand to Shopify Flow" (decision 026): the editor's checkbox adds or removes a last flow step
  const handToFlow = read("handToFlow");
  const withFlow =
    handToFlow === undefined
      ? steps
      : [...steps.filter((step) => step.kind !== "flow"), ...(handToFlow === "on" ? [{ kind: "flow" as const }] : [])];
  const checked = safeParseJourneyDefinition({ ...stored, steps: withFlow, reentry });
  if (!checked.ok) {
    for (const issue of checked.issues) {
      const match = /^steps\.(\d+)\.(\w+)/.exec(issue.path);
      const name = match ? stepField(Number(match[1]), match[2]) : issue.path.startsWith("reentry") ? "reentryDays" : "form";
      if (!errors[name]) errors[name] = isMessageKey(issue.message) ? issue.message : "forms.errors.invalid";
    }
    return { ok: false, errors };
  }
  // two decimals of a percent at most: 12.5% is fine, 12.3456% is noise
  return { ok: true, definition: checked.definition, holdoutShare: Math.round(holdoutPercent * 100) / 10_000 };
}
