/**
 * Numbers, money and dates as a merchant reads them: in the admin's language, money in the shop's currency
 * (JPY without decimals), dates in the shop's time zone. Pure functions, the same on the server and in the browser.
 */
import { currencyDecimals } from "../domain/money";
import type { Locale } from "./index";

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
