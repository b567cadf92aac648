import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { insertEntries, insertJourney } from "../../app/db/journeys.server";
import { updateShopSettings } from "../../app/db/settings.server";
import { registerShop, type ShopRef } from "../../app/db/shops.server";
import { upsertRows } from "../../app/db/upsert.server";
import { defaultPointsProgramSettings } from "../../app/domain/points/settings";
import type { ChannelMessage, ChannelSendResult, MessageChannel } from "../../app/journeys/channel";
import { runDueSteps } from "../../app/journeys/engine.server";

/**
 * What a message template is handed about the customer: the points tier by the name a customer reads
 * (a default rank in the customer's language, a rank the merchant named by that name), never the rank's id;
 * and no recommended product, since Kizuna stores no product link or image to point to.
 */
const NOW = new Date("2026-03-02T03:00:00Z"); // 12:00 JST
let shop: ShopRef;
const delivered: ChannelMessage[] = [];
const channel: MessageChannel = {
  name: "email",
  configured: () => true,
  async send(message): Promise<ChannelSendResult> {
    delivered.push(message);
    return { status: "sent", toAddress: message.context.customer.email ?? "", subject: message.templateKey };
  },
};

beforeAll(async () => {
  const record = await registerShop(db(), "context-test.myshopify.com", {
    name: "文脈茶舗",
    currency: "JPY",
    timezone: "Asia/Tokyo",
  });
  shop = { id: record.id, domain: record.domain };
  await updateShopSettings(db(), shop, "points", {
    ...defaultPointsProgramSettings,
    enabled: true,
    tiers: defaultPointsProgramSettings.tiers.map((tier) => (tier.id === "silver" ? { ...tier, name: "茶友会" } : tier)),
  });
  const at = new Date("2026-01-15T00:00:00Z");
  const customers = [
    { id: 8_000_001n, locale: "ja", tier: "gold" },
    { id: 8_000_002n, locale: "en", tier: "gold" },
    { id: 8_000_003n, locale: "ja", tier: "silver" },
    { id: 8_000_004n, locale: "ja", tier: null },
  ];
  await upsertRows(
    db(),
    { table: "Customer", key: ["shopId", "id"], update: [] },
    customers.map((c) => ({
      shopId: shop.id,
      id: c.id,
      firstName: "花子",
      lastName: "山田",
      email: `${c.id}@context-test.example.jp`,
      locale: c.locale,
      emailMarketing: "SUBSCRIBED",
      shopifyCreatedAt: at,
      shopifyUpdatedAt: at,
    })),
  );
  for (const c of customers.filter((c) => c.tier)) {
    await db().pointsAccount.create({ data: { shopId: shop.id, customerId: c.id, balance: 1200, tier: c.tier } });
  }
  const journey = await insertJourney(db(), shop, {
    templateKey: null,
    name: "context",
    definition: JSON.stringify({
      trigger: { kind: "future_loyal_candidate" },
      steps: [{ kind: "send", channel: "email", templateKey: "future-loyal", marketing: true }],
    }),
    holdoutShare: 0,
    holdoutSalt: "context",
    attributionDays: 7,
  });
  await db().journey.update({ where: { id: journey.id }, data: { status: "active", activatedAt: NOW } });
  await insertEntries(
    db(),
    shop,
    journey.id,
    customers.map((c) => ({ customerId: c.id, triggerKey: "t", groupName: "treatment" as const, enteredAt: NOW, dueAt: NOW })),
  );
});

describe("a message's context", () => {
  it("names the points tier as the customer reads it, and recommends no product it cannot link to", async () => {
    expect(await runDueSteps(db(), shop, NOW, { channel })).toMatchObject({ sent: 4, errors: 0 });
    const byCustomer = new Map(delivered.map((m) => [m.context.customer.id, m.context]));
    expect(byCustomer.get("8000001")?.points).toEqual({ balance: 1200, tierName: "ゴールド" });
    expect(byCustomer.get("8000002")?.points).toEqual({ balance: 1200, tierName: "Gold" });
    expect(byCustomer.get("8000003")?.points).toEqual({ balance: 1200, tierName: "茶友会" });
    expect(byCustomer.get("8000004")?.points).toBeUndefined();
    for (const context of byCustomer.values()) expect(context.product).toBeUndefined();
  });
});
