import type { Db } from "../db/client.server";
import { getStoredJourney, type StoredJourney } from "../db/journey-reports.server";
import { updateJourneyDefinition } from "../db/journeys.server";
import { getShop, type ShopRef } from "../db/shops.server";
import {
  type JourneyDefinition,
  MESSAGE_TEMPLATE_KEYS,
  parseJourneyDefinition,
  safeParseJourneyDefinition,
} from "../domain/journeys/definition";
import type { MessageKey } from "../i18n";
import { sendTestMessage } from "../journeys/email-channel.server";
import { type JourneyResults, journeyResults } from "../journeys/results.server";
import { createMailer } from "../mail/mailer.server";
import { MailRenderError } from "../mail/render.server";
import { renderPreview } from "../mail/preview.server";
import { checkMessageText, TEMPLATE_VARIABLES, type TemplateIssue } from "../mail/template-check";
import { type MessageTemplate, messageTemplates } from "../mail/templates/messages";
import { normaliseText, type TextIssueDetails } from "./journey-text.server";
import {
  applyJourneyEdits,
  type JourneyEditorErrors,
  journeyIdParam,
  journeyIntentForm,
  testMessageForm,
  textPreviewForm,
} from "./journey-editor.server";
import { pauseJourney } from "../journeys/enrol.server";
import { activate, mailConfigured, mailSettings } from "./journeys-list.server";
import { parseForm } from "./parse-form";

/**
 * The journey editor and report pages, server side: the stored journey with its definition, the live preview
 * of a message in ja or en, and the editor's actions (save the edits, activate, pause, send a test). Every read
 * and write is scoped by shop: another shop's journey id is a 404.
 */

export function journeyIdOf(params: { id?: string }): number {
  const id = journeyIdParam.safeParse(params.id);
  if (!id.success) throw new Response("Journey not found", { status: 404 });
  return id.data;
}

export async function requireJourney(client: Db, shop: ShopRef, params: { id?: string }): Promise<StoredJourney> {
  const journey = await getStoredJourney(client, shop, journeyIdOf(params));
  if (!journey) throw new Response("Journey not found", { status: 404 });
  return journey;
}

/** The merchant's shop as a message shows it (previews and tests use it; the customer stays sample data). */
function shopOfRecord(record: { name: string; domain: string; currency: string; timezone: string }) {
  return {
    name: record.name || record.domain,
    domain: record.domain,
    url: `https://${record.domain}`,
    currency: record.currency,
    timezone: record.timezone,
  };
}

export interface MessagePreview {
  templateKey: string;
  locale: "ja" | "en";
  subject: string;
  html: string;
}

export interface JourneyEditorPage {
  shop: { currency: string; timezone: string; email: string | null };
  journey: Omit<StoredJourney, "definition"> & { definition: JourneyDefinition };
  mail: { configured: boolean };
  /** the message templates a send step may use */
  messageTemplateKeys: string[];
  preview: MessagePreview | null;
  /** why the preview could not be rendered (a template error), when it could not */
  previewError: string | null;
  /** the built-in text of every message in ja and en (what the text editor starts from and resets to) */
  builtInTexts: Record<string, { ja: MessageTemplate; en: MessageTemplate }>;
  /** the variables the text editor offers to insert */
  textVariables: string[];
}

/** The preview asked for in the URL (?preview=<template>&previewLocale=ja|en), else the journey's first message. */
function previewChoice(definition: JourneyDefinition, url: URL, adminLocale: "ja" | "en") {
  const sends = definition.steps.flatMap((step) => (step.kind === "send" ? [step.templateKey] : []));
  const asked = url.searchParams.get("preview");
  const templateKey = asked && (MESSAGE_TEMPLATE_KEYS as readonly string[]).includes(asked) ? asked : (sends[0] ?? null);
  const askedLocale = url.searchParams.get("previewLocale");
  const locale: "ja" | "en" = askedLocale === "en" || askedLocale === "ja" ? askedLocale : adminLocale;
  return { templateKey, locale };
}

export async function journeyEditorPage(
  client: Db,
  shop: ShopRef,
  params: { id?: string },
  url: URL,
  adminLocale: "ja" | "en",
): Promise<JourneyEditorPage> {
  const [stored, record] = await Promise.all([requireJourney(client, shop, params), getShop(client, shop)]);
  const definition = parseJourneyDefinition(stored.definition);
  const choice = previewChoice(definition, url, adminLocale);
  let preview: MessagePreview | null = null;
  let previewError: string | null = null;
  if (choice.templateKey) {
    try {
      const rendered = renderPreview(choice.templateKey, choice.locale, { shop: shopOfRecord(record) });
      preview = { templateKey: choice.templateKey, locale: choice.locale, subject: rendered.subject, html: rendered.html };
    } catch (error) {
      if (!(error instanceof MailRenderError)) throw error;
      previewError = error.message;
    }
  }
  return {
    shop: { currency: record.currency, timezone: record.timezone, email: record.email },
    journey: { ...stored, definition },
    mail: { configured: mailConfigured() },
    messageTemplateKeys: [...MESSAGE_TEMPLATE_KEYS],
    preview,
    previewError,
    builtInTexts: Object.fromEntries(
      MESSAGE_TEMPLATE_KEYS.map((key) => [key, { ja: messageTemplates.ja[key], en: messageTemplates.en[key] }]),
    ),
    textVariables: [...TEMPLATE_VARIABLES],
  };
}

export type JourneyEditorActionResult =
  | { ok: true; intent: "save" | "activate" | "pause" }
  | { ok: true; intent: "test"; address: string }
  | { ok: false; intent: "save"; errors: JourneyEditorErrors; details?: TextIssueDetails }
  | { ok: false; intent: "activate" | "pause" | "form"; error: MessageKey }
  | { ok: false; intent: "test"; error: MessageKey; detail?: string; errors?: JourneyEditorErrors };

export async function journeyEditorAction(
  client: Db,
  shop: ShopRef,
  params: { id?: string },
  form: FormData,
  now: Date,
): Promise<{ status: number; result: JourneyEditorActionResult }> {
  const stored = await requireJourney(client, shop, params);
  const intent = parseForm(journeyIntentForm, form);
  if (!intent.ok) return { status: 400, result: { ok: false, intent: "form", error: "forms.errors.unreadable" } };
  switch (intent.data.intent) {
    case "save": {
      const current = safeParseJourneyDefinition(stored.definition);
      if (!current.ok) return { status: 409, result: { ok: false, intent: "save", errors: { form: "journeys.errors.notJson" } } };
      const edited = applyJourneyEdits(current.definition, form, await getShop(client, shop));
      if (!edited.ok) {
        return { status: 400, result: { ok: false, intent: "save", errors: edited.errors, details: edited.details } };
      }
      await updateJourneyDefinition(client, shop, stored.id, {
        definition: JSON.stringify(edited.definition),
        holdoutShare: edited.holdoutShare,
      });
      return { status: 200, result: { ok: true, intent: "save" } };
    }
    case "activate": {
      const activated = await activate(client, shop, stored.id, now);
      if (!activated.ok) return { status: 409, result: { ok: false, intent: "activate", error: activated.error } };
      return { status: 200, result: { ok: true, intent: "activate" } };
    }
    case "pause": {
      await pauseJourney(client, shop, stored.id, now);
      return { status: 200, result: { ok: true, intent: "pause" } };
    }
    case "test": {
      const parsed = parseForm(testMessageForm, form);
      if (!parsed.ok) {
        return {
          status: 400,
          result: {
            ok: false,
            intent: "test",
            error: parsed.errors.address ?? "journeys.errors.template",
            errors: parsed.errors,
          },
        };
      }
      const record = await getShop(client, shop);
      const config = mailSettings();
      if (!config) return { status: 409, result: { ok: false, intent: "test", error: "journeys.errors.mailNotConfigured" } };
      const mailer = createMailer(config, { maxConnections: 1 });
      try {
        const sent = await sendTestMessage({
          mailer,
          templateKey: parsed.data.templateKey,
          locale: parsed.data.locale,
          to: parsed.data.address,
          shop: shopOfRecord(record),
          source: editedText(parsed.data),
        });
        if (!sent.ok)
          return { status: 502, result: { ok: false, intent: "test", error: "journeys.test.failed", detail: sent.detail } };
        return { status: 200, result: { ok: true, intent: "test", address: parsed.data.address } };
      } finally {
        mailer.close();
      }
    }
  }
}

/** The parts of a text the editor posted that say something (empty: the built-in part). */
function editedText(input: { subject?: string; preheader?: string; body?: string }): Partial<MessageTemplate> {
  const text: Partial<MessageTemplate> = {};
  for (const part of ["subject", "preheader", "body"] as const) {
    const value = input[part] === undefined ? "" : normaliseText(input[part]);
    if (value) text[part] = value;
  }
  return text;
}

export type TextPreviewResult =
  | { ok: true; locale: "ja" | "en"; subject: string; html: string; text: string; warnings: TemplateIssue[] }
  | { ok: false; locale: "ja" | "en"; errors: TemplateIssue[]; warnings: TemplateIssue[] };

/**
 * The text editor's live preview: the message as edited (not saved), rendered with the sample customer
 * 山田 花子 様 and the merchant's shop, in the language asked for; Liquid errors with their line instead when
 * it cannot be rendered, and unknown variables as warnings either way.
 */
export async function journeyTextPreview(
  client: Db,
  shop: ShopRef,
  params: { id?: string },
  form: FormData,
): Promise<{ status: number; result: TextPreviewResult }> {
  await requireJourney(client, shop, params);
  const parsed = parseForm(textPreviewForm, form);
  if (!parsed.ok) throw new Response("Unreadable preview request", { status: 400 });
  const { templateKey, locale } = parsed.data;
  const text = editedText(parsed.data);
  const check = checkMessageText(text, templateKey, locale);
  if (check.errors.length > 0) {
    return { status: 200, result: { ok: false, locale, errors: check.errors, warnings: check.warnings } };
  }
  const record = await getShop(client, shop);
  const rendered = renderPreview(templateKey, locale, { shop: shopOfRecord(record) }, text);
  return {
    status: 200,
    result: { ok: true, locale, subject: rendered.subject, html: rendered.html, text: rendered.text, warnings: check.warnings },
  };
}

export interface JourneyReportPage {
  shop: { currency: string; timezone: string };
  journey: { id: number; name: string; templateKey: string | null; status: string };
  results: JourneyResults;
}

/** The report: per-step counts, lift against the hold-out and (follow-ups) F2 conversion, from the engine. */
export async function journeyReportPage(
  client: Db,
  shop: ShopRef,
  params: { id?: string },
  now: Date,
): Promise<JourneyReportPage> {
  const stored = await requireJourney(client, shop, params);
  const [record, results] = await Promise.all([getShop(client, shop), journeyResults(client, shop, stored.id, now)]);
  if (!results) throw new Response("Journey not found", { status: 404 });
  return {
    shop: { currency: record.currency, timezone: record.timezone },
    journey: { id: stored.id, name: stored.name, templateKey: stored.templateKey, status: stored.status },
    results,
  };
}
