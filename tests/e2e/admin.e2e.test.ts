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
    await page.locator('a[href^="/app/campaigns/new?segment="]').first().click();
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
