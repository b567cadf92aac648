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
