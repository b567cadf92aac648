import { parse } from "csv-parse/sync";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { segmentName } from "../../app/components/segment-name";
import { translator } from "../../app/i18n";
import { openBrowser, type RunningDemo, screenshot, startDemo } from "./demo-browser";

/**
 * "Create campaign" from every place that offers it (issue 13): the form starts with the audience it was
 * opened for and says how many customers it has, the number the page that offered it showed; a new campaign
 * measures nothing before its codes are live; the member export lists every code once.
 */
let demo: RunningDemo;
let browser: Browser;
let page: Page;
const errors: string[] = [];
const t = translator("en");

beforeAll(async () => {
  demo = await startDemo();
  ({ browser, page } = await openBrowser());
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(demo.url, { waitUntil: "networkidle" });
  await page.locator("main h1").first().waitFor({ state: "visible", timeout: 15_000 });
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

const open = async (path: string) => {
  await page.locator(`nav.kizuna-emulated-nav a[href="${path}"]`).click();
  await page.waitForURL((url) => url.pathname === path);
  await page.waitForLoadState("networkidle");
};
const number = (text: string) => Number(text.replace(/[^\d]/g, ""));

/** The new-campaign form's audience banner: "{audience}: {customers} customers. {treated} get … {heldOut} are held out". */
async function audienceBanner(): Promise<{ text: string; customers: number; treated: number; heldOut: number }> {
  await page.waitForURL(/\/app\/campaigns\/new\?/);
  await page.locator("main h1", { hasText: t("campaigns.form.title") }).waitFor({ state: "visible", timeout: 15_000 });
  const banner = page.locator(".Polaris-Banner", { hasText: "are held out to measure it" }).first();
  await banner.waitFor({ state: "visible", timeout: 15_000 });
  const text = (await banner.innerText()).replace(/\s+/g, " ").trim();
  const match = /: ([\d,]+) customers\. ([\d,]+) get the discount and ([\d,]+) are held out/.exec(text);
  expect(match, text).not.toBeNull();
  const [customers, treated, heldOut] = [match?.[1], match?.[2], match?.[3]].map((value) => number(value ?? ""));
  expect(treated + heldOut).toBe(customers);
  return { text, customers, treated, heldOut };
}

const checked = (label: string) => page.getByLabel(label, { exact: true }).isChecked();

describe("creating a campaign from the place that offers it", () => {
  it("from the dashboard's win-back suggestion: the slipping-away segments, as many customers as the dashboard says", async () => {
    await open("/app");
    const suggestion = page
      .locator("main")
      .getByText(/good customers have not ordered for a while/)
      .first();
    const slipping = number((/([\d,]+) good customers/.exec(await suggestion.innerText()) ?? ["", ""])[1]);
    expect(slipping).toBeGreaterThan(0);
    await page.locator('main a[href*="/app/campaigns/new?"][href*="audienceType=filter"]').first().click();
    const banner = await audienceBanner();
    expect(await checked(t("campaigns.form.audience.filter"))).toBe(true);
    for (const segment of ["at_risk", "cant_lose_them"]) {
      expect(await checked(segmentName(t, segment))).toBe(true);
      expect(banner.text).toContain(segmentName(t, segment));
    }
    expect(await checked(segmentName(t, "champions"))).toBe(false);
    expect(banner.customers).toBe(slipping);
    await screenshot(page, "campaigns-01-winback-form");
  });

  it("from a segment's row: that segment, with the size the row shows", async () => {
    await open("/app/segments");
    const link = page.locator('main a[href^="/app/campaigns/new?"][href*="segment="]').last();
    const segment = new URL((await link.getAttribute("href")) ?? "", demo.url).searchParams.get("segment") ?? "";
    expect(segment).not.toBe("");
    expect(segment).not.toBe("champions");
    // The segment's card: the count is its large number.
    const row = link.locator("xpath=ancestor::div[contains(@class, 'Polaris-ShadowBevel')][1]");
    const size = number(await row.locator(".Polaris-Text--headingLg").first().innerText());
    await link.click();
    const banner = await audienceBanner();
    expect(await checked(t("campaigns.form.audience.segment"))).toBe(true);
    expect(await page.locator('main select[name="segment"]').inputValue()).toBe(segment);
    expect(banner.text).toContain(t("campaigns.audience.segment", { segment: segmentName(t, segment) }));
    expect(banner.customers).toBe(size);
  });

  it("from the loyalty page's candidates: the candidates, as many as the dashboard counts", async () => {
    await open("/app");
    const suggestion = page
      .locator("main")
      .getByText(/customers look like your loyal ones/)
      .first();
    const candidates = number((/([\d,]+) customers look like/.exec(await suggestion.innerText()) ?? ["", ""])[1]);
    expect(candidates).toBeGreaterThan(0);
    await open("/app/loyalty");
    await page.locator('main a[href*="/app/campaigns/new?"][href*="audienceType=candidates"]').first().click();
    const banner = await audienceBanner();
    expect(await checked(t("campaigns.form.audience.candidates"))).toBe(true);
    expect(banner.text).toContain(t("campaigns.audience.candidates"));
    expect(banner.customers).toBe(candidates);
  });
});

describe("a new campaign", () => {
  let campaignPath = "";
  let formBanner = { customers: 0, treated: 0, heldOut: 0 };

  it("confirms the audience and its size once created", async () => {
    await open("/app/segments");
    const link = page.locator('main a[href^="/app/campaigns/new?"][href*="segment="]').first();
    const segment = new URL((await link.getAttribute("href")) ?? "", demo.url).searchParams.get("segment") ?? "";
    await link.click();
    formBanner = await audienceBanner();
    await page.getByLabel(t("campaigns.form.name")).fill("Unique codes for one segment");
    await page.getByLabel(t("campaigns.form.value"), { exact: true }).fill("15");
    await page.locator("label", { hasText: t("campaigns.form.codeMode.unique") }).click();
    expect(await checked(t("campaigns.form.codeMode.unique"))).toBe(true);
    await page
      .getByRole("button", { name: t("campaigns.form.submit") })
      .last()
      .click();
    await page.waitForURL(/\/app\/campaigns\/\d+/, { timeout: 60_000 });
    campaignPath = new URL(page.url()).pathname;
    const confirmation = page.locator(".Polaris-Banner", { hasText: t("campaigns.detail.createdTitle") }).first();
    await confirmation.waitFor({ state: "visible", timeout: 15_000 });
    const text = (await confirmation.innerText()).replace(/\s+/g, " ");
    expect(text).toContain(
      t("campaigns.detail.created", {
        audience: t("campaigns.audience.segment", { segment: segmentName(t, segment) }),
        customers: formBanner.customers.toLocaleString("en"),
        treated: formBanner.treated.toLocaleString("en"),
        heldOut: formBanner.heldOut.toLocaleString("en"),
      }),
    );
    await screenshot(page, "campaigns-02-created");
  });

  it("measures no lift before anyone ordered with it", async () => {
    const results = page
      .locator("h2", { hasText: t("campaigns.results.title") })
      .locator("xpath=ancestor::div[contains(@class, 'Polaris-ShadowBevel')][1]");
    await results.waitFor({ state: "visible", timeout: 15_000 });
    const rows = await results.locator("tbody tr").allInnerTexts();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const [, customers, orderRate, revenue, redemptions] = row.split("\t").map((cell) => cell.trim());
      expect(number(customers)).toBeGreaterThan(0);
      expect(orderRate).toMatch(/^0(\.0+)?\s?%$/);
      expect(number(revenue)).toBe(0);
      expect(redemptions).toBe("0");
    }
    const text = await results.innerText();
    expect(text).not.toMatch(/[-−]\s?[$¥￥]/);
    if (!text.includes(t("campaigns.results.tooSmall"))) {
      const incremental = results.locator(".Polaris-Text--headingLg").first();
      expect(number(await incremental.innerText())).toBe(0);
    }
  });

  it("exports every treated customer's code once, and no code for the held-out group", async () => {
    // Unique codes are created in the background: wait until the page no longer says they are pending.
    await expect
      .poll(
        async () => {
          await page.reload({ waitUntil: "networkidle" });
          return page.getByText(t("campaigns.detail.codesPending")).count();
        },
        { timeout: 90_000, interval: 2_000 },
      )
      .toBe(0);
    const csv = await page.evaluate(async (path) => (await fetch(`${path}/export`)).text(), campaignPath);
    const rows = parse(csv.replace(/^\uFEFF/, ""), { columns: true }) as Array<Record<string, string>>;
    const treated = rows.filter((row) => row.group === "treatment");
    const heldOut = rows.filter((row) => row.group === "holdout");
    expect(treated).toHaveLength(formBanner.treated);
    expect(heldOut).toHaveLength(formBanner.heldOut);
    const codes = treated.map((row) => row.code);
    expect(codes.every((code) => code.length > 0)).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    expect(heldOut.every((row) => row.code === "")).toBe(true);
    expect(new Set(rows.map((row) => row.customer_id)).size).toBe(rows.length);
    expect(errors).toEqual([]);
  });
});
