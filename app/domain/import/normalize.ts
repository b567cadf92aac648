/**
 * How the values of a previous shop system's order export become Kizuna's: amounts with yen signs, commas and
 * 全角 digits, dates written 2023/4/1 or 2023年4月1日, emails and phone numbers in the forms people type them.
 * Pure: no clock, no time zone lookups (the caller turns a civil date-time into an instant).
 */

/** 全角 letters, digits and signs to their ASCII forms (NFKC), spaces trimmed. */
export function halfWidth(text: string): string {
  return text.normalize("NFKC").trim();
}

/**
 * An amount in major units of a currency with `decimals` minor digits → integer minor units. Accepts
 * "¥1,500", "１，５００円", "￥1500", "1500.00" (extra zero decimals), "-300". Returns null when it is not a number.
 * `extraDecimals` more digits are allowed and rounded half away from zero (unit prices such as 0.001 GBP).
 */
export function parseAmount(text: string, decimals: number, extraDecimals = 0): number | null {
  // In Shift_JIS the yen sign is byte 0x5C, which decoders give back as a backslash.
  let value = halfWidth(text).replace(/[¥￥\\$£€\s]/g, "");
  value = value.replace(/円$/, "").replace(/^JPY|JPY$/i, "");
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(value)) value = value.replace(/,/g, "");
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  if (!match) return null;
  const [, sign, whole, fraction = ""] = match;
  const significant = fraction.replace(/0+$/, "");
  if (significant.length > decimals + extraDecimals) return null;
  const scaled = Number(whole + fraction.padEnd(decimals, "0").slice(0, decimals));
  const rest = fraction.slice(decimals);
  const roundUp = rest.length > 0 && Number(rest[0]) >= 5 ? 1 : 0;
  const minor = scaled + roundUp;
  if (!Number.isSafeInteger(minor)) return null;
  return sign === "-" && minor !== 0 ? -minor : minor;
}

/** A quantity: a whole number, 全角 digits and commas allowed. */
export function parseQuantity(text: string): number | null {
  const value = halfWidth(text).replace(/,/g, "");
  if (!/^-?\d+$/.test(value)) return null;
  const quantity = Number(value);
  return Number.isSafeInteger(quantity) ? quantity : null;
}

export interface CivilDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const DATE_FORMS = [
  // 2023-04-01, 2023/4/1, 2023.4.1, with an optional time (T or space), as carts and spreadsheets write them
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?$/,
  // 2023年4月1日 (10時5分), 2023年4月1日 10:05
  /^(\d{4})年(\d{1,2})月(\d{1,2})日(?:\s*(?:\(.\)\s*)?(\d{1,2})[:時](\d{1,2})分?(?::?(\d{1,2})秒?)?)?$/,
  // 20230401 (CDNOW's raw log)
  /^(\d{4})(\d{2})(\d{2})$/,
];

/**
 * A date (and time) as written in the file, without a zone: the caller reads it in the shop's time zone.
 * Returns null when it is not one of the accepted forms or not a real calendar date (2023/2/30).
 */
export function parseCivilDateTime(text: string): CivilDateTime | null {
  const value = halfWidth(text).replace(/\s+/g, " ");
  for (const form of DATE_FORMS) {
    const match = form.exec(value);
    if (!match) continue;
    const [year, month, day, hour = 0, minute = 0, second = 0] = match
      .slice(1)
      .map((part) => (part === undefined ? 0 : Number(part)));
    if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
    const check = new Date(Date.UTC(year, month - 1, day));
    if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
    return { year, month, day, hour, minute, second };
  }
  return null;
}

/** The instant of a civil date-time in a zone whose offset at an instant `offsetAt` gives (ms, east positive). */
export function civilToInstant(civil: CivilDateTime, offsetAt: (epochMs: number) => number): number {
  const asUtc = Date.UTC(civil.year, civil.month - 1, civil.day, civil.hour, civil.minute, civil.second);
  const first = asUtc - offsetAt(asUtc);
  return asUtc - offsetAt(first);
}

/** An email as matched: NFKC (全角 @ and letters), trimmed, lower-case; null when it is not an address. */
export function normaliseEmail(text: string | null | undefined): string | null {
  if (!text) return null;
  const value = halfWidth(text).toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? value : null;
}

/**
 * A phone number as matched: digits only, Japan's forms made one (+81 90-1234-5678, 090-1234-5678 and
 * 09012345678 are all "+819012345678"); other numbers keep their country code when written with +.
 * Null when fewer than 8 digits remain.
 */
export function normalisePhone(text: string | null | undefined, defaultCountry = "81"): string | null {
  if (!text) return null;
  const value = halfWidth(text);
  const plus = value.startsWith("+");
  let digits = value.replace(/\D/g, "");
  if (digits.length < 8) return null;
  if (plus) return `+${digits}`;
  if (digits.startsWith("00")) return `+${digits.slice(2)}`;
  if (digits.startsWith("0")) digits = digits.slice(1);
  return `+${defaultCountry}${digits}`;
}

/** A header name as compared with a preset's: NFKC, lower-case, without spaces, underscores and brackets. */
export function headerKey(name: string): string {
  return halfWidth(name)
    .toLowerCase()
    .replace(/[\s_()（）[\]【】・:：-]/g, "");
}
