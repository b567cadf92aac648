import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Mailbox, startMailbox } from "../../emulator/mailbox/index";
import { openBrowser, type RunningDemo, screenshot, startDemo } from "./demo-browser";

/**
 * A merchant sets up the follow-up after a first order: switches it on from its template card, edits a step,
 * previews the first mail in Japanese and sends a test to themselves. The mail goes through a real local SMTP
 * mailbox: this test starts its own and hands it to the demo through SMTP_URL / MAIL_FROM (the demo keeps
 * settings that are already there), so it does not depend on the demo starting one.
 */
let mailbox: Mailbox;
let demo: RunningDemo;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  mailbox = await startMailbox({ httpPort: null });
  process.env.SMTP_URL = mailbox.smtpUrl;
  process.env.MAIL_FROM = "Kizuna Demo <shop@kizuna.example>";
  // the demo switches the follow-up on by itself; here the merchant does it
  demo = await startDemo(300, "en", ["--no-journeys"]);
  ({ browser, page } = await openBrowser());
  page.on("pageerror", (error) => errors.push(String(error)));
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
  await mailbox?.close();
});

const nav = (name: string) => page.locator("nav.kizuna-emulated-nav a", { hasText: name }).first();

async function seriousAxeFindings(): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .options({ rules: { "label-content-name-mismatch": { enabled: true } } })
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(" | ")}`);
}

describe("a merchant sets up the follow-up journey", () => {
  let editorUrl = "";

  it("switches the follow-up after a first order on from its template card", async () => {
    await page.goto(demo.url, { waitUntil: "networkidle" });
    await nav("Journeys").click();
    await page.waitForURL(/\/app\/journeys/);
    await page.getByRole("heading", { name: "Journeys", level: 1 }).waitFor({ state: "visible", timeout: 15_000 });
    expect(await page.getByText("Email is not set up").count()).toBe(0);
    await page.getByRole("button", { name: "Switch on Follow-up after a first order" }).click();
    await page.getByText("Follow-up after a first order is on").first().waitFor({ state: "visible", timeout: 15_000 });
    await page.getByRole("link", { name: "Follow-up after a first order" }).first().waitFor({ state: "visible" });
    await screenshot(page, "journeys-01-list");
    expect(await seriousAxeFindings()).toEqual([]);
  });

  it("edits a step: waits 2 days before the first mail", async () => {
    await page.getByRole("link", { name: "Open Follow-up after a first order" }).click();
    await page.waitForURL(/\/app\/journeys\/\d+/);
    editorUrl = page.url();
    await page.getByText("Active").first().waitFor({ state: "visible", timeout: 15_000 });
    const firstWait = page.getByLabel("Days to wait").first();
    await firstWait.fill("2");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Journey saved").first().waitFor({ state: "visible", timeout: 15_000 });
    await page.waitForLoadState("networkidle");
    expect(await page.getByLabel("Days to wait").first().inputValue()).toBe("2");
    expect(await seriousAxeFindings()).toEqual([]);
  });

  it("previews the first mail in Japanese", async () => {
    await page.getByRole("button", { name: "Japanese" }).click();
    await page.waitForURL(/previewLocale=ja/);
    await page.waitForLoadState("networkidle");
    const frame = page.frameLocator('iframe[title="Preview of the email"]');
    await expect.poll(async () => (await frame.locator("body").innerText()).includes("様"), { timeout: 15_000 }).toBe(true);
    const subject = await page
      .getByText(/^Subject: /)
      .first()
      .innerText();
    expect(subject).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    await screenshot(page, "journeys-02-editor-preview-ja");
  });

  it("sends a test to the merchant, which arrives in the mailbox", async () => {
    const before = mailbox.received();
    await page.getByLabel("Email address").fill("merchant@kizuna.example");
    await page.getByRole("button", { name: "Send test" }).click();
    await page.getByText("Test sent to merchant@kizuna.example").first().waitFor({ state: "visible", timeout: 20_000 });
    const messages = await mailbox.waitForMessages(before + 1, 20_000);
    const mail = messages.at(-1);
    expect(mail?.envelopeTo).toEqual(["merchant@kizuna.example"]);
    expect(mail?.subject.startsWith("[テスト]")).toBe(true);
    expect(mail?.html ?? "").toContain("様");
  });

  it("opens the report, and the pages work in Japanese without serious accessibility findings", async () => {
    await page.getByRole("link", { name: "Report", exact: true }).first().click();
    await page.waitForURL(/\/report/);
    await page.getByText("Lift against the hold-out").first().waitFor({ state: "visible", timeout: 15_000 });
    expect(await seriousAxeFindings()).toEqual([]);
    await screenshot(page, "journeys-03-report");

    await page.goto(demo.url.replace("locale=en", "locale=ja"), { waitUntil: "networkidle" });
    await nav("ステップメール").click();
    await page.waitForURL(/\/app\/journeys/);
    await page.getByRole("heading", { name: "ステップメール", level: 1 }).waitFor({ state: "visible", timeout: 15_000 });
    expect(await seriousAxeFindings()).toEqual([]);
    await page.getByRole("link", { name: "初回購入者フォローメール" }).first().click();
    await page.waitForURL(/\/app\/journeys\/\d+/);
    await page.getByText("配信中").first().waitFor({ state: "visible", timeout: 15_000 });
    expect(await seriousAxeFindings()).toEqual([]);
    await screenshot(page, "journeys-04-editor-ja");
    expect(editorUrl).not.toBe("");
    expect(errors).toEqual([]);
  });
});
