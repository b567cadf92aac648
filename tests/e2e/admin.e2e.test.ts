import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBrowser, type RunningDemo, screenshot, startDemo } from "./demo-browser";

let demo: RunningDemo;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  demo = await startDemo();
  ({ browser, page } = await openBrowser());
  page.on("pageerror", (error) => errors.push(String(error)));
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

const nav = (name: string) => page.locator("nav.kizuna-emulated-nav a", { hasText: name }).first();
const customerLinks = () => page.locator('a[href^="/app/customers/"]:not([href*="export"])');
let fullName = "";
let lastName = "";

async function openCustomerBySearch() {
  await nav("Customers").click();
  await page.waitForURL(/\/app\/customers/);
  await page.getByPlaceholder("Search by name or email").fill(lastName);
  await page.waitForURL(/query=/);
  await page.waitForLoadState("networkidle");
}

describe("a merchant in the Kizuna admin", () => {
  it("opens the dashboard through the embedded sign-in and sees their customers", async () => {
    await page.goto(demo.url, { waitUntil: "networkidle" });
    await page.getByRole("heading", { name: "Dashboard" }).first().waitFor({ state: "visible", timeout: 15_000 });
    await page.getByText("Repeat purchase rate").first().waitFor({ state: "visible", timeout: 15_000 });
    await screenshot(page, "01-dashboard");
  });

  it("searches a customer and opens them", async () => {
    await nav("Customers").click();
    await page.waitForURL(/\/app\/customers/);
    fullName = (await customerLinks().first().innerText()).trim();
    lastName = fullName.split(/\s+/).at(-1) ?? fullName;
    await openCustomerBySearch();
    const names = await customerLinks().allInnerTexts();
    // The search matches names and emails: the customer is among the results, and far fewer rows remain.
    expect(names.map((name) => name.trim())).toContain(fullName);
    expect(names.length).toBeLessThan(50);
    await screenshot(page, "02-customers-search");
    await customerLinks().filter({ hasText: fullName }).first().click();
    await page.waitForURL(/\/app\/customers\/\d+/);
    await page.getByText(fullName).first().waitFor({ state: "visible", timeout: 15_000 });
    await screenshot(page, "03-customer");
  });

  it("turns the points program on and adjusts the customer's points", async () => {
    await nav("Points").click();
    await page.waitForURL(/\/app\/points/);
    await page.getByLabel("Run the points program").check();
    await page.getByRole("button", { name: "Save" }).first().click();
    await page.getByText("Points settings saved").first().waitFor({ state: "visible", timeout: 15_000 });

    await openCustomerBySearch();
    await customerLinks().filter({ hasText: fullName }).first().click();
    await page.waitForURL(/\/app\/customers\/\d+/);
    await page.getByLabel("Points (negative to deduct)").fill("150");
    await page.getByLabel("Reason (the customer sees it in their history)").fill("Thank-you gift");
    await page.getByRole("button", { name: "Adjust" }).click();
    await page.getByText("Points adjusted").first().waitFor({ state: "visible", timeout: 15_000 });
    await page.getByText("Thank-you gift").first().waitFor({ state: "visible", timeout: 15_000 });
    await screenshot(page, "04-points-adjusted");
  });

  it("creates a campaign for a segment, with a hold-out group", async () => {
    await nav("Segments").click();
    await page.waitForURL(/\/app\/segments/);
    await page.locator('a[href^="/app/campaigns/new?"][href*="segment="]').first().click();
    await page.waitForURL(/\/app\/campaigns\/new/);
    await page.getByLabel("Campaign name").fill("Champions thank-you");
    await page.getByLabel("Value").fill("10");
    await screenshot(page, "05-campaign-form");
    await page.getByRole("button", { name: "Create campaign" }).last().click();
    await page.waitForURL(/\/app\/campaigns\/\d+/, { timeout: 30_000 });
    await page.getByText("Champions thank-you").first().waitFor({ state: "visible", timeout: 15_000 });
    await page.getByText("Active").first().waitFor({ state: "visible", timeout: 15_000 });
    await page.getByText("Hold-out group").first().waitFor({ state: "visible", timeout: 15_000 });
    await screenshot(page, "06-campaign");
  });

  it("follows the admin when it switches to Japanese", async () => {
    const japanese = demo.url.replace("locale=en", "locale=ja");
    await page.goto(japanese, { waitUntil: "networkidle" });
    await page.getByRole("heading", { name: "ダッシュボード" }).first().waitFor({ state: "visible", timeout: 15_000 });
    await nav("顧客").waitFor({ state: "visible", timeout: 15_000 });
    await screenshot(page, "07-dashboard-ja");
    expect(errors).toEqual([]);
  });
});

/** Serious and critical axe findings on the page as it is now, one line each (rule, impact, first elements). */
async function accessibilityViolations(): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    // Experimental in axe, but WCAG 2.5.3: a control's name must contain its visible label.
    .options({ rules: { "label-content-name-mismatch": { enabled: true } } })
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}, ${violation.nodes.length}): ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(" "))
          .join(" | ")}`,
    );
}

/** Every admin page, reached as a merchant does: the app's navigation, then links on the pages. */
const ADMIN_PAGES: Array<{ name: string; open: () => Promise<void> }> = [
  { name: "customers", open: () => follow("/app/customers") },
  { name: "customer", open: () => customerLinks().first().click() },
  { name: "segments", open: () => follow("/app/segments") },
  { name: "loyalty", open: () => follow("/app/loyalty") },
  { name: "campaigns", open: () => follow("/app/campaigns") },
  {
    name: "campaign",
    open: () => page.locator('a[href^="/app/campaigns/"]:not([href*="/new"])').first().click(),
  },
  { name: "new campaign", open: () => follow("/app/campaigns", "/app/campaigns/new") },
  { name: "points", open: () => follow("/app/points") },
  { name: "settings", open: () => follow("/app/settings") },
  { name: "sync health", open: () => follow("/app/sync") },
  { name: "dashboard", open: () => follow("/app") },
];

async function follow(path: string, then?: string) {
  await page.locator(`nav.kizuna-emulated-nav a[href="${path}"]`).click();
  if (then) {
    await page.waitForURL((url) => url.pathname === path);
    await page.locator(`a[href="${then}"]`).first().click();
  }
}

const heading = () => page.locator("main h1").first();

describe.each([
  { locale: "en", suffix: " · Kizuna" },
  { locale: "ja", suffix: "｜Kizuna" },
])("every admin page in $locale, for people using a keyboard or a screen reader", ({ locale, suffix }) => {
  const failures: string[] = [];

  it("opens the dashboard in the admin's language, with a skip link to the main landmark", async () => {
    await page.goto(demo.url.replace("locale=en", `locale=${locale}`), { waitUntil: "networkidle" });
    await heading().waitFor({ state: "visible", timeout: 15_000 });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
    expect(await page.title()).toBe(`${(await heading().innerText()).trim()}${suffix}`);
    await page.keyboard.press("Tab");
    const skip = page.locator(":focus");
    expect(await skip.getAttribute("href")).toBe("#kizuna-main");
    await skip.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("MAIN");
    failures.push(...(await accessibilityViolations()).map((line) => `dashboard: ${line}`));
  });

  it.each(ADMIN_PAGES)(
    "$name: titled, focus on its heading after navigating, no serious axe findings",
    async ({ name, open }) => {
      const before = page.url();
      await open();
      await page.waitForURL((url) => url.href !== before, { timeout: 30_000 });
      await page.waitForLoadState("networkidle");
      await heading().waitFor({ state: "visible", timeout: 15_000 });
      // Focus moves from the link that was followed to the new page's heading (the URL changes a moment before
      // the new page renders), and the status names the page.
      await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
      const title = (await page.evaluate(() => document.activeElement?.textContent ?? "")).trim();
      expect(title).toBe((await heading().innerText()).trim());
      await expect.poll(() => page.locator('main ~ [role="status"]').innerText()).toContain(title);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
      const documentTitle = await page.title();
      expect(documentTitle.endsWith(suffix) && documentTitle.length > suffix.length, documentTitle).toBe(true);
      failures.push(...(await accessibilityViolations()).map((line) => `${name}: ${line}`));
    },
  );

  it("has no serious or critical axe violation on any page", () => {
    expect(failures).toEqual([]);
  });
});

describe("static files", () => {
  it("serves a favicon instead of a 404", async () => {
    const response = await page.request.get(new URL("/favicon.ico", demo.url).href);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/^image\//);
    expect(errors).toEqual([]);
  });
});
