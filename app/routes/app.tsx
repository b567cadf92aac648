import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import enPolaris from "@shopify/polaris/locales/en.json";
import jaPolaris from "@shopify/polaris/locales/ja.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { resolveLocale } from "../i18n";
import { LocaleProvider, useT } from "../i18n/react";
import { authenticate } from "../shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  // Shopify admin passes its language as ?locale= on every embedded load.
  const url = new URL(request.url);
  const locale = resolveLocale(url.searchParams.get("locale"), request.headers.get("accept-language"));
  return { apiKey: process.env.SHOPIFY_API_KEY ?? "", locale };
};

export default function AppLayout() {
  const { apiKey, locale } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} i18n={locale === "ja" ? jaPolaris : enPolaris}>
      <LocaleProvider locale={locale}>
        <Navigation />
        <Outlet />
      </LocaleProvider>
    </AppProvider>
  );
}

function Navigation() {
  const t = useT();
  return (
    <NavMenu>
      <Link to="/app" rel="home">
        {t("nav.dashboard")}
      </Link>
    </NavMenu>
  );
}

// Shopify needs Remix to catch thrown responses (redirects out of the iframe) and add its headers.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
