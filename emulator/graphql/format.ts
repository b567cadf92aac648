/** Global ids and money rendering shared by the GraphQL layer, the bulk exporter and webhooks. */

export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

/** Parses `gid://shopify/Customer/123` (query strings such as `?shop=1` are ignored). */
export function parseGid(value: unknown): { type: string; id: number } | null {
  if (typeof value !== "string") return null;
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?.*)?$/.exec(value);
  if (!match) return null;
  return { type: match[1], id: Number(match[2]) };
}

const ZERO_DECIMAL = new Set([
  "JPY",
  "KRW",
  "VND",
  "CLP",
  "ISK",
  "UGX",
  "XAF",
  "XOF",
  "XPF",
  "PYG",
  "RWF",
  "KMF",
  "GNF",
  "DJF",
  "BIF",
  "VUV",
]);
const THREE_DECIMAL = new Set(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]);

export function currencyDigits(currency: string): number {
  if (ZERO_DECIMAL.has(currency)) return 0;
  if (THREE_DECIMAL.has(currency)) return 3;
  return 2;
}

function fixed(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const negative = minor < 0;
  const abs = Math.abs(Math.round(minor));
  if (digits === 0) return `${negative ? "-" : ""}${abs}`;
  const scale = 10 ** digits;
  const whole = Math.floor(abs / scale);
  const frac = String(abs % scale).padStart(digits, "0");
  return `${negative ? "-" : ""}${whole}.${frac}`;
}

/**
 * GraphQL `Decimal` as Shopify renders MoneyV2.amount: shortest decimal with at least one fractional digit
 * ("6000.0" for ¥6,000, "12.5" for $12.50, "10.0" for $10.00).
 */
export function graphqlDecimal(minor: number, currency: string): string {
  const text = fixed(minor, currency);
  if (!text.includes(".")) return `${text}.0`;
  const trimmed = text.replace(/0+$/, "");
  return trimmed.endsWith(".") ? `${trimmed}0` : trimmed;
}

/** REST/webhook money string: the currency's own number of decimals ("6000" for JPY, "12.50" for USD). */
export function restDecimal(minor: number, currency: string): string {
  return fixed(minor, currency);
}

/** Parses a Decimal input ("10", "10.5", 10.5) into minor units of `currency`; null when not a number. */
export function parseDecimalToMinor(value: unknown, currency: string): number | null {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  if (!/^-?\d+(\.\d+)?$/.test(text)) return null;
  return Math.round(Number(text) * 10 ** currencyDigits(currency));
}

export function iso(ms: number | null | undefined): string | null {
  return ms == null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
