import { describe, expect, it } from "vitest";
import type { MailContext } from "../../app/mail/context";
import { linkSigner, mailLinkKey, verifyClickLink, verifyUnsubscribeLink } from "../../app/mail/links";
import { renderPreview, sampleMailContext } from "../../app/mail/preview.server";
import { MailRenderError, messageTemplateKeys, renderMessage } from "../../app/mail/render.server";

const key = mailLinkKey("render-test-secret");
const shopDomain = "yamada-tea.myshopify.com";

function context(locale: "ja" | "en", customer: Partial<MailContext["customer"]> = {}): MailContext {
  return {
    shop: { name: "山田茶園", domain: shopDomain, url: "https://yamada-tea.jp", currency: "JPY", timezone: "Asia/Tokyo" },
    customer: { id: "1001", firstName: "花子", lastName: "山田", email: "hanako@example.jp", locale, ...customer },
    // ends at midnight JST on 1 January: the last day it works is 31 December
    discount: { code: "THANKS-7Q2K", endsAt: "2026-12-31T15:00:00.000Z", valueType: "percentage", value: 10 },
    points: { balance: 12_500, tierName: "ゴールド", expiringPoints: 1_200, expiresOn: "2026-12-31" },
    product: {
      title: "有機ほうじ茶 100g",
      url: "https://yamada-tea.jp/products/hojicha",
      imageUrl: "https://cdn.example.jp/hojicha.jpg",
    },
  };
}

function render(templateKey: string, mail: MailContext, outboxId = 77) {
  const signer = linkSigner(key, shopDomain, mail.shop.url);
  return renderMessage({
    templateKey,
    context: mail,
    links: { track: (target) => signer.clickUrl(outboxId, target), unsubscribeUrl: signer.unsubscribeUrl(outboxId) },
  });
}

function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1].replaceAll("&amp;", "&"));
}

describe("message templates", () => {
  it("has the eight keys the built-in journeys use", () => {
    expect([...messageTemplateKeys].sort()).toEqual(
      [
        "birthday",
        "followup-1-reassure",
        "followup-2-expectation",
        "followup-3-trust",
        "followup-4-loyal",
        "future-loyal",
        "points-expiring",
        "win-back",
      ].sort(),
    );
  });

  for (const templateKey of messageTemplateKeys) {
    for (const locale of ["ja", "en"] as const) {
      it(`renders ${templateKey} in ${locale}: filled in, every link signed, inlined, with a text part`, () => {
        const message = render(templateKey, context(locale));
        for (const part of [message.subject, message.html, message.text]) {
          expect(part).not.toMatch(/\{\{|\}\}|\{%|%\}/);
          expect(part).not.toContain("undefined");
          expect(part).not.toContain("[object Object]");
        }
        expect(message.subject.length).toBeGreaterThan(5);
        if (locale === "ja") expect(message.html).toContain("山田 花子 様");
        // a name in kanji is written whole, family name first, with 様, in English mail too
        else expect(message.html).toContain("Hi 山田 花子 様,");
        expect(message.html).toContain("山田茶園");
        expect(message.html).toContain('width="600"');
        expect(message.html).not.toContain("<style");
        expect(message.html).toMatch(/<td class="content" style="[^"]+"/);

        const links = hrefs(message.html);
        expect(links.length).toBeGreaterThanOrEqual(3);
        let unsubscribes = 0;
        for (const link of links) {
          const url = new URL(link);
          expect(url.origin).toBe("https://yamada-tea.jp");
          if (url.pathname === "/apps/kizuna/unsubscribe") {
            unsubscribes++;
            expect(verifyUnsubscribeLink(key, shopDomain, url.searchParams)).toEqual({ ok: true, outboxId: 77 });
          } else {
            expect(url.pathname).toBe("/apps/kizuna/click");
            expect(verifyClickLink(key, shopDomain, url.searchParams)).toMatchObject({ ok: true, outboxId: 77 });
          }
        }
        expect(unsubscribes).toBe(1);
        expect(message.text).toContain("/apps/kizuna/unsubscribe?m=77");
      });
    }
  }

  it("addresses a customer without a name as お客様 in Japanese and 'there' in English", () => {
    const ja = render("followup-1-reassure", context("ja", { firstName: null, lastName: null }));
    expect(ja.html).toContain('<p style="margin: 0 0 16px 0;">お客様</p>');
    const en = render("followup-1-reassure", context("en", { firstName: null, lastName: null }));
    expect(en.html).toContain("Hi there,");
    const latin = render("followup-1-reassure", context("en", { firstName: "Hanako", lastName: "Yamada" }));
    expect(latin.html).toContain("Hi Hanako,");
    const jaLatin = render("birthday", context("ja", { firstName: "Hanako", lastName: "Yamada" }));
    expect(jaLatin.subject).toBe("【山田茶園】Yamada Hanako 様、お誕生日おめでとうございます");
  });

  it("shows the code's value, last day and points in the customer's language", () => {
    const ja = render("followup-4-loyal", context("ja"));
    expect(ja.text).toContain("10%OFFクーポンコード");
    expect(ja.text).toContain("有効期限：2026年12月31日まで");
    expect(ja.html).toContain("THANKS-7Q2K");
    const en = render("followup-4-loyal", context("en"));
    expect(en.text).toContain("Your code for 10% off");
    expect(en.text).toContain("Valid until December 31, 2026");

    const fixed = context("ja");
    fixed.discount = { code: "WB-500", endsAt: null, valueType: "fixed", value: 500 };
    expect(render("win-back", fixed).text).toContain("500円OFFクーポンコード");
    fixed.customer.locale = "en";
    expect(render("win-back", fixed).text).toContain("Your code for ¥500 off");

    const points = render("points-expiring", context("ja"));
    expect(points.subject).toBe("【山田茶園】1,200ポイントの有効期限が近づいています");
    expect(points.text).toMatch(/失効予定のポイント\s+1,200ポイント/);
    expect(points.text).toMatch(/有効期限\s+2026年12月31日/);
  });

  it("escapes what a customer typed: a name like <script> is text, never markup", () => {
    const evil = context("ja", { lastName: '<script>alert("x")</script>', firstName: '"><img src=x onerror=alert(1)>' });
    evil.product = { title: "<b>bold</b>", url: "https://yamada-tea.jp/products/x", imageUrl: null };
    const message = render("followup-2-expectation", evil);
    expect(message.html).not.toContain("<script>");
    expect(message.html).not.toContain("<img src=x");
    expect(message.html).not.toContain("<b>bold</b>");
    expect(message.html).toContain("&lt;script&gt;");
    expect(message.subject).not.toContain("&lt;");
  });

  it("refuses an unknown key, a Liquid error and a message whose data is missing", () => {
    expect(() => render("no-such-template", context("ja"))).toThrow(MailRenderError);
    const withoutPoints = context("ja");
    withoutPoints.points = undefined;
    expect(() => render("points-expiring", withoutPoints)).toThrow(/points\.expiringPoints/);
    const links = { track: (target: string) => target, unsubscribeUrl: null };
    expect(() =>
      renderMessage({
        templateKey: "x",
        context: context("ja"),
        links,
        source: { subject: "{{ shop.name", preheader: "", body: "" },
      }),
    ).toThrow(MailRenderError);
    expect(() =>
      renderMessage({
        templateKey: "x",
        context: context("ja"),
        links,
        source: { subject: "{{ shop.nmae }}", preheader: "", body: "" },
      }),
    ).toThrow(MailRenderError);
  });

  it("renders a merchant's edited template with the same variables and layout", () => {
    const message = renderMessage({
      templateKey: "custom",
      context: context("ja"),
      links: { track: (target) => `${target}#tracked`, unsubscribeUrl: null },
      source: {
        subject: "{{ customer.name }}へ",
        preheader: "",
        body: '<p>{{ shop.name }}</p><a href="{{ shop.url | track }}">x</a>',
      },
    });
    expect(message.subject).toBe("山田 花子 様へ");
    expect(message.html).toContain('href="https://yamada-tea.jp#tracked"');
    expect(message.html).not.toContain("/apps/kizuna/unsubscribe");
  });

  it("previews with sample data that says it is a sample", () => {
    const ja = renderPreview("followup-4-loyal", "ja");
    expect(ja.html).toContain("山田 花子 様");
    expect(ja.html).toContain("サンプルショップ");
    const en = renderPreview("followup-4-loyal", "en");
    expect(en.html).toContain("Hi Hanako,");
    expect(en.html).toContain("Sample Shop");
    const ownShop = renderPreview("birthday", "ja", { shop: context("ja").shop });
    expect(ownShop.subject).toBe("【山田茶園】山田 花子 様、お誕生日おめでとうございます");
    expect(sampleMailContext("en").discount?.code).toMatch(/^SAMPLE/);
  });
});
