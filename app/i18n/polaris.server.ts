import enPolaris from "@shopify/polaris/locales/en.json";
import jaPolaris from "@shopify/polaris/locales/ja.json";
import type { Locale } from "./index";

/** Polaris' own strings for the admin's language: sent by the app layout's loader, so the bundle carries neither. */
export function polarisTranslations(locale: Locale): typeof enPolaris {
  return locale === "ja" ? jaPolaris : enPolaris;
}
