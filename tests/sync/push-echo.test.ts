import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recomputeShopAnalytics } from "../../app/analytics/recompute.server";
import { db } from "../../app/db/client.server";
import { pushToShopify } from "../../app/pushback/push.server";
import { applyDueEvents } from "../../app/sync/inbox-worker.server";
import { type EmulatedShop, startShopSendingWebhooks } from "../support/emulated-shop";
import type { WebhookApp } from "../support/webhook-app";

/**
 * Kizuna's push writes tags and metafields, and Shopify answers each write with a customers/update webhook.
 * Such an echo changes nothing Kizuna analyses: it must not mark the shop stale (which would queue another
 * recompute and push, and so on), while a merchant's own change still does.
 */
let app: WebhookApp;
let shop: EmulatedShop;

beforeAll(async () => {
  ({ app, shop } = await startShopSendingWebhooks(db(), { seed: 77, customers: 60 }));
  await shop.emulator.flush();
  await applyDueEvents(db());
});

afterAll(async () => {
  await shop.emulator.stop();
  await app.close();
});

const stored = (status: string) =>
  db().webhookEvent.count({ where: { shopId: shop.shop.id, topic: "customers/update", status } });

describe("echoes of Kizuna's own writes", () => {
  it("a push's customers/update webhooks are applied without marking the shop's data changed", async () => {
    const now = new Date();
    await recomputeShopAnalytics(db(), shop.shop, { now });
    const before = await stored("pending");
    const summary = await pushToShopify(db(), shop.shop, shop.admin);
    expect(summary.customersChanged).toBeGreaterThan(0);
    await shop.emulator.flush();
    expect(await stored("pending")).toBeGreaterThan(before); // the echoes arrived
    const changedAt = (await db().shop.findUniqueOrThrow({ where: { id: shop.shop.id } })).dataChangedAt;

    const run = await applyDueEvents(db());
    expect(run.applied).toBeGreaterThan(0);
    expect([...run.changedShops]).toEqual([]);
    expect((await db().shop.findUniqueOrThrow({ where: { id: shop.shop.id } })).dataChangedAt).toEqual(changedAt);
  });

  it("a merchant's change that arrives the same way still marks the shop's data changed", async () => {
    const [customerId] = [...shop.store.customers.keys()];
    const current = shop.store.customers.get(customerId)?.tags ?? [];
    shop.emulator.control.updateCustomer({ id: customerId, tags: [...current, "vip"] });
    shop.emulator.control.updateCustomer({ id: [...shop.store.customers.keys()][1], lastName: "Merchant-edit" });
    await shop.emulator.flush();
    const run = await applyDueEvents(db());
    expect(run.applied).toBe(2);
    expect([...run.changedShops]).toEqual([shop.shop.id]);
  });
});
