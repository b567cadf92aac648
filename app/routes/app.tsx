import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  Link,
  NavLink,
  Outlet,
  type ShouldRevalidateFunction,
  useLoaderData,
  useLocation,
  useRouteError,
} from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { type MouseEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { visuallyHidden } from "../components/visually-hidden";
import { messagesFor, resolveLocale } from "../i18n";
import { polarisTranslations } from "../i18n/polaris.server";
import { LocaleProvider, useT } from "../i18n/react";
import { authenticate } from "../shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  // Shopify admin passes its language as ?locale= on every embedded load.
  const url = new URL(request.url);
  const locale = resolveLocale(url.searchParams.get("locale"), request.headers.get("accept-language"));
  // Against the local emulator there is no Shopify admin around the app to show the NavMenu: show it in the page.
  // Only the active language's messages (Kizuna's and Polaris') go to the browser, here rather than in the bundles.
  return {
    apiKey: process.env.SHOPIFY_API_KEY ?? "",
    locale,
    messages: messagesFor(locale),
    polaris: polarisTranslations(locale),
    emulated: Boolean(process.env.SHOPIFY_ADMIN_ORIGIN),
  };
};

// The admin's locale arrives only on the document load; later navigations and form posts must not lose it.
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl }) => {
  const next = nextUrl.searchParams.get("locale");
  return next !== null && next !== currentUrl.searchParams.get("locale");
};

export default function AppLayout() {
  const { apiKey, locale, polaris, emulated } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} i18n={polaris}>
      <LocaleProvider locale={locale}>
        <SkipLink />
        <Navigation />
        {emulated && <InPageNavigation />}
        <Main>
          <Outlet />
        </Main>
      </LocaleProvider>
    </AppProvider>
  );
}

const MAIN_ID = "kizuna-main";

function SkipLink() {
  const t = useT();
  // Focus the landmark itself: following the fragment would also work without JavaScript, but leaves a
  // #hash in the embedded app's URL.
  const skip = (event: MouseEvent<HTMLAnchorElement>) => {
    const main = document.getElementById(MAIN_ID);
    if (!main) return;
    event.preventDefault();
    main.focus();
    main.scrollIntoView();
  };
  return (
    <>
      <a href={`#${MAIN_ID}`} className="kizuna-skip-link" onClick={skip}>
        {t("a11y.skipToContent")}
      </a>
      <style>{`
        .kizuna-skip-link { position: absolute; left: 8px; top: -48px; z-index: 1000; padding: 8px 12px; border-radius: 8px;
          background: #fff; color: #303030; font: 600 14px/1.2 system-ui, sans-serif; box-shadow: 0 0 0 2px #005bd3; }
        .kizuna-skip-link:focus { top: 8px; }
        #${MAIN_ID}:focus { outline: none; }
      `}</style>
    </>
  );
}

/**
 * The page's landmark. After a client-side navigation to another page, focus moves to the new page's
 * heading (Polaris' Page title, the h1) and a status message names it, so keyboard and screen-reader users
 * start at the top of the new page instead of on the old link or the body. Query-only changes (filters,
 * search as you type) keep the focus where it is.
 */
function Main({ children }: { children: ReactNode }) {
  const t = useT();
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const previous = useRef(pathname);
  const [announcement, setAnnouncement] = useState("");
  useEffect(() => {
    if (previous.current === pathname || !main.current) return;
    previous.current = pathname;
    const heading = main.current.querySelector<HTMLElement>("h1");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    } else {
      main.current.focus();
    }
    const page = heading?.textContent?.trim() || document.title;
    setAnnouncement(t("a11y.navigated", { page }));
  }, [pathname, t]);
  // A Polaris DataTable that overflows scrolls sideways in a div of its own, which keyboard users cannot reach
  // (axe: scrollable-region-focusable): make each overflowing one a tab stop, checked after every render and resize.
  useEffect(() => {
    const root = main.current;
    if (!root) return;
    const markScrollable = () => {
      for (const region of root.querySelectorAll<HTMLElement>(".Polaris-DataTable__ScrollContainer")) {
        if (region.scrollWidth > region.clientWidth) region.tabIndex = 0;
        else region.removeAttribute("tabindex");
      }
    };
    markScrollable();
    window.addEventListener("resize", markScrollable);
    return () => window.removeEventListener("resize", markScrollable);
  });
  return (
    <>
      <main id={MAIN_ID} ref={main} tabIndex={-1}>
        {children}
      </main>
      <div role="status" style={visuallyHidden}>
        {announcement}
      </div>
    </>
  );
}

const NAVIGATION = [
  { to: "/app/customers", key: "nav.customers" },
  { to: "/app/segments", key: "nav.segments" },
  { to: "/app/loyalty", key: "nav.loyalty" },
  { to: "/app/predictions", key: "predictions.nav" },
  { to: "/app/campaigns", key: "nav.campaigns" },
  { to: "/app/journeys", key: "journeys.nav" },
  { to: "/app/points", key: "nav.points" },
  { to: "/app/settings", key: "nav.settings" },
  { to: "/app/sync", key: "nav.syncHealth" },
  { to: "/app/import", key: "import.nav" },
] as const;

function Navigation() {
  const t = useT();
  return (
    <NavMenu>
      <Link to="/app" rel="home">
        {t("nav.dashboard")}
      </Link>
      {NAVIGATION.map((item) => (
        <Link key={item.to} to={item.to}>
          {t(item.key)}
        </Link>
      ))}
    </NavMenu>
  );
}

function InPageNavigation() {
  const t = useT();
  const items = [{ to: "/app", key: "nav.dashboard" } as const, ...NAVIGATION];
  return (
    <nav aria-label="Kizuna" className="kizuna-emulated-nav">
      {items.map((item) => (
        <NavLink key={item.to} to={item.to} end={item.to === "/app"}>
          {t(item.key)}
        </NavLink>
      ))}
      <style>{`
        ui-nav-menu { display: none; }
        .kizuna-emulated-nav { display: flex; flex-wrap: wrap; gap: 4px; padding: 8px 16px; background: #1a1a1a; }
        .kizuna-emulated-nav a { color: #e3e3e3; text-decoration: none; padding: 6px 10px; border-radius: 8px; font: 500 13px/1 system-ui, sans-serif; }
        .kizuna-emulated-nav a.active { background: #303030; color: #fff; }
      `}</style>
    </nav>
  );
}

// Shopify needs Remix to catch thrown responses (redirects out of the iframe) and add its headers.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
