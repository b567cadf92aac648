import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import type { ShopRef } from "../../app/db/shops.server";
import { recommendedProductIds } from "../../app/domain/journeys/recommendation";
import { createEmailChannel } from "../../app/journeys/email-channel.server";
import { activateJourney, runDueSteps } from "../../app/journeys/engine.server";
import { enrolCustomers, loadJourney } from "../../app/journeys/enrol.server";
import { mailConfigFromEnv } from "../../app/mail/config";
import { createMailer, type Mailer } from "../../app/mail/mailer.server";
import type { JobQueue } from "../../app/jobs/queue.server";
import { type Mailbox, startMailbox } from "../../emulator/mailbox/index";
import type { Product } from "../../emulator/store/model";
import { type ShopHarness, startShopHarness } from "../pushback/harness";

/**
 * The recommended product, end to end: the analytics' bought-together associations and the customer's last
 * order choose it, the Admin API (the emulator) gives its title, link, image and price, the Product cache
 * keeps them, and the mail in the local mailbox shows it; a customer with nothing to recommend gets the mail
 * without the block.
 */
const T0 = new Date("2026-03-02T03:00:00Z"); // Monday 12:00 JST
const queue = { enqueue: async () => {} } as unknown as JobQueue;
let h: ShopHarness;
let shop: ShopRef;
let mailbox: Mailbox;
let mailer: Mailer;
let teapot: Product;
let cups: Product;
let nextId = 7_100_000_000n;

async function orderOf(customerId: bigint, products: Product[]) {
  const id = nextId++;
  const when = new Date(T0.getTime() - 90 * 86_400_000);
  await db().order.create({
    data: {
      shopId: shop.id,
      id,
      name: `#${id}`,
      customerId,
      shopifyCreatedAt: when,
      processedAt: when,
      shopifyUpdatedAt: when,
      currency: "JPY",
      presentmentCurrency: "JPY",
      subtotalMinor: 5000,
      totalMinor: 5000,
      presentmentTotalMinor: 5000,
    },
  });
  for (const product of products) {
    await db().lineItem.create({
      data: {
        shopId: shop.id,
        id: nextId++,
        orderId: id,
        productId: BigInt(product.id),
        title: product.title,
        quantity: 1,
        originalUnitPriceMinor: 2500,
        discountedTotalMinor: 2500,
      },
    });
  }
}

beforeAll(async () => {
  h = await startShopHarness({ customers: 3, seed: 33 });
  shop = h.shop;
  mailbox = await startMailbox({ httpPort: null });
  const config = mailConfigFromEnv({ SMTP_URL: mailbox.smtpUrl, MAIL_FROM: "shop@kizuna.example" });
  if (!config) throw new Error("no mail config");
  mailer = createMailer(config);
  [teapot, cups] = [...h.store.products.values()];
  cups.imageUrl = "https://cdn.shopify.com/s/files/1/cups.jpg";
  // the analytics: buyers of the teapot also take the cups; the teapot is the best seller
  const associations = {
    baskets: 100,
    minBaskets: 3,
    topPairs: [],
    suggestions: [
      {
        product: { id: String(teapot.id), title: teapot.title },
        baskets: 40,
        alsoBought: [{ product: { id: String(cups.id), title: cups.title }, confidence: 0.5, lift: 2 }],
      },
      { product: { id: String(cups.id), title: cups.title }, baskets: 25, alsoBought: [] },
    ],
  };
  await db().analyticsResult.create({
    data: {
      shopId: shop.id,
      computedAt: T0,
      asOf: T0,
      customers: 3,
      model: "{}",
      summary: JSON.stringify({ associations }),
      durationMs: 1,
    },
  });
  for (const id of h.customerIds) {
    await db().customer.update({
      where: { shopId_id: { shopId: shop.id, id } },
      data: { emailMarketing: "SUBSCRIBED", locale: "ja" },
    });
  }
});
afterAll(async () => {
  mailer?.close();
  await mailbox?.close();
  await h?.stop();
});

describe("recommendedProductIds", () => {
  const associations = {
    topPairs: [{ a: { id: "1" }, b: { id: "3" }, confidenceAB: 0.2, confidenceBA: 0.9, baskets: 5 }],
    suggestions: [
      { product: { id: "1" }, baskets: 50, alsoBought: [{ product: { id: "2" }, confidence: 0.4 }] },
      { product: { id: "4" }, baskets: 30, alsoBought: [] },
    ],
  };
  it("ranks what was bought with the last order by confidence, then the best sellers, never what was bought", () => {
    expect(recommendedProductIds(["1"], associations)).toEqual(["2", "3", "4"]);
    expect(recommendedProductIds(["3"], associations)).toEqual(["1", "4"]);
    expect(recommendedProductIds([], associations)).toEqual(["1", "4"]);
    expect(recommendedProductIds(["1"], null)).toEqual([]);
  });
});

describe("the recommended product in a mail", () => {
  it("shows image, title, price and button from the emulator through the cache; no product leaves no block", async () => {
    const [withTeapot, withCups, withBoth] = h.customerIds;
    await orderOf(withTeapot, [teapot]);
    await orderOf(withCups, [cups]);
    await orderOf(withBoth, [teapot, cups]);
    const row = await db().journey.create({
      data: {
        shopId: shop.id,
        name: "信頼",
        holdoutShare: 0,
        holdoutSalt: "recommend",
        definition: JSON.stringify({
          trigger: { kind: "days_since_last_order", days: 90 },
          steps: [{ kind: "send", channel: "email", templateKey: "followup-3-trust", marketing: true }],
        }),
      },
    });
    await activateJourney(db(), shop, row.id, { configured: () => true }, T0, { queue });
    const journey = loadJourney(await db().journey.findUniqueOrThrow({ where: { id: row.id } }));
    await enrolCustomers(
      db(),
      shop,
      journey,
      h.customerIds.map((customerId) => ({ customerId, triggerKey: "test" })),
      { enteredAt: T0, now: T0 },
    );
    const channel = createEmailChannel({ mailer, appSecret: "recommend-secret" });
    const outcome = await runDueSteps(db(), shop, T0, { channel, admin: async () => h.admin, queue });
    expect(outcome.sent).toBe(3);
    const mails = await mailbox.waitForMessages(3);
    const customer = async (id: bigint) =>
      (await db().customer.findUniqueOrThrow({ where: { shopId_id: { shopId: shop.id, id } } })).email;
    const mailTo = async (id: bigint) => {
      const address = await customer(id);
      const mail = mails.find((m) => m.to.includes(address ?? "?"));
      if (!mail?.html || !mail.text) throw new Error(`no mail to ${address}`);
      return { html: mail.html, text: mail.text };
    };

    // bought the teapot → the cups (bought together), with their image and price
    const first = await mailTo(withTeapot);
    const cupsPrice = Math.min(...cups.variants.map((v) => v.price));
    expect(first.html).toContain("前回のお買い物とあわせて選ばれている商品");
    expect(first.html).toContain(cups.title);
    expect(first.html).toContain('src="https://cdn.shopify.com/s/files/1/cups.jpg"');
    expect(first.html).toContain(`${cupsPrice.toLocaleString("ja-JP")}円`);
    expect(first.html).toContain("商品を見る");
    expect(first.text).toContain(cups.title);
    // the product link is the signed click link to the product page
    const href = /href="([^"]*)"[^>]*class="product-title"|class="product-title"[^>]*href="([^"]*)"/.exec(first.html);
    const target = new URL((href?.[1] ?? href?.[2] ?? "").replaceAll("&amp;", "&")).searchParams.get("u");
    expect(target).toBe(`https://${h.store.shop.domain}/products/${cups.handle}`);

    // bought the cups → the best seller (the teapot), which has no image: no image cell, no broken <img>
    const second = await mailTo(withCups);
    expect(second.html).toContain(teapot.title);
    expect(second.html).not.toMatch(/<img[^>]*src=""/);
    expect(second.html).not.toContain("cups.jpg");

    // bought both → nothing left to recommend: the block is left out entirely
    const third = await mailTo(withBoth);
    expect(third.html).not.toContain("前回のお買い物とあわせて選ばれている商品");
    expect(third.html).not.toContain('class="product"');
    expect(third.html).not.toContain("商品を見る");

    // the products were read once and cached
    const cached = await db().product.findMany({ where: { shopId: shop.id }, orderBy: { id: "asc" } });
    expect(cached.map((p) => p.title).sort()).toEqual([teapot.title, cups.title].sort());
    expect(cached.every((p) => p.fetchedAt.getTime() === T0.getTime())).toBe(true);
  });
});
