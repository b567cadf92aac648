import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import type { JourneyStep } from "../../app/domain/journeys/definition";
import { createJourneyFromTemplate } from "../../app/journeys/enrol.server";
import { renderMessage } from "../../app/mail/render.server";
import { messageTemplates } from "../../app/mail/templates/messages";
import { action as editorAction, loader as editorLoader } from "../../app/routes/app.journeys.$id";
import { action as previewAction } from "../../app/routes/app.journeys.$id_.preview";
import { type ShopHarness, startShopHarness } from "../pushback/harness";
import { embeddedAdminRequest } from "../support/shopify-requests";

/**
 * The merchant's own message text (issue 15: templates edited in the app with a live preview in ja and en):
 * saved per send step and language in the journey's definition, refused with the line of a Liquid error,
 * rendered by the same pipeline with the same escaping, previewed by the server for the sample customer.
 */
let h: ShopHarness;
let journeyId = 0;
let sendIndex = 0;

beforeAll(async () => {
  h = await startShopHarness({ customers: 2, seed: 21 });
  const journey = await createJourneyFromTemplate(db(), h.shop, "win-back", { name: "休眠顧客の掘り起こし" });
  journeyId = journey.id;
  sendIndex = (JSON.parse(journey.definition).steps as JourneyStep[]).findIndex((step) => step.kind === "send");
});
afterAll(() => h?.stop());

const post = async (path: string, fields: Record<string, string>) =>
  embeddedAdminRequest(path, h.shop.domain, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });

async function save(fields: Record<string, string>) {
  const response = (await editorAction({
    request: await post(`/app/journeys/${journeyId}`, {
      intent: "save",
      holdoutPercent: "10",
      [`step-${sendIndex}-templateKey`]: "win-back",
      ...fields,
    }),
    params: { id: String(journeyId) },
    context: {},
  })) as Response;
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function load() {
  return editorLoader({
    request: await embeddedAdminRequest(`/app/journeys/${journeyId}`, h.shop.domain),
    params: { id: String(journeyId) },
    context: {},
  });
}

const field = (locale: "ja" | "en", part: string) => `step-${sendIndex}-text-${locale}-${part}`;

function context(locale: "ja" | "en", lastName = "山田") {
  return {
    shop: {
      name: "山田茶園",
      domain: "yamada-tea.myshopify.com",
      url: "https://yamada-tea.jp",
      currency: "JPY",
      timezone: "Asia/Tokyo",
    },
    customer: { id: "1", firstName: "花子", lastName, email: "hanako@example.jp", locale },
  };
}

describe("the merchant's own message text", () => {
  it("is saved per language, keeps the built-in parts it does not change, survives a reload and renders in both languages", async () => {
    const builtIn = messageTemplates.ja["win-back"];
    const saved = await save({
      [field("ja", "subject")]: "【{{ shop.name }}】{{ customer.name }}、お久しぶりです",
      [field("ja", "preheader")]: builtIn.preheader,
      // a textarea posts CRLF line breaks
      [field("ja", "body")]: "<p>{{ customer.name }}</p>\r\n<p>新作のご案内です。</p>",
      [field("en", "subject")]: "We saved you a seat, {{ customer.first_name }}",
      [field("en", "preheader")]: messageTemplates.en["win-back"].preheader,
      [field("en", "body")]: messageTemplates.en["win-back"].body,
    });
    expect(saved.status).toBe(200);

    const page = await load();
    const step = page.journey.definition.steps[sendIndex];
    if (step.kind !== "send") throw new Error("not a send step");
    // only what differs from the built-in text is stored
    expect(step.text).toEqual({
      ja: {
        subject: "【{{ shop.name }}】{{ customer.name }}、お久しぶりです",
        body: "<p>{{ customer.name }}</p>\n<p>新作のご案内です。</p>",
      },
      en: { subject: "We saved you a seat, {{ customer.first_name }}" },
    });

    const links = { track: (target: string) => target, unsubscribeUrl: null };
    const ja = renderMessage({ templateKey: "win-back", context: context("ja"), links, source: step.text?.ja });
    expect(ja.subject).toBe("【山田茶園】山田 花子 様、お久しぶりです");
    expect(ja.html).toContain("新作のご案内です。");
    expect(ja.html).toContain(builtIn.preheader); // the preheader stayed built-in
    const en = renderMessage({ templateKey: "win-back", context: context("en"), links, source: step.text?.en });
    expect(en.subject).toBe("We saved you a seat, 花子");
    expect(en.html).toContain("It's been a while since your last visit"); // the built-in body

    // saving the built-in text again (reset) stores nothing for that language
    await save({
      [field("en", "subject")]: messageTemplates.en["win-back"].subject,
      [field("en", "preheader")]: messageTemplates.en["win-back"].preheader,
      [field("en", "body")]: messageTemplates.en["win-back"].body,
    });
    const reset = (await load()).journey.definition.steps[sendIndex];
    expect(reset.kind === "send" && reset.text).toEqual({
      ja: {
        subject: "【{{ shop.name }}】{{ customer.name }}、お久しぶりです",
        body: "<p>{{ customer.name }}</p>\n<p>新作のご案内です。</p>",
      },
    });
  });

  it("refuses a Liquid syntax error with its line, and stores nothing", async () => {
    const before = (await load()).journey.definition.steps[sendIndex];
    const refused = await save({
      [field("ja", "body")]: "<p>{{ customer.name }}</p>\n<p>こんにちは</p>\n{% if discount %}\n<p>{{ discount.code }}</p>",
    });
    expect(refused.status).toBe(400);
    const errors = refused.body.errors as Record<string, string>;
    const details = refused.body.details as Record<string, { line: number; detail: string }>;
    expect(errors[field("ja", "body")]).toBe("journeyText.errors.liquidLine");
    expect(details[field("ja", "body")].line).toBe(3);
    expect(details[field("ja", "body")].detail).toMatch(/not closed/);
    expect((await load()).journey.definition.steps[sendIndex]).toEqual(before);
  });

  it("escapes HTML in a customer's name in the merchant's text too, even through `raw`", () => {
    const evil = context("ja", '<script>alert("x")</script>');
    const message = renderMessage({
      templateKey: "win-back",
      context: evil,
      links: { track: (target) => target, unsubscribeUrl: null },
      source: { subject: "{{ customer.name }}", body: "<p>{{ customer.name }}</p><p>{{ customer.full_name | raw }}</p>" },
    });
    expect(message.html).not.toContain("<script>");
    expect(message.html).toContain("&lt;script&gt;");
  });

  it("previews the edited text on the server in Japanese and English for the sample customer, with errors and warnings", async () => {
    const preview = async (fields: Record<string, string>) => {
      const response = (await previewAction({
        request: await post(`/app/journeys/${journeyId}/preview`, { templateKey: "win-back", ...fields }),
        params: { id: String(journeyId) },
        context: {},
      })) as Response;
      return (await response.json()) as {
        ok: boolean;
        subject?: string;
        html?: string;
        errors?: { part: string; line: number }[];
        warnings: { detail: string }[];
      };
    };
    const ja = await preview({ locale: "ja", subject: "{{ customer.name }}へ", body: "<p>{{ customer.name }}、ようこそ</p>" });
    expect(ja.ok).toBe(true);
    expect(ja.subject).toBe("山田 花子 様へ");
    expect(ja.html).toContain("山田 花子 様、ようこそ");
    expect(ja.html).toContain('lang="ja"');
    const en = await preview({ locale: "en", subject: "", body: "<p>Hi {{ customer.first_name }}</p>" });
    expect(en.ok).toBe(true);
    expect(en.subject).toBe(
      renderMessage({
        templateKey: "win-back",
        context: context("en"),
        links: { track: (t) => t, unsubscribeUrl: null },
      }).subject.replace("山田茶園", h.store.shop.name),
    );
    expect(en.html).toContain("Hi Hanako");

    const broken = await preview({ locale: "ja", body: "<p>\n{{ customer.name | nosuchfilter }}</p>" });
    expect(broken.ok).toBe(false);
    expect(broken.errors?.[0]).toMatchObject({ part: "body", line: 2 });

    const warned = await preview({ locale: "ja", body: "{% if customer.nickname %}{{ customer.nickname }}{% endif %}<p>x</p>" });
    expect(warned.ok).toBe(true);
    expect(warned.warnings.map((w) => w.detail)).toEqual(["customer.nickname"]);

    // another shop's journey is not found
    const other = await previewAction({
      request: await embeddedAdminRequest(`/app/journeys/999999/preview`, h.shop.domain, {
        method: "POST",
        body: new URLSearchParams({ templateKey: "win-back", locale: "ja" }),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      }),
      params: { id: "999999" },
      context: {},
    }).catch((thrown: unknown) => thrown as Response);
    expect((other as Response).status).toBe(404);
  });
});
