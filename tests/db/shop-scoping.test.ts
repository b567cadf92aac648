import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { shopOverview } from "../../app/db/overview.server";
import { getShop, markShopDataChanged, markShopUninstalled, offlineAccessToken, type ShopRef } from "../../app/db/shops.server";
import { storeWebhook } from "../../app/sync/webhook-intake.server";
import { seedShopRows } from "../support/seed-rows";

// Multi-tenant leaks are the worst bug Kizuna could ship: every data-access function, given shop A,
// must only ever see and touch shop A's rows, even when shop B has more data.
let shopA: ShopRef;
let shopB: ShopRef;

beforeAll(async () => {
  shopA = await seedShopRows(db(), "shop-a.myshopify.com", { customers: 2, idBase: 1_000 });
  shopB = await seedShopRows(db(), "shop-b.myshopify.com", { customers: 5, idBase: 2_000 });
});

describe("shop scoping of data access", () => {
  it("shopOverview counts only the shop's own customers and orders", async () => {
    expect(await shopOverview(db(), shopA)).toMatchObject({ shopName: "shop-a.myshopify.com", customers: 2, orders: 2 });
    expect(await shopOverview(db(), shopB)).toMatchObject({ shopName: "shop-b.myshopify.com", customers: 5, orders: 5 });
  });

  it("getShop and offlineAccessToken return the shop's own record and token", async () => {
    expect((await getShop(db(), shopA)).domain).toBe("shop-a.myshopify.com");
    expect(await offlineAccessToken(db(), shopA)).toBe("token-of-shop-a.myshopify.com");
    expect(await offlineAccessToken(db(), shopB)).toBe("token-of-shop-b.myshopify.com");
  });

  it("markShopDataChanged touches only the given shop", async () => {
    const at = new Date("2026-02-01T00:00:00Z");
    await markShopDataChanged(db(), shopA, at);
    expect((await getShop(db(), shopA)).dataChangedAt?.toISOString()).toBe(at.toISOString());
    expect((await getShop(db(), shopB)).dataChangedAt).toBeNull();
  });

  it("storeWebhook files a delivery under the shop that sent it", async () => {
    await storeWebhook(
      db(),
      {
        shopDomain: shopB.domain,
        topic: "customers/delete",
        webhookId: "same-id-in-two-shops",
        apiVersion: "2026-07",
        eventId: null,
        triggeredAt: null,
        rawBody: JSON.stringify({ id: 2001 }),
      },
      "customers/delete",
    );
    // The same webhook id from another shop is a different delivery, not a duplicate.
    const again = await storeWebhook(
      db(),
      {
        shopDomain: shopA.domain,
        topic: "customers/delete",
        webhookId: "same-id-in-two-shops",
        apiVersion: "2026-07",
        eventId: null,
        triggeredAt: null,
        rawBody: JSON.stringify({ id: 1001 }),
      },
      "customers/delete",
    );
    expect(again.outcome).toBe("stored");
    const events = await db().webhookEvent.findMany({ where: { webhookId: "same-id-in-two-shops" }, orderBy: { id: "asc" } });
    expect(events.map((event) => [event.shopId, event.resourceId])).toEqual([
      [shopB.id, 2001n],
      [shopA.id, 1001n],
    ]);
  });

  it("markShopUninstalled removes only that shop's sessions", async () => {
    await markShopUninstalled(db(), shopB, new Date("2026-03-01T00:00:00Z"));
    expect(await offlineAccessToken(db(), shopB)).toBeNull();
    expect(await offlineAccessToken(db(), shopA)).toBe("token-of-shop-a.myshopify.com");
    expect((await getShop(db(), shopA)).installState).toBe("installed");
  });
});
