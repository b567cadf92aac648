import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { localeOfMatches } from "./components/page-title";
import { hasCatalogue, messagesFor, provideCatalogue, resolveLocale, translator } from "./i18n";
import type { loader as appLoader } from "./routes/app";

// Against the local emulator (demo, browser tests) Shopify admin and its CDN are absent: a stand-in for App
// Bridge is loaded first. Against real Shopify this is false and nothing changes.
// The locale here is a guess from the request for pages outside the app (login); inside it, the app
// layout's locale wins, since only the first document load carries the admin's ?locale=.
// Only the active language's messages reach the browser: inside the app the layout's loader sends them;
// outside it (landing page, login) this loader does.
export const loader = ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  const locale = resolveLocale(url.searchParams.get("locale"), request.headers.get("accept-language"));
  const insideApp = /^\/app(?:\/|$)/.test(url.pathname);
  return { emulated: Boolean(process.env.SHOPIFY_ADMIN_ORIGIN), locale, messages: insideApp ? null : messagesFor(locale) };
};

// Pages without a title of their own (login, errors) are still named.
export const meta: MetaFunction = ({ matches }) => {
  const locale = localeOfMatches(matches);
  return [{ title: hasCatalogue(locale) ? translator(locale)("meta.app") : "Kizuna" }];
};

export default function App() {
  const root = useLoaderData<typeof loader>() ?? { emulated: false, locale: "en" as const, messages: null };
  const app = useRouteLoaderData<typeof appLoader>("routes/app");
  const locale = app?.locale ?? root.locale;
  // Before anything below (the routes' meta titles included) translates in the browser.
  if (app) provideCatalogue(app.locale, app.messages);
  else if (root.messages) provideCatalogue(root.locale, root.messages);
  const { emulated } = root;
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="icon" href="/favicon.ico" sizes="32x32" />
        {emulated && <script src="/app-bridge-emulator.js" />}
        <link rel="preconnect" href="https://cdn.shopify.com/" />
        <link rel="stylesheet" href="https://cdn.shopify.com/static/fonts/inter/v4/styles.css" />
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}
