import { compile } from "html-to-text";
import juice from "juice";
import { type Context, Liquid } from "liquidjs";
import { formatCustomerName, formatMoney, formatNumber } from "../i18n/format";
import type { MailContext, MailLocale, MessageLinks } from "./context";
import { layoutTemplate } from "./templates/layout";
import {
  isMessageTemplateKey,
  type MessageTemplate,
  type MessageTemplateKey,
  messageTemplateKeys,
  messageTemplates,
} from "./templates/messages";

/**
 * Message rendering: Liquid (liquidjs, in-memory templates only) → the shared layout → CSS inlined by juice
 * → a plain-text part by html-to-text. Every value is HTML-escaped (outputEscape "escape"); a variable the
 * template names but the context lacks is an error, never an empty hole in a mail that went out.
 */
export { isMessageTemplateKey, messageTemplateKeys };
export type { MessageTemplate, MessageTemplateKey };

export interface RenderedMessage {
  subject: string;
  html: string;
  text: string;
}

/** A template could not be rendered: a Liquid syntax error, an unknown key, or data the template needs is missing. */
export class MailRenderError extends Error {
  override name = "MailRenderError";
}

/** The click tracker of the render in progress, found by the scope object the filter runs with. */
const trackers = new WeakMap<object, (target: string) => string>();

function track(this: { context: Context }, target: unknown): string {
  const url = typeof target === "string" ? target : String(target ?? "");
  const tracker = trackers.get(this.context.environments as object);
  return tracker ? tracker(url) : url;
}

function engine(escapeHtml: boolean): Liquid {
  const liquid = new Liquid({
    ...(escapeHtml ? { outputEscape: "escape" as const } : {}),
    strictVariables: true,
    strictFilters: true,
    lenientIf: true,
    ownPropertyOnly: true,
    // no file system: templates are strings held in memory (built-in ones here, merchants' ones in the database)
    relativeReference: false,
    // a merchant's template cannot keep the worker busy
    renderLimit: 2_000,
    memoryLimit: 16 * 1024 * 1024,
  });
  liquid.registerFilter("track", track);
  // liquidjs's own `raw` would let a value past the escaping; here it is an ordinary filter, so the value is
  // still escaped (a merchant's `{{ customer.name | raw }}` cannot let a customer's name inject HTML)
  liquid.registerFilter("raw", (value: unknown) => value);
  return liquid;
}

const htmlEngine = engine(true);
/** The engine message bodies are parsed with (template checks parse with the same filters and options). */
export function bodyLiquid(): Liquid {
  return htmlEngine;
}
const textEngine = engine(false);
const parsed = new Map<string, ReturnType<Liquid["parse"]>>();

function parse(liquid: Liquid, source: string, cacheKey: string | null) {
  const key = cacheKey ? `${liquid === htmlEngine ? "h" : "t"}:${cacheKey}` : null;
  const hit = key ? parsed.get(key) : undefined;
  if (hit) return hit;
  try {
    const templates = liquid.parse(source);
    if (key) parsed.set(key, templates);
    return templates;
  } catch (error) {
    throw new MailRenderError(`The template has a Liquid error: ${(error as Error).message}`, { cause: error });
  }
}

function renderWith(liquid: Liquid, source: string, scope: Record<string, unknown>, cacheKey: string | null): string {
  const templates = parse(liquid, source, cacheKey);
  try {
    return liquid.renderSync(templates, scope) as string;
  } catch (error) {
    throw new MailRenderError(`The template could not be rendered: ${(error as Error).message}`, { cause: error });
  }
}

// ------------------------------------------------------------------ variables

const DATE_FORMATS: Record<MailLocale, Intl.DateTimeFormatOptions> = {
  ja: { year: "numeric", month: "long", day: "numeric" },
  en: { year: "numeric", month: "long", day: "numeric" },
};

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** 2026年12月31日 / December 31, 2026, as the calendar in `timeZone` shows `ms`. */
export function formatMailDate(ms: number, timeZone: string, locale: MailLocale): string {
  const key = `${locale}:${timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === "ja" ? "ja-JP" : "en-US", { ...DATE_FORMATS[locale], timeZone });
    dateFormats.set(key, format);
  }
  return format.format(ms);
}

/** 10%OFF / 500円OFF (ja), 10% off / ¥500 off (en). A fixed value is in minor units of the shop currency. */
export function discountValueLabel(discount: NonNullable<MailContext["discount"]>, currency: string, locale: MailLocale): string {
  if (discount.valueType === "percentage") return locale === "ja" ? `${discount.value}%OFF` : `${discount.value}% off`;
  if (locale === "ja" && currency === "JPY") return `${formatNumber(discount.value, "ja")}円OFF`;
  return `${formatMoney(discount.value, currency, locale)}${locale === "ja" ? "OFF" : " off"}`;
}

/** 1,200円 (ja, JPY), ¥1,200 / $12.00 otherwise. */
export function priceLabel(minor: number, currency: string, locale: MailLocale): string {
  if (locale === "ja" && currency === "JPY") return `${formatNumber(minor, "ja")}円`;
  return formatMoney(minor, currency, locale);
}

/** The name a message addresses: 山田 花子 様 (お客様 without a name) in Japanese; the given name (or "there") in English. */
export function addressedName(customer: MailContext["customer"], locale: MailLocale): string {
  const name = { firstName: customer.firstName, lastName: customer.lastName };
  if (locale === "ja") return formatCustomerName(name, "ja", { honorific: true }) ?? "お客様";
  const full = formatCustomerName(name, "en");
  if (!full) return "there";
  // a name written in kana or kanji is written whole, family name first, with 様, in any language
  if (JAPANESE_SCRIPT.test(full)) return `${full} 様`;
  return customer.firstName?.trim() || full;
}

const JAPANESE_SCRIPT = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]/;

export function templateScope(context: MailContext, links: MessageLinks, locale: MailLocale): Record<string, unknown> {
  const { shop, customer, discount, points, product } = context;
  const scope: Record<string, unknown> = {
    locale,
    shop: { name: shop.name, domain: shop.domain, url: shop.url },
    customer: {
      name: addressedName(customer, locale),
      full_name: formatCustomerName(customer, locale) ?? "",
      first_name: customer.firstName ?? "",
    },
    discount: null,
    points: null,
    product: null,
    unsubscribe_url: links.unsubscribeUrl,
  };
  if (discount) {
    // The code works until endsAt; the last day it works is the day of the second before.
    const endsAt = discount.endsAt ? Date.parse(discount.endsAt) - 1000 : null;
    scope.discount = {
      code: discount.code,
      url_code: encodeURIComponent(discount.code),
      value_label: discountValueLabel(discount, shop.currency, locale),
      ends_on: endsAt !== null && Number.isFinite(endsAt) ? formatMailDate(endsAt, shop.timezone, locale) : null,
    };
  }
  if (points) {
    const view: Record<string, unknown> = {
      balance: formatNumber(points.balance, locale),
      tier: points.tierName,
    };
    if (points.expiringPoints !== undefined) view.expiring = formatNumber(points.expiringPoints, locale);
    if (points.expiresOn) view.expires_on = formatMailDate(Date.parse(`${points.expiresOn}T12:00:00Z`), "UTC", locale);
    scope.points = view;
  }
  if (product) {
    const price =
      product.priceMinor !== undefined && product.priceMinor !== null
        ? priceLabel(product.priceMinor, shop.currency, locale)
        : null;
    scope.recommended_product = { title: product.title, url: product.url, image_url: product.imageUrl, price };
  } else scope.recommended_product = null;
  // `product` is the earlier name of the same variable (templates written with it keep working)
  scope.product = scope.recommended_product;
  return scope;
}

// ------------------------------------------------------------------ rendering

const htmlToText = compile({
  wordwrap: false,
  selectors: [
    { selector: ".preheader", format: "skip" },
    { selector: "img", format: "skip" },
    { selector: "h2", options: { uppercase: false } },
    { selector: "a", options: { hideLinkHrefIfSameAsText: true } },
    { selector: "table.facts", format: "dataTable", options: { uppercaseHeaderCells: false } },
  ],
});

/**
 * The layout with the body in it, CSS already inlined. juice runs once per template, on the Liquid source
 * (it leaves {{ }} and {% %} where they are), not once per message: inlining is the costly step (~7 ms).
 */
const inlinedSources = new Map<string, string>();
const MAX_CACHED_SOURCES = 200;

function inlinedPage(locale: MailLocale, body: string): string {
  const key = `${locale}\u0000${body}`;
  let page = inlinedSources.get(key);
  if (page === undefined) {
    const source = layoutTemplate(locale).replace("{{ content }}", () => body);
    page = juice(source, { preserveMediaQueries: true, applyWidthAttributes: true, applyAttributesTableElements: true });
    if (inlinedSources.size >= MAX_CACHED_SOURCES) inlinedSources.delete(inlinedSources.keys().next().value as string);
    inlinedSources.set(key, page);
  }
  return page;
}

/** Data a built-in template cannot do without (its subject names it). */
function missingData(templateKey: string, context: MailContext): string | null {
  if (templateKey === "points-expiring" && (context.points?.expiringPoints === undefined || !context.points.expiresOn)) {
    return "points.expiringPoints and points.expiresOn";
  }
  return null;
}

export interface RenderInput {
  templateKey: string;
  context: MailContext;
  links: MessageLinks;
  /** the merchant's edited text: each part given replaces the built-in one of templateKey */
  source?: Partial<MessageTemplate>;
}

export function renderMessage({ templateKey, context, links, source }: RenderInput): RenderedMessage {
  const locale = context.customer.locale === "en" ? "en" : "ja";
  const builtIn = isMessageTemplateKey(templateKey) ? messageTemplates[locale][templateKey] : null;
  const edited = source && (source.subject || source.preheader || source.body) ? source : null;
  if (!builtIn && !(edited?.subject && edited.preheader !== undefined && edited.body)) {
    throw new MailRenderError(`There is no message template "${templateKey}".`);
  }
  const template: MessageTemplate = {
    subject: edited?.subject || (builtIn?.subject ?? ""),
    preheader: edited?.preheader || (builtIn?.preheader ?? ""),
    body: edited?.body || (builtIn?.body ?? ""),
  };
  const missing = missingData(templateKey, context);
  if (missing) throw new MailRenderError(`The message "${templateKey}" needs ${missing}, which the context does not have.`);
  // Built-in templates are parsed once; an edited one is parsed each time (it may change between renders).
  const cacheKey = edited ? null : `${locale}:${templateKey}`;
  const scope = templateScope(context, links, locale);
  trackers.set(scope, links.track);

  const subject = renderWith(textEngine, template.subject, scope, cacheKey && `${cacheKey}:subject`)
    .replace(/\s+/g, " ")
    .trim();
  const preheader = renderWith(textEngine, template.preheader, scope, cacheKey && `${cacheKey}:preheader`).trim();
  const pageScope = { ...scope, subject, preheader };
  trackers.set(pageScope, links.track);
  const html = renderWith(htmlEngine, inlinedPage(locale, template.body), pageScope, cacheKey && `${cacheKey}:page`);
  const text = htmlToText(html)
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { subject, html, text };
}
