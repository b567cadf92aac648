import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { registerShop, type ShopRef } from "../../app/db/shops.server";
import { describePointsEntry } from "../../app/components/points-history";
import { translator } from "../../app/i18n";
import { untranslatedWords } from "../../app/i18n/latin-words";
import { loadCustomerPoints, storefrontPoints } from "../../app/points/customer-points.server";
import { loadPointsProgram } from "../../app/points/program.server";
import { applyOrderToPoints, runDailyPointsMaintenance } from "../../app/points/service.server";
import { createCustomer, enablePoints, RecordingQueue, upsertOrder } from "./support";

/*
 * The points history a customer (storefront, through the app proxy) and a merchant (PointsLedgerCard) read:
 * orders by their names, reasons in the reader's language (old rows stored English sentences), ranks by
 * name, never an internal id.
 */
const NOW = new Date("2026-05-10T03:00:00Z");
const ORDER_ID = 990_017_254_001n;
const CUSTOMER = 4_242n;
let shop: ShopRef;

beforeAll(async () => {
  const row = await registerShop(db(), "points-history.myshopify.com", { currency: "JPY", timezone: "Asia/Tokyo" });
  shop = { id: row.id, domain: row.domain };
  await enablePoints(db(), shop, { birthdayBonus: 500 });
  await createCustomer(db(), shop, CUSTOMER, "1990-05-20");
  await upsertOrder(db(), shop, { id: ORDER_ID, customerId: CUSTOMER, subtotalMinor: 60_000, processedAt: NOW });
  await db().order.update({ where: { shopId_id: { shopId: shop.id, id: ORDER_ID } }, data: { name: "#17254" } });
  const queue = new RecordingQueue();
  await applyOrderToPoints(db(), shop, ORDER_ID, { now: NOW, queue });
  await runDailyPointsMaintenance(db(), shop, new Date(NOW.getTime() + 86_400_000), { queue });
  // a row written before reasons had keys: its English sentence must still read in Japanese
  await db().pointsEntry.create({
    data: {
      shopId: shop.id,
      customerId: CUSTOMER,
      kind: "bonus_birthday",
      points: 500,
      sourceKey: "birthday:2025",
      occurredAt: new Date("2025-05-02T00:00:00Z"),
      reason: "Birthday 2025",
      detail: "{}",
    },
  });
});

describe("the merchant's points history", () => {
  it("names orders, reasons and ranks in the admin's language, never by id", async () => {
    const view = await loadCustomerPoints(db(), shop, CUSTOMER);
    const ja = view.history.map((item) => describePointsEntry(translator("ja"), "ja", item));
    expect(ja).toContain("注文 #17254 で付与");
    expect(ja).toContain("誕生月ボーナス（2026年のお誕生月）");
    expect(ja).toContain("誕生月ボーナス（2025年のお誕生月）");
    expect(ja.find((text) => text.startsWith("会員ランク変更"))).toBe("会員ランク変更: — → シルバー");
    for (const text of ja) {
      expect(text).not.toContain(String(ORDER_ID));
      expect(untranslatedWords(text), text).toEqual([]);
    }
    const en = view.history.map((item) => describePointsEntry(translator("en"), "en", item));
    expect(en).toContain("Earned on order #17254");
    expect(en).toContain("Birthday bonus: birthday 2025");
    expect(en.find((text) => text.startsWith("Rank changed"))).toBe("Rank changed: — → Silver");
  });
});

describe("the customer's points history (app proxy)", () => {
  it("carries order names and reason keys, and marks an unrenamed default rank for translation", async () => {
    const { settings } = await loadPointsProgram(db(), shop);
    const points = await storefrontPoints(db(), shop, CUSTOMER, settings);
    expect(JSON.stringify(points)).not.toContain(String(ORDER_ID));
    expect(points.history.find((item) => item.kind === "earn")).toMatchObject({ order_name: "#17254" });
    const birthdays = points.history.filter((item) => item.kind === "bonus_birthday");
    expect(birthdays.map((item) => [item.reason_key, item.reason_values])).toEqual([
      ["birthday", { year: 2026 }],
      ["birthday", { year: 2025 }],
    ]);
    expect(birthdays.every((item) => item.reason === null)).toBe(true);
    expect(points).toMatchObject({ tier: "silver", tier_key: "silver", next_tier_key: "gold" });
  });
});
