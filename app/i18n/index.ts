import type { Catalogue, MessageKey } from "./catalog";
import { en, ja } from "./catalogues.server";

export type Locale = "en" | "ja";
export type { Catalogue, MessageKey };

/**
 * The catalogues. On the server both languages, from a `.server` module; in the browser that module is empty,
 * so no language is bundled: the page's data brings the active language's messages (the app layout's loader,
 * `messagesFor`), and the root component hands them to `provideCatalogue` before anything is translated.
 */
const catalogues: Partial<Record<Locale, Catalogue>> = { en, ja };

/** In the browser: the active language's messages, as the app layout's loader sent them. */
export function provideCatalogue(locale: Locale, messages: Catalogue): void {
  catalogues[locale] ??= messages;
}

/** Whether a language's messages are at hand (always on the server; in the browser once provided). */
export function hasCatalogue(locale: Locale): boolean {
  return catalogues[locale] !== undefined;
}

/** Every message of one language (for the app layout's loader to send to the browser). */
export function messagesFor(locale: Locale): Catalogue {
  return catalogueOf(locale);
}

function catalogueOf(locale: Locale): Catalogue {
  const catalogue = catalogues[locale];
  if (!catalogue) throw new Error(`The ${locale} messages are not loaded (the app layout's loader sends them).`);
  return catalogue;
}

/** The admin's locale ("ja", "ja-JP", "en-US", …) reduced to a language Kizuna speaks; English otherwise. */
export function resolveLocale(...candidates: Array<string | null | undefined>): Locale {
  for (const candidate of candidates) {
    const language = candidate?.toLowerCase().split(/[-_,;]/)[0];
    if (language === "ja" || language === "en") return language;
  }
  return "en";
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  return (key, values) =>
    catalogueOf(locale)[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      values && name in values ? String(values[name]) : whole,
    );
}

/**
 * A message a lower layer hands up instead of a sentence: a catalogue key and its values (app/domain
 * cannot import the catalogue, so its keys are plain strings). Translated where it is shown.
 */
export interface Message {
  key: string;
  values?: Record<string, string | number>;
}

export function isMessageKey(key: string): key is MessageKey {
  // Every language has the same keys (the catalogue type makes sure): whichever is loaded answers.
  const catalogue = catalogues.en ?? catalogues.ja;
  return catalogue !== undefined && Object.hasOwn(catalogue, key);
}

/** A Message, or a bare catalogue key, in the admin's language; anything else is a generic "check this value". */
export function translateMessage(t: Translate, message: Message | string): string {
  const { key, values } = typeof message === "string" ? { key: message, values: undefined } : message;
  return t(isMessageKey(key) ? key : "forms.errors.invalid", values);
}
