import { describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { registerShop } from "../../app/db/shops.server";
import { droppedDeliveries } from "../../app/sync/webhook-intake.server";
import { customerBody, deliver, installedShop, orderBody, storedEvent } from "./intake-support";

// Issue 11.5: a signed webhook for an unknown or erased shop recreated it as installed. Only an install
// (afterAuth → registerShop) creates a shop; other deliveries are answered 200, logged, counted and dropped.
const redactBody = (domain: string) => ({
  shop_domain: domain,
  customer: { id: 706405506930370000, email: "hanako@example.jp", phone: null },
  orders_to_redact: [820982911946154500],
});

describe("webhook intake: shops only from install", () => {
  it("drops a delivery for a shop Kizuna never installed in: 200, no shop row, nothing stored, counted", async () => {
    const domain = "never-installed.myshopify.com";
    const before = droppedDeliveries()["unknown-shop"];
    for (const topic of ["orders/create", "shop/redact", "app/uninstalled"] as const) {
      const body = topic === "orders/create" ? orderBody() : { shop_domain: domain };
      expect((await deliver(topic, body, { shop: domain })).status).toBe(200);
    }
    expect(await db().shop.findUnique({ where: { domain } })).toBeNull();
    expect(await db().webhookEvent.count({ where: { shop: { domain } } })).toBe(0);
    expect(droppedDeliveries()["unknown-shop"]).toBe(before + 3);
  });

  it("drops every delivery for an erased shop (the shop/redact tombstone), even one cached a moment ago", async () => {
    const shop = await installedShop("erased");
    expect((await deliver("orders/create", orderBody(), { shop: shop.domain, webhookId: "wh-before" })).status).toBe(200);
    expect((await storedEvent(shop.id, "wh-before"))?.status).toBe("pending");

    await db().shop.update({ where: { id: shop.id }, data: { installState: "erased" } });
    const before = droppedDeliveries()["erased-shop"];
    expect((await deliver("orders/updated", orderBody(), { shop: shop.domain, webhookId: "wh-after" })).status).toBe(200);
    expect(
      (await deliver("shop/redact", { shop_domain: shop.domain }, { shop: shop.domain, webhookId: "wh-redact-again" })).status,
    ).toBe(200);
    expect(await storedEvent(shop.id, "wh-after")).toBeNull();
    expect(await storedEvent(shop.id, "wh-redact-again")).toBeNull();
    expect(droppedDeliveries()["erased-shop"]).toBe(before + 2);
    expect((await db().shop.findUniqueOrThrow({ where: { id: shop.id } })).installState).toBe("erased");

    // A reinstall (afterAuth) makes it installed again, and its deliveries are stored at once.
    await registerShop(db(), shop.domain, { name: "again" });
    expect((await deliver("orders/updated", orderBody(), { shop: shop.domain, webhookId: "wh-reinstalled" })).status).toBe(200);
    expect((await storedEvent(shop.id, "wh-reinstalled"))?.status).toBe("pending");
  });

  it("stores app/uninstalled for an installed shop", async () => {
    const shop = await installedShop("uninstall");
    expect((await deliver("app/uninstalled", { id: 1 }, { shop: shop.domain, webhookId: "wh-uninstalled" })).status).toBe(200);
    expect((await storedEvent(shop.id, "wh-uninstalled"))?.status).toBe("pending");
  });

  it("for an uninstalled shop stores the privacy requests and shop/redact (48 h later), and drops store changes", async () => {
    const shop = await installedShop("uninstalled");
    await db().shop.update({ where: { id: shop.id }, data: { installState: "uninstalled", uninstalledAt: new Date() } });
    const before = droppedDeliveries()["uninstalled-shop"];
    const kept = [
      ["customers/redact", redactBody(shop.domain)],
      ["customers/data_request", { ...redactBody(shop.domain), data_request: { id: 9 } }],
      ["customers/delete", { id: 706405506930370000 }],
      ["app/uninstalled", { id: 1 }],
      ["shop/redact", { shop_domain: shop.domain }],
    ] as const;
    for (const [topic, body] of kept) {
      expect((await deliver(topic, body, { shop: shop.domain, webhookId: `wh-${topic}` })).status).toBe(200);
      expect((await storedEvent(shop.id, `wh-${topic}`))?.status).toBe("pending");
    }
    const droppedTopics = [
      ["orders/updated", orderBody()],
      ["customers/update", customerBody()],
    ] as const;
    for (const [topic, body] of droppedTopics) {
      expect((await deliver(topic, body, { shop: shop.domain, webhookId: `wh-${topic}` })).status).toBe(200);
      expect(await storedEvent(shop.id, `wh-${topic}`)).toBeNull();
    }
    expect(droppedDeliveries()["uninstalled-shop"]).toBe(before + 2);
  });
});
