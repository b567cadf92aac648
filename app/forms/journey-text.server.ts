import {
  type JourneyStep,
  MESSAGE_TEXT_FIELDS,
  MESSAGE_TEXT_LIMITS,
  type MessageTextOverride,
  type MessageTextOverrides,
} from "../domain/journeys/definition";
import type { MessageKey } from "../i18n";
import type { MailLocale } from "../mail/context";
import { checkMessageText, type TemplateCheck } from "../mail/template-check";
import { isMessageTemplateKey, messageTemplates } from "../mail/templates/messages";

/**
 * The merchant's own message text in the journey editor. The editor posts, per send step and language, the
 * subject, preheader and body as shown (the built-in text until edited); what equals the built-in text (or is
 * left empty) is not stored, so a step keeps following the built-in text until the merchant really changes
 * it, and "reset to the built-in text" is just posting the built-in text again. Liquid is checked here: a
 * syntax error is refused with its line, a part that cannot be rendered with the sample data is refused.
 */

/** Values for an error message's placeholders, by field name (a Liquid error's line and words). */
export type TextIssueDetails = Record<string, Record<string, string | number>>;

export const MAIL_LOCALES = ["ja", "en"] as const satisfies readonly MailLocale[];

/** The form field of one part of one language, relative to the step: text-ja-subject, text-en-body, … */
export const textField = (locale: MailLocale, part: (typeof MESSAGE_TEXT_FIELDS)[number]) => `text-${locale}-${part}`;

/** Browsers post a textarea's line breaks as CRLF. */
export function normaliseText(value: string): string {
  return value.replace(/\r\n?/g, "\n").trim();
}

type SendStep = Extract<JourneyStep, { kind: "send" }>;

export function readMessageText(
  step: SendStep,
  templateKey: string,
  read: (name: string) => string | undefined,
  field: (name: string) => string,
  errors: Partial<Record<string, MessageKey>>,
  details: TextIssueDetails,
): MessageTextOverrides | undefined {
  const overrides: MessageTextOverrides = {};
  for (const locale of MAIL_LOCALES) {
    const posted = MESSAGE_TEXT_FIELDS.some((part) => read(textField(locale, part)) !== undefined);
    if (!posted) {
      // the editor did not open this text: what is stored stays
      const stored = step.text?.[locale];
      if (stored) overrides[locale] = stored;
      continue;
    }
    const builtIn = isMessageTemplateKey(templateKey) ? messageTemplates[locale][templateKey] : null;
    const own: MessageTextOverride = {};
    for (const part of MESSAGE_TEXT_FIELDS) {
      const raw = read(textField(locale, part));
      if (raw === undefined) continue;
      const value = normaliseText(raw);
      if (value === "" || (builtIn && value === normaliseText(builtIn[part]))) continue;
      if (value.length > MESSAGE_TEXT_LIMITS[part]) {
        const name = field(textField(locale, part));
        errors[name] = "journeyText.errors.tooLong";
        details[name] = { max: MESSAGE_TEXT_LIMITS[part] };
        continue;
      }
      own[part] = value;
    }
    if (Object.keys(own).length === 0) continue;
    reportIssues(checkMessageText(own, templateKey, locale), (part) => field(textField(locale, part)), errors, details);
    overrides[locale] = own;
  }
  return Object.keys(overrides).length > 0 ? overrides : undefined;
}

function reportIssues(
  check: TemplateCheck,
  fieldOf: (part: (typeof MESSAGE_TEXT_FIELDS)[number]) => string,
  errors: Partial<Record<string, MessageKey>>,
  details: TextIssueDetails,
): void {
  for (const issue of check.errors) {
    const name = fieldOf(issue.part);
    if (errors[name]) continue;
    errors[name] = issue.line === null ? "journeyText.errors.liquid" : "journeyText.errors.liquidLine";
    details[name] = { line: issue.line ?? "", detail: issue.detail };
  }
}
