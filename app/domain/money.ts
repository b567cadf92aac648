/**
 * Money in Kizuna is integer minor units of a currency (JPY: yen, USD: cents) — never a float that is added up.
 * Shopify sends decimal strings ("6000.0", "15.50"); these functions are the one way in and out.
 */

// ISO 4217 minor-unit digits that differ from the usual 2.
const ZERO_DECIMAL = new Set([
  "BIF",
  "CLP",
  "DJF",
  "GNF",
  "ISK",
  "JPY",
  "KMF",
  "KRW",
  "PYG",
  "RWF",
  "UGX",
  "UYI",
  "VND",
  "VUV",
  "XAF",
  "XOF",
  "XPF",
]);
const THREE_DECIMAL = new Set(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]);

export function currencyDecimals(currencyCode: string): number {
  const code = currencyCode.toUpperCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}

/**
 * "1500.5" with 2 decimals → 150050. Exact decimal parsing (no floats); throws on more decimals
 * than the currency has, so ¥100.5 is an error rather than a silent rounding.
 */
export function amountToMinorUnits(amount: string, currencyDecimals: number): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) throw new Error(`"${amount}" is not an amount: use digits with an optional decimal point, e.g. 1500 or 15.00.`);
  const [, sign, whole, fraction = ""] = match;
  if (fraction.replace(/0+$/, "").length > currencyDecimals) {
    throw new Error(`"${amount}" has more decimals than the currency allows (${currencyDecimals}).`);
  }
  const minor = Number(whole + fraction.padEnd(currencyDecimals, "0").slice(0, currencyDecimals));
  if (!Number.isSafeInteger(minor)) throw new Error(`"${amount}" is too large.`);
  return sign === "-" && minor !== 0 ? -minor : minor;
}

/** 150050 with 2 decimals → "1500.50"; for display and for Shopify's decimal-string money inputs. */
export function minorUnitsToAmount(minor: number, currencyDecimals: number): string {
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(currencyDecimals + 1, "0");
  const whole = digits.slice(0, digits.length - currencyDecimals);
  const fraction = currencyDecimals > 0 ? `.${digits.slice(digits.length - currencyDecimals)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** Shopify's decimal string in a currency → minor units, e.g. ("6000.0", "JPY") → 6000, ("15.5", "USD") → 1550. */
export function toMinorUnits(amount: string | number, currencyCode: string): number {
  return amountToMinorUnits(String(amount), currencyDecimals(currencyCode));
}
