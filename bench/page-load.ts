/**
 * Every admin page loaded in a real browser (Chromium through Playwright), in Japanese and English, on the
 * demo's shop (5,000 customers by default).
 *
 *   npm run build && npx tsx bench/page-load.ts [--customers 5000] [--warm 2] [--pages dashboard,customers]
 *
 * Starts the demo the way the browser tests do (tests/e2e/demo-browser.ts: emulator, seeded store, backfill,
 * analysis, the production build with compression), creates one campaign so its page exists, then opens each
 * page as a document load through /demo-login (the way a reload in the admin arrives): once in a fresh browser
 * context (cold: nothing cached) and `--warm` times more in the same context (the build's files cached).
 *
 * Per load it records, from the browser's own navigation and resource timing:
 * - `renderedMs`: navigation start → the page is fully rendered: the page heading is there, React has
 *   hydrated the document, every request the page made has finished and the last long task has ended
 *   (whichever is last). This is the number the target applies to: every page < 1,000 ms.
 * - `serverMs`: time to first byte of the document (the route loaders), `hydratedMs`, `longTaskMs` (sum of
 *   main-thread tasks over 50 ms);
 * - `jsBytes` / `jsGzipBytes`: script bytes the page loaded (decoded / as sent, i.e. compressed), `requests`.
 *
 * The floor, measured in the same run on the same server: a plain-text route (`/healthz`, the server and
 * network alone) and the login page (a bare Polaris page: React, Remix and Polaris hydrating, no data).
 * Results: bench/results/page-load.json, and a table on stdout.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { projectRoot } from "../app/db/database-url.mjs";
import { openBrowser, startDemo } from "../tests/e2e/demo-browser";

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

const customers = Number(argument("customers", "5000"));
const warmRuns = Number(argument("warm", "2"));
const onlyPages = argument("pages", "")
  .split(",")
  .filter((name) => name.length > 0);
const TARGET_MS = 1000;

interface Load {
  renderedMs: number;
  serverMs: number;
  hydratedMs: number;
  lastResponseMs: number;
  longTaskMs: number;
  jsBytes: number;
  jsGzipBytes: number;
  requests: number;
}

/** Installed in every page before its scripts: notes long tasks and the moment React hydrates the document. */
const OBSERVER = `(() => {
  window.__bench = { longTasks: [], hydratedAt: 0 };
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__bench.longTasks.push([entry.startTime, entry.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch {}
  const hydrated = () => document.body && Object.keys(document.body).some((key) => key.startsWith("__reactFiber"));
  const check = () => {
    if (hydrated()) window.__bench.hydratedAt = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

async function measure(page: Page, url: string, ready: string, hydrates = true): Promise<Load> {
  await page.goto(url, { waitUntil: "load" });
  await page.locator(ready).first().waitFor({ state: "visible", timeout: 30_000 });
  if (hydrates) {
    await page.waitForFunction(() => (window as unknown as { __bench: { hydratedAt: number } }).__bench.hydratedAt > 0, null, {
      timeout: 30_000,
    });
  }
  await page.waitForLoadState("networkidle");
  return page.evaluate(() => {
    const bench = (window as unknown as { __bench: { longTasks: Array<[number, number]>; hydratedAt: number } }).__bench;
    const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    const scripts = resources.filter((entry) => /\.m?js(\?|$)/.test(new URL(entry.name).pathname));
    const lastResponse = Math.max(navigation.loadEventEnd, ...resources.map((entry) => entry.responseEnd));
    const lastTask = Math.max(0, ...bench.longTasks.map(([start, duration]) => start + duration));
    return {
      renderedMs: Math.round(Math.max(bench.hydratedAt, lastResponse, lastTask)),
      serverMs: Math.round(navigation.responseStart),
      hydratedMs: Math.round(bench.hydratedAt),
      lastResponseMs: Math.round(lastResponse),
      longTaskMs: Math.round(bench.longTasks.reduce((sum, [, duration]) => sum + duration, 0)),
      jsBytes: scripts.reduce((sum, entry) => sum + entry.decodedBodySize, 0),
      jsGzipBytes: scripts.reduce((sum, entry) => sum + entry.encodedBodySize, 0),
      requests: resources.length + 1,
    };
  });
}

interface Target {
  name: string;
  /** path below the server, or a function of the locale returning one */
  path: string;
  /** a selector that shows the page's own content is there */
  ready: string;
  floor?: boolean;
  /** false for a page React does not render (plain text) */
  hydrates?: boolean;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
}

const started = Date.now();
console.log(`Starting the demo with ${customers} customers (needs npm run build)…`);
const demo = await startDemo(customers, "ja");
console.log(`demo serving after ${Math.round((Date.now() - started) / 1000)} s`);
const base = new URL(demo.url).origin;
const login = (locale: string, returnTo: string) => `${base}/demo-login?${new URLSearchParams({ locale, return: returnTo })}`;
let browser: Browser | undefined;
try {
  const opened = await openBrowser();
  browser = opened.browser;
  const setupPage = opened.page;

  // A campaign, so the campaign page has something to show; and one customer's id.
  await setupPage.goto(login("en", "/app/segments"), { waitUntil: "networkidle" });
  await setupPage.locator('a[href^="/app/campaigns/new?"][href*="segment="]').first().click();
  await setupPage.waitForURL(/\/app\/campaigns\/new/);
  await setupPage.getByLabel("Campaign name").fill("Benchmark campaign");
  await setupPage.getByLabel("Value").fill("10");
  await setupPage.getByRole("button", { name: "Create campaign" }).last().click();
  await setupPage.waitForURL(/\/app\/campaigns\/\d+/, { timeout: 60_000 });
  const campaignPath = new URL(setupPage.url()).pathname;
  await setupPage.goto(login("en", "/app/customers"), { waitUntil: "networkidle" });
  const customerPath = await setupPage.locator('a[href^="/app/customers/"]:not([href*="export"])').first().getAttribute("href");
  await setupPage.context().close();

  const heading = "main h1";
  const targets: Target[] = [
    { name: "floor: plain-text route", path: "/healthz", ready: "body", floor: true, hydrates: false },
    { name: "floor: bare Polaris page", path: "/auth/login", ready: "form", floor: true },
    { name: "dashboard", path: "/app", ready: heading },
    { name: "customers", path: "/app/customers", ready: heading },
    { name: "customer", path: customerPath ?? "/app/customers", ready: heading },
    { name: "segments", path: "/app/segments", ready: heading },
    { name: "loyalty", path: "/app/loyalty", ready: heading },
    { name: "campaigns", path: "/app/campaigns", ready: heading },
    { name: "campaign", path: campaignPath, ready: heading },
    { name: "new campaign", path: "/app/campaigns/new", ready: heading },
    { name: "points", path: "/app/points", ready: heading },
    { name: "settings", path: "/app/settings", ready: heading },
    { name: "sync health", path: "/app/sync", ready: heading },
  ].filter((target) => target.floor || onlyPages.length === 0 || onlyPages.includes(target.name));

  const results: Record<string, Record<string, { cold: Load; warm: Load[]; warmMedianMs: number }>> = {};
  for (const locale of ["ja", "en"] as const) {
    results[locale] = {};
    for (const target of targets) {
      // The floor pages are not behind the demo sign-in; the app's pages are opened through it, as a reload is.
      const url = target.floor ? `${base}${target.path}` : login(locale, target.path);
      const context: BrowserContext = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      await context.addInitScript(OBSERVER);
      const page = await context.newPage();
      await page.route("https://cdn.shopify.com/**", (route) =>
        route.fulfill({
          status: 200,
          contentType: route.request().url().endsWith(".js") ? "application/javascript" : "text/css",
          body: "",
        }),
      );
      const cold = await measure(page, url, target.ready, target.hydrates);
      const warm: Load[] = [];
      for (let run = 0; run < warmRuns; run++) warm.push(await measure(page, url, target.ready, target.hydrates));
      await context.close();
      results[locale][target.name] = { cold, warm, warmMedianMs: median(warm.map((load) => load.renderedMs)) };
    }
  }

  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
  const rows = Object.entries(results).flatMap(([locale, pages]) =>
    Object.entries(pages).map(([name, { cold, warmMedianMs }]) => ({
      page: `${locale} ${name}`,
      cold: cold.renderedMs,
      warm: warmMedianMs,
      server: cold.serverMs,
      hydrated: cold.hydratedMs,
      longTasks: cold.longTaskMs,
      js: kb(cold.jsBytes),
      jsGzip: kb(cold.jsGzipBytes),
      requests: cold.requests,
    })),
  );
  console.table(rows);
  const appPages = rows.filter((row) => !row.page.includes("floor"));
  const slowest = Math.max(...appPages.map((row) => Math.max(row.cold, row.warm)));
  console.log(`slowest admin page: ${slowest} ms (target < ${TARGET_MS} ms)`);

  const file = path.join(projectRoot, "bench/results/page-load.json");
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        customers,
        warmRuns,
        browser: browser.version(),
        node: process.version,
        measuredAt: new Date().toISOString(),
        targetMs: TARGET_MS,
        slowestMs: slowest,
        minutes: Math.round((Date.now() - started) / 6000) / 10,
        pages: results,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`written to ${path.relative(projectRoot, file)}`);
} finally {
  await browser?.close();
  await demo.stop();
}
