import { type Catalogue, en, ja, type MessageKey } from "./catalog";

export type Locale = "en" | "ja";
export type { MessageKey };

const catalogues: Record<Locale, Catalogue> = { en, ja };

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
  const catalogue = catalogues[locale];
  return (key, values) =>
    catalogue[key].replace(/\{(\w+)\}/g, (whole, name: string) => (values && name in values ? String(values[name]) : whole));
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
  return Object.hasOwn(en, key);
}

/** A Message, or a bare catalogue key, in the admin's language; anything else is a generic "check this value". */
export function translateMessage(t: Translate, message: Message | string): string {
  const { key, values } = typeof message === "string" ? { key: message, values: undefined } : message;
  return t(isMessageKey(key) ? key : "forms.errors.invalid", values);
}
