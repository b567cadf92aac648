/**
 * Latin-alphabet words in a Japanese text that are not brand names, units or codes a Japanese merchant
 * reads as they are: an English sentence that slipped onto a Japanese page shows up here. Used by the
 * catalogue and route tests (and usable on any rendered page).
 */
export const LATIN_ALLOWED = new Set([
  // brands and products
  "Kizuna",
  "kizuna",
  "Shopify",
  "Email",
  "Flow",
  "Welch",
  // LINE and the names of its console and API, as LINE writes them in Japanese (decision 025)
  "LINE",
  "Developers",
  "Messaging",
  "API",
  // carts and data a history import comes from (decision 029)
  "MakeShop",
  "futureshop",
  "Yahoo",
  "RMS",
  "UCI",
  // Shopify's template language and the mail format a merchant edits (decision 021)
  "Liquid",
  "HTML",
  // the names of the purchase models, as the literature writes them (decision 028)
  "BG",
  "MBG",
  "NBD",
  "Pareto",
  "RMSE",
  // abbreviations Japanese EC marketers write in Latin letters
  "RFM",
  "R",
  "F",
  "M",
  "LTV",
  "CLV",
  "CSV",
  "JSON",
  "ID",
  "Webhook",
  "URL",
  // text encodings
  "UTF",
  "Shift",
  "JIS",
  // units and currency codes
  "pt",
  "g",
  "kg",
  "ml",
  "JPY",
  "USD",
  "MB",
]);

/**
 * "hara5623@example.jp", "example.myshopify.com", "$app:kizuna", "kizuna:at_risk" (a tag), "#1001",
 * "SIZUNA-AB12", "AUTUMN2025": codes and addresses, not words.
 */
const CODE =
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:[\w-]+\.)+[a-z]{2,}|\$app:[\w.]+|\b[A-Za-z][\w-]*:[A-Za-z_][\w-]*|#\w+|\b[A-Z0-9]+(?:-[A-Z0-9]+)+\b|\b[A-Z]+\d[A-Z0-9]*\b/g;

export function untranslatedWords(text: string, allowed: ReadonlySet<string> = LATIN_ALLOWED): string[] {
  const words = text.replace(CODE, " ").match(/[A-Za-z][A-Za-z'’]*/g) ?? [];
  return words.filter((word) => !allowed.has(word));
}
