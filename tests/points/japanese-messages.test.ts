import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { getShopSettings } from "../../app/db/settings.server";
import { ensureShop, type ShopRef } from "../../app/db/shops.server";
import { formValuesFromSettings } from "../../app/domain/points/settings-form";
import { isMessageKey, type Message, translateMessage, translator } from "../../app/i18n";
import { untranslatedWords } from "../../app/i18n/latin-words";
import { action as adjustAction } from "../../app/routes/app.customers.$id.points";
import { action as pointsAction } from "../../app/routes/app.points";
import { sessionStorage } from "../../app/shopify.server";
import { embeddedAdminRequest, offlineSession } from "../support/shopify-requests";
import { createCustomer, enablePoints } from "./support";

/*
 * What the points settings and adjustment actions answer is shown on Japanese pages: every error must be a
 * catalogue key (translated by the page), and its Japanese text free of English words.
 */
const SHOP = "kizuna-points-ja.myshopify.com";
let shop: ShopRef;
const ja = translator("ja");

async function errorsOf(response: unknown): Promise<Record<string, Message>> {
  const body = response instanceof Response ? await response.json() : response;
  expect(body.ok).toBe(false);
  return body.errors;
}

function expectJapanese(errors: Record<string, Message>) {
  expect(Object.keys(errors).length).toBeGreaterThan(0);
  for (const [field, message] of Object.entries(errors)) {
    expect(isMessageKey(message.key), `${field}: ${JSON.stringify(message)}`).toBe(true);
    const text = translateMessage(ja, message);
    expect(untranslatedWords(text), `${field}: ${text}`).toEqual([]);
  }
}

const post = (path: string, fields: Record<string, string>) =>
  embeddedAdminRequest(`${path}?locale=ja`, SHOP, { method: "POST", body: new URLSearchParams(fields) });

beforeAll(async () => {
  await sessionStorage.storeSession(offlineSession(SHOP));
  shop = await ensureShop(db(), SHOP);
  await db().shop.update({ where: { id: shop.id }, data: { currency: "JPY" } });
});

describe("points errors on a Japanese page", () => {
  it("settings: every rule's message is a catalogue key with Japanese text", async () => {
    const values = formValuesFromSettings((await getShopSettings(db(), shop)).points, "JPY");
    const broken = {
      ...values,
      earnPoints: "1.5",
      earnPerAmount: "0",
      minOrder: "abc",
      maxPointsPerOrder: "-3",
      tierWindowMonths: "40",
      welcomeBonus: "-1",
      expiryMonths: "x",
      maxAdjustmentPoints: "0",
      tiers: [
        { ...values.tiers[0], threshold: "100", multiplier: "1.255" },
        { ...values.tiers[1], id: values.tiers[0].id, name: "", threshold: "50" },
        { ...values.tiers[2], id: "Gold!", multiplier: "11", name: "あ".repeat(41) },
      ],
      ladder: [
        { points: "1000", discount: "1100" },
        { points: "500", discount: "1000.5" },
      ],
    };
    const errors = await errorsOf(
      await pointsAction({ request: await post("/app/points", { values: JSON.stringify(broken) }), params: {}, context: {} }),
    );
    expect(Object.keys(errors).length).toBeGreaterThanOrEqual(12);
    expectJapanese(errors);

    // rules across fields, with the merchant's rank names in the sentence
    const unordered = {
      ...values,
      tiers: [
        { ...values.tiers[0], name: "ブロンズ" },
        { ...values.tiers[1], name: "シルバー", threshold: "0" },
        values.tiers[2],
      ],
    };
    const ordering = await errorsOf(
      await pointsAction({ request: await post("/app/points", { values: JSON.stringify(unordered) }), params: {}, context: {} }),
    );
    expectJapanese(ordering);
    expect(translateMessage(ja, ordering["tiers.1.thresholdMinor"])).toBe(
      "「シルバー」の必要購入金額は「ブロンズ」より大きくしてください。ランクは低い順に並べます。",
    );
  });

  it("settings: an unreadable form", async () => {
    expectJapanese(
      await errorsOf(await pointsAction({ request: await post("/app/points", { values: "{" }), params: {}, context: {} })),
    );
  });

  it("adjustment: wrong points, no reason, too long a reason, an overdraft, a program that is off", async () => {
    await createCustomer(db(), shop, 7001n);
    const adjust = async (fields: Record<string, string>) =>
      errorsOf(
        await adjustAction({ request: await post("/app/customers/7001/points", fields), params: { id: "7001" }, context: {} }),
      );
    expectJapanese(await adjust({ points: "10", reason: "お詫び" })); // program off
    await enablePoints(db(), shop, { welcomeBonus: 0 });
    expectJapanese(await adjust({ points: "abc", reason: "" }));
    expectJapanese(await adjust({ points: "0", reason: "あ".repeat(201) }));
    expectJapanese(await adjust({ points: "-5", reason: "誤入力の訂正" }));
    expectJapanese(await adjust({ points: "999999999", reason: "誤入力の訂正" }));
  });
});
