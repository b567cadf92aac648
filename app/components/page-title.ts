import type { MetaFunction } from "@remix-run/node";
import { type Locale, type MessageKey, resolveLocale, translator } from "../i18n";

/**
 * The admin's locale for a meta function, which runs outside React: the app layout's loader resolved it
 * (routes/app keeps it across client navigations); outside the app, the root's guess from the request.
 */
export function localeOfMatches(matches: ReadonlyArray<{ id: string; data?: unknown }>): Locale {
  for (const id of ["routes/app", "root"]) {
    const data = matches.find((match) => match.id === id)?.data;
    if (data && typeof data === "object" && "locale" in data && typeof data.locale === "string") {
      return resolveLocale(data.locale);
    }
  }
  return "en";
}

/** A route's `meta`: its translated page name, then the app's, as the document title. */
export function pageTitle(page: MessageKey): MetaFunction {
  return ({ matches }) => {
    const t = translator(localeOfMatches(matches));
    return [{ title: t("meta.title", { page: t(page) }) }];
  };
}
