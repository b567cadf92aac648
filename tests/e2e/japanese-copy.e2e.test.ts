import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LATIN_ALLOWED, untranslatedWords } from "../../app/i18n/latin-words";
import { generateStore } from "../../emulator/seed/generate";
import { openBrowser, type RunningDemo, screenshot, startDemo } from "./demo-browser";

/**
 * Every admin page in Japanese, on a store seeded in Japanese, read as a person sees it (innerText of the
 * page: navigation, headings, tables, buttons, banners): no Latin-alphabet word other than the allow-list of
 * app/i18n/latin-words.ts (brand names, RFM/LTV/CLV and other abbreviations, units, currency codes; emails,
 * domains, tags, order names and discount codes are not words) and the store's own data (a customer named
 * White, an address typed in romaji, a product called "VIP"), read from the same seeded store the demo serves.
 * An English sentence left on a Japanese page, or a label without a Japanese catalogue entry, fails it.
 */
let demo: RunningDemo;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  demo = await startDemo(800, "ja");
  ({ browser, page } = await openBrowser());
  await page.goto(demo.url.replace(/locale=\w+/, "locale=ja"), { waitUntil: "networkidle" });
  await page.locator("main h1").first().waitFor({ state: "visible", timeout: 15_000 });
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

/** The app's navigation to `path`, then (optionally) the first link on that page matching `then`. */
async function follow(path: string, then?: string) {
  await page.locator(`nav.kizuna-emulated-nav a[href="${path}"]`).click();
  if (then) {
    await page.waitForURL((url) => url.pathname === path);
    await page.waitForLoadState("networkidle");
    await page.locator(`main ${then}`).first().click();
  }
}

/** Every admin page, reached as a merchant does; a campaign is created first so its page exists. */
const PAGES: Array<{ name: string; path: RegExp; open: () => Promise<void> }> = [
  { name: "dashboard", path: /^\/app$/, open: () => follow("/app") },
  { name: "customers", path: /^\/app\/customers$/, open: () => follow("/app/customers") },
  {
    name: "customer",
    path: /^\/app\/customers\/\d+$/,
    open: () => follow("/app/customers", 'a[href^="/app/customers/"]:not([href*="export"])'),
  },
  { name: "segments", path: /^\/app\/segments$/, open: () => follow("/app/segments") },
  { name: "loyalty", path: /^\/app\/loyalty$/, open: () => follow("/app/loyalty") },
  {
    name: "new campaign",
    path: /^\/app\/campaigns\/new$/,
    open: () => follow("/app/segments", 'a[href^="/app/campaigns/new?"]'),
  },
  { name: "campaigns", path: /^\/app\/campaigns$/, open: () => follow("/app/campaigns") },
  {
    name: "campaign",
    path: /^\/app\/campaigns\/\d+$/,
    open: () => follow("/app/campaigns", 'a[href^="/app/campaigns/"]:not([href*="/new"])'),
  },
  { name: "points", path: /^\/app\/points$/, open: () => follow("/app/points") },
  { name: "settings", path: /^\/app\/settings$/, open: () => follow("/app/settings") },
  { name: "sync health", path: /^\/app\/sync$/, open: () => follow("/app/sync") },
  { name: "journeys", path: /^\/app\/journeys$/, open: () => follow("/app/journeys") },
  { name: "predictions", path: /^\/app\/predictions$/, open: () => follow("/app/predictions") },
  { name: "history import", path: /^\/app\/import$/, open: () => follow("/app/import") },
];

/** Words of the store's own data: the store the demo seeded (seed 42, its customers, in Japanese), generated again. */
function seededWords(customers: number): Set<string> {
  const store = generateStore({ seed: 42, customers, locale: "ja", now: Math.floor(Date.now() / 3_600_000) * 3_600_000 });
  const text = JSON.stringify({
    customers: [...store.customers.values()].map((customer) => [
      customer.firstName,
      customer.lastName,
      customer.email,
      customer.note,
      customer.tags,
      customer.defaultAddress,
    ]),
    products: [...store.products.values()].map((product) => [product.title, product.productType]),
  });
  return new Set(untranslatedWords(text, new Set()));
}

/** What the page says: the document title, the app's navigation and the page itself, as displayed. */
const pageText = () =>
  page.evaluate(() =>
    [document.title, document.querySelector("nav.kizuna-emulated-nav"), document.querySelector("main")]
      .map((part) => (typeof part === "string" ? part : part instanceof HTMLElement ? part.innerText : ""))
      .join("\n"),
  );

describe("the admin in Japanese", () => {
  const found: Record<string, string[]> = {};

  it("creates a campaign so that the campaign pages have something to show", async () => {
    await follow("/app/segments", 'a[href^="/app/campaigns/new?"]');
    await page.waitForURL(/\/app\/campaigns\/new/);
    await page.getByLabel("キャンペーン名").fill("春のお礼クーポン");
    await page.locator('button[type="submit"]').last().click();
    await page.waitForURL(/\/app\/campaigns\/\d+/, { timeout: 60_000 });
  });

  const allowed = new Set([...LATIN_ALLOWED, ...seededWords(800)]);

  it.each(PAGES)("$name: every word is Japanese or on the allow-list", async ({ name, path, open }) => {
    await open();
    await page.waitForURL((url) => path.test(url.pathname), { timeout: 30_000 });
    await page.waitForLoadState("networkidle");
    await page.locator("main h1").first().waitFor({ state: "visible", timeout: 15_000 });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("ja");
    const words = [...new Set(untranslatedWords(await pageText(), allowed))];
    if (words.length) {
      found[name] = words;
      await screenshot(page, `japanese-copy-${name.replace(/\s+/g, "-")}`);
    }
  });

  it("finds no English word on any page", () => {
    expect(found).toEqual({});
  });
});
