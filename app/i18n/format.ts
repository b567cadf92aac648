/**
 * Numbers, money and dates as a merchant reads them: in the admin's language, money in the shop's currency
 * (JPY without decimals), dates in the shop's time zone. Pure functions, the same on the server and in the browser.
 */
import { currencyDecimals } from "../domain/money";
import { DEFAULT_TIER_NAMES, type DefaultTierId, unnamedDefaultTier } from "../domain/points/tiers";
import { type Locale, translator } from "./index";

const intlLocale = (locale: Locale) => (locale === "ja" ? "ja-JP" : "en-US");

// Intl formatters are expensive to build and a table renders hundreds of cells.
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let formatter = cache.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    cache.set(key, formatter);
  }
  return formatter;
}

/** 150050 minor units of USD → "$1,500.50"; 6000 JPY → "¥6,000" (en) / "￥6,000" (ja). */
export function formatMoney(minor: number, currency: string, locale: Locale, options: { compact?: boolean } = {}): string {
  const decimals = currencyDecimals(currency);
  const formatter = cached(`money:${locale}:${currency}:${options.compact ? "c" : ""}`, () =>
    options.compact
      ? new Intl.NumberFormat(intlLocale(locale), {
          style: "currency",
          currency,
          notation: "compact",
          maximumFractionDigits: 1,
          // compact notation drops grouping below 5 digits by default: ￥2197.8万 instead of ￥2,197.8万
          useGrouping: true,
        })
      : new Intl.NumberFormat(intlLocale(locale), {
          style: "currency",
          currency,
          minimumFractionDigits: decimals,
          maximumFractionDigits: decimals,
        }),
  );
  // Display only: the division never feeds a sum.
  return formatter.format(minor / 10 ** decimals);
}

export function formatNumber(value: number, locale: Locale, maximumFractionDigits = 0): string {
  return cached(
    `number:${locale}:${maximumFractionDigits}`,
    () => new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits }),
  ).format(value);
}

/** 0.4237 → "42.4%". */
export function formatPercent(ratio: number, locale: Locale, maximumFractionDigits = 1): string {
  return cached(
    `percent:${locale}:${maximumFractionDigits}`,
    () => new Intl.NumberFormat(intlLocale(locale), { style: "percent", maximumFractionDigits }),
  ).format(ratio);
}

/** A calendar date in the shop's time zone: "Jan 15, 2026" / "2026/01/15". */
export function formatDate(ms: number, timeZone: string, locale: Locale): string {
  return cached(
    `date:${locale}:${timeZone}`,
    () =>
      new Intl.DateTimeFormat(intlLocale(locale), {
        timeZone,
        year: "numeric",
        month: locale === "ja" ? "2-digit" : "short",
        day: "2-digit",
      }),
  ).format(ms);
}

/** Date and time in the shop's time zone, for sync runs and events. */
export function formatDateTime(ms: number, timeZone: string, locale: Locale): string {
  return cached(
    `datetime:${locale}:${timeZone}`,
    () =>
      new Intl.DateTimeFormat(intlLocale(locale), {
        timeZone,
        year: "numeric",
        month: locale === "ja" ? "2-digit" : "short",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
      }),
  ).format(ms);
}

/** "2026-01" month labels of cohorts → "Jan 2026" / "2026年1月". */
export function formatMonth(yearMonth: string, locale: Locale): string {
  const [year, month] = yearMonth.split("-").map(Number);
  if (!year || !month) return yearMonth;
  return cached(
    `month:${locale}`,
    () => new Intl.DateTimeFormat(intlLocale(locale), { timeZone: "UTC", year: "numeric", month: "short" }),
  ).format(Date.UTC(year, month - 1, 1));
}

/** A duration in ms, roughly, for "oldest pending event: 3 min". */
export function formatDuration(ms: number, locale: Locale): string {
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ["day", 86_400_000],
    ["hour", 3_600_000],
    ["minute", 60_000],
    ["second", 1000],
  ];
  for (const [unit, size] of units) {
    if (ms >= size || unit === "second") {
      return new Intl.NumberFormat(intlLocale(locale), {
        style: "unit",
        unit,
        unitDisplay: "short",
        maximumFractionDigits: 0,
      }).format(Math.floor(ms / size));
    }
  }
  return "";
}

// ------------------------------------------------------------------ names

export interface PersonName {
  firstName: string | null;
  lastName: string | null;
}

/** Kana and kanji: a name written in them is written family name first whatever the page's language. */
const JAPANESE_SCRIPT = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]/;

/**
 * A customer's name as the page's language writes it: family name first in Japanese (原 浩, as Shopify's
 * admin shows it for ja) and for any name written in kana or kanji, given name first otherwise (Hiro Hara).
 * `honorific` adds 様 on Japanese pages, where the app lists or addresses customers. Null when the customer
 * has no name, so the caller chooses what stands in for it (the email, "名前なし").
 */
export function formatCustomerName(name: PersonName, locale: Locale, options: { honorific?: boolean } = {}): string | null {
  const first = name.firstName?.trim() || null;
  const last = name.lastName?.trim() || null;
  if (!first && !last) return null;
  const familyFirst = locale === "ja" || JAPANESE_SCRIPT.test(`${first ?? ""}${last ?? ""}`);
  const full = (familyFirst ? [last, first] : [first, last]).filter(Boolean).join(" ");
  return options.honorific && locale === "ja" ? `${full} 様` : full;
}

// ------------------------------------------------------------------ regions

/** The 47 prefectures by their ISO 3166-2:JP number (JP-01 … JP-47), as each language writes them. */
const PREFECTURES: ReadonlyArray<readonly [ja: string, en: string]> = [
  ["北海道", "Hokkaido"],
  ["青森県", "Aomori"],
  ["岩手県", "Iwate"],
  ["宮城県", "Miyagi"],
  ["秋田県", "Akita"],
  ["山形県", "Yamagata"],
  ["福島県", "Fukushima"],
  ["茨城県", "Ibaraki"],
  ["栃木県", "Tochigi"],
  ["群馬県", "Gunma"],
  ["埼玉県", "Saitama"],
  ["千葉県", "Chiba"],
  ["東京都", "Tokyo"],
  ["神奈川県", "Kanagawa"],
  ["新潟県", "Niigata"],
  ["富山県", "Toyama"],
  ["石川県", "Ishikawa"],
  ["福井県", "Fukui"],
  ["山梨県", "Yamanashi"],
  ["長野県", "Nagano"],
  ["岐阜県", "Gifu"],
  ["静岡県", "Shizuoka"],
  ["愛知県", "Aichi"],
  ["三重県", "Mie"],
  ["滋賀県", "Shiga"],
  ["京都府", "Kyoto"],
  ["大阪府", "Osaka"],
  ["兵庫県", "Hyogo"],
  ["奈良県", "Nara"],
  ["和歌山県", "Wakayama"],
  ["鳥取県", "Tottori"],
  ["島根県", "Shimane"],
  ["岡山県", "Okayama"],
  ["広島県", "Hiroshima"],
  ["山口県", "Yamaguchi"],
  ["徳島県", "Tokushima"],
  ["香川県", "Kagawa"],
  ["愛媛県", "Ehime"],
  ["高知県", "Kochi"],
  ["福岡県", "Fukuoka"],
  ["佐賀県", "Saga"],
  ["長崎県", "Nagasaki"],
  ["熊本県", "Kumamoto"],
  ["大分県", "Oita"],
  ["宮崎県", "Miyazaki"],
  ["鹿児島県", "Kagoshima"],
  ["沖縄県", "Okinawa"],
];

/** "JP-33" (Shopify's province code for a Japanese address; "33" and "jp-33" read the same) → 岡山県 / Okayama. */
export function prefectureName(provinceCode: string | null, locale: Locale): string | null {
  const match = provinceCode?.trim().match(/^(?:JP-)?(\d{1,2})$/i);
  const prefecture = match ? PREFECTURES[Number(match[1]) - 1] : undefined;
  return prefecture ? prefecture[locale === "ja" ? 0 : 1] : null;
}

const countryNames = new Map<Locale, Intl.DisplayNames>();
/** "JP" → 日本 / Japan, from the runtime's CLDR data; an unknown code is shown as it is. */
export function countryName(countryCode: string | null, locale: Locale): string | null {
  const code = countryCode?.trim().toUpperCase();
  if (!code) return null;
  if (!/^[A-Z]{2}$/.test(code)) return code;
  let names = countryNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([intlLocale(locale)], { type: "region", fallback: "code" });
    countryNames.set(locale, names);
  }
  return names.of(code) ?? code;
}

export interface Region {
  city: string | null;
  provinceCode: string | null;
  countryCode: string | null;
}

/**
 * Where a customer lives, as people write it: largest first in Japanese (岡山県 倉敷市; 米国 CA Los Angeles),
 * smallest first in English (Kurashiki, Okayama, Japan). The country is left out when it is `homeCountry`
 * (the shop's own, JP by default): a Japanese shop's customers are in Japan unless it says otherwise.
 */
export function formatRegion(region: Region, locale: Locale, homeCountry: string | null = "JP"): string | null {
  const countryCode = region.countryCode?.trim().toUpperCase() || null;
  const isJapan = countryCode === "JP" || (countryCode === null && /^JP-/i.test(region.provinceCode ?? ""));
  const province = isJapan
    ? (prefectureName(region.provinceCode, locale) ?? region.provinceCode)
    : // Outside Japan Shopify's code is "US-CA" or "CA"; the part after the country is what people write.
      (region.provinceCode?.replace(/^[A-Z]{2}-/i, "") ?? null);
  const country = countryCode && countryCode !== homeCountry?.toUpperCase() ? countryName(countryCode, locale) : null;
  const city = region.city?.trim() || null;
  const parts = locale === "ja" ? [country, province, city] : [city, province, country];
  const text = parts.filter(Boolean).join(locale === "ja" ? " " : ", ");
  return text || null;
}

// ------------------------------------------------------------------ ranks

/**
 * A rank's name as a merchant or customer reads it: the merchant's own name, or for a default rank they
 * have not renamed, the default's name in the page's language (Bronze → ブロンズ). Never the rank's id.
 */
export function formatTierName(tier: { id: string; name: string }, locale: Locale): string {
  const unnamed = unnamedDefaultTier(tier);
  return unnamed ? translator(locale)(`points.tierNames.${unnamed}`) : tier.name;
}

/**
 * The name to store for what the form sent: a default rank's name as either language shows it (ブロンズ,
 * Bronze) stays the default, so saving the form in Japanese does not turn the English pages' Bronze into ブロンズ.
 */
export function tierNameToStore(tier: { id: string; name: string }): string {
  if (!Object.hasOwn(DEFAULT_TIER_NAMES, tier.id)) return tier.name;
  const id = tier.id as DefaultTierId;
  const shown = (["ja", "en"] as const).map((locale) => translator(locale)(`points.tierNames.${id}`));
  return shown.includes(tier.name.trim()) ? DEFAULT_TIER_NAMES[id] : tier.name;
}
