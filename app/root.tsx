import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { localeOfMatches } from "./components/page-title";
import { resolveLocale, translator } from "./i18n";
import type { loader as appLoader } from "./routes/app";

// Against the local emulator (demo, browser tests) Shopify admin and its CDN are absent: a stand-in for App
// Bridge is loaded first. Against real Shopify this is false and nothing changes.
// The locale here is a guess from the request for pages outside the app (login); inside it, the app
// layout's locale wins, since only the first document load carries the admin's ?locale=.
export const loader = ({ request }: LoaderFunctionArgs) => ({
  emulated: Boolean(process.env.SHOPIFY_ADMIN_ORIGIN),
  locale: resolveLocale(new URL(request.url).searchParams.get("locale"), request.headers.get("accept-language")),
});

// Pages without a title of their own (login, errors) are still named.
export const meta: MetaFunction = ({ matches }) => [{ title: translator(localeOfMatches(matches))("meta.app") }];

export default function App() {
  const { emulated, locale: requestLocale } = useLoaderData<typeof loader>() ?? { emulated: false, locale: "en" };
  const locale = useRouteLoaderData<typeof appLoader>("routes/app")?.locale ?? requestLocale;
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
