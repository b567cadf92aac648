import type { MailLocale } from "./context";
import { renderPreview } from "./preview.server";
import { bodyLiquid, MailRenderError, type MessageTemplate } from "./render.server";

/**
 * Checks a merchant's edited message text before it is saved or previewed: Liquid that does not parse is an
 * error with its line; a variable that is not one of the documented ones is a warning (it may sit behind an
 * `{% if %}` and never be read); text that parses but cannot be rendered with the sample data (every variable
 * filled in) is an error, since it would fail for every customer when the message is due.
 */

/** The variables a message may use, as the editor lists them (`subject`/`preheader` only in the body). */
export const TEMPLATE_VARIABLES = [
  "customer.name",
  "customer.full_name",
  "customer.first_name",
  "shop.name",
  "shop.url",
  "discount.code",
  "discount.value_label",
  "discount.ends_on",
  "points.balance",
  "points.tier",
  "points.expiring",
  "points.expires_on",
  "recommended_product.title",
  "recommended_product.url",
  "recommended_product.image_url",
  "recommended_product.price",
  "unsubscribe_url",
] as const;

/** Known roots and, for objects, their known keys (null: any key is fine, e.g. a plain value). */
const KNOWN: Record<string, readonly string[] | null> = {
  locale: null,
  subject: null,
  preheader: null,
  unsubscribe_url: null,
  customer: ["name", "full_name", "first_name"],
  shop: ["name", "domain", "url"],
  discount: ["code", "url_code", "value_label", "ends_on"],
  points: ["balance", "tier", "expiring", "expires_on"],
  recommended_product: ["title", "url", "image_url", "price"],
  product: ["title", "url", "image_url", "price"],
};

export type TextPart = keyof MessageTemplate;

export interface TemplateIssue {
  part: TextPart;
  /** 1-based line in that part, when liquidjs names one */
  line: number | null;
  /** liquidjs's words (English) or the unknown variable */
  detail: string;
}

export interface TemplateCheck {
  errors: TemplateIssue[];
  warnings: TemplateIssue[];
}

const LINE = /line:(\d+)/;

function lineOf(error: unknown): number | null {
  const match = LINE.exec(String((error as Error)?.message ?? ""));
  return match ? Number(match[1]) : null;
}

function withoutPosition(message: string): string {
  return message
    .replace(/,?\s*line:\d+,\s*col:\d+/, "")
    .replace(/\s*>>.*$/s, "")
    .trim();
}

/** Line of the first `{{ … name … }}` or `{% … name … %}` that mentions the variable (for the warning). */
function lineOfVariable(source: string, path: string): number | null {
  const index = source.indexOf(path);
  return index < 0 ? null : source.slice(0, index).split("\n").length;
}

export function checkMessageText(text: Partial<MessageTemplate>, templateKey: string, locale: MailLocale): TemplateCheck {
  const errors: TemplateIssue[] = [];
  const warnings: TemplateIssue[] = [];
  const liquid = bodyLiquid();
  for (const part of ["subject", "preheader", "body"] as const) {
    const source = text[part];
    if (!source) continue;
    let parsed: ReturnType<typeof liquid.parse>;
    try {
      parsed = liquid.parse(source);
    } catch (error) {
      errors.push({ part, line: lineOf(error), detail: withoutPosition((error as Error).message) });
      continue;
    }
    const seen = new Set<string>();
    for (const segments of liquid.globalVariableSegmentsSync(parsed)) {
      const [root, key] = segments.map(String);
      const known = KNOWN[root];
      const unknown =
        known === undefined
          ? root
          : known !== null && key !== undefined && !known.includes(key)
            ? `${root}.${key}`
            : part !== "body" && (root === "subject" || root === "preheader")
              ? root
              : null;
      if (unknown && !seen.has(unknown)) {
        seen.add(unknown);
        warnings.push({ part, line: lineOfVariable(source, unknown), detail: unknown });
      }
    }
  }
  if (errors.length === 0) {
    try {
      renderPreview(templateKey, locale, {}, text);
    } catch (error) {
      if (!(error instanceof MailRenderError)) throw error;
      const cause = (error.cause as Error | undefined) ?? error;
      errors.push({ part: "body", line: lineOf(cause), detail: withoutPosition(cause.message) });
    }
  }
  return { errors, warnings };
}
