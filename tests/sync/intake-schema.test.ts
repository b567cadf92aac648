import { describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { applyEvent } from "../../app/sync/apply-event.server";
import { customerBody, deliver, installedShop, orderBody, storedEvent } from "./intake-support";

// Issue 12: a delivery is validated once, at intake, with the schema the worker applies. A body intake
// accepted used to fail in the worker eight times before it was parked; now it is parked at once, with the
// reason, and Shopify gets its 200 (it retries anything else for hours and drops failing subscriptions).
describe("webhook intake: one schema per topic", () => {
  it("parks at intake a body the worker could not apply (an order without name, currency or totals), answering 200", async () => {
    const shop = await installedShop("schema");
    const { name: _name, currency: _currency, total_price: _total, ...incomplete } = orderBody();
    const response = await deliver("orders/create", incomplete, { shop: shop.domain, webhookId: "wh-incomplete" });
    expect(response.status).toBe(200);
    const event = await storedEvent(shop.id, "wh-incomplete");
    expect(event?.status).toBe("parked");
    expect(event?.lastError).toContain("orders/create webhook payload is invalid");
    expect(event?.lastError).toContain("name");
    expect(event?.lastError).toContain("currency");
    expect(event?.lastError).toContain("total_price");
  });

  it("parks at intake an amount with more decimals than the currency has (¥3000.5)", async () => {
    const shop = await installedShop("schema");
    const response = await deliver("orders/create", orderBody({ total_price: "3000.5" }), {
      shop: shop.domain,
      webhookId: "wh-yen-decimals",
    });
    expect(response.status).toBe(200);
    const event = await storedEvent(shop.id, "wh-yen-decimals");
    expect(event).toMatchObject({ status: "parked" });
    expect(event?.lastError).toContain('"3000.5" has more decimals than the currency allows');
  });

  it("parks a refund whose line item quantity is not a whole number (the worker's refund schema)", async () => {
    const shop = await installedShop("schema");
    const refund = {
      id: 509562969,
      order_id: 820982911946154500,
      created_at: "2026-10-02T09:00:00+09:00",
      transactions: [{ kind: "refund", status: "success", amount: "1000" }],
      refund_line_items: [{ line_item_id: 866550311766439000, quantity: 0.5 }],
    };
    expect((await deliver("refunds/create", refund, { shop: shop.domain, webhookId: "wh-refund" })).status).toBe(200);
    const event = await storedEvent(shop.id, "wh-refund");
    expect(event?.status).toBe("parked");
    expect(event?.lastError).toContain("refund_line_items.0.quantity");
  });

  it("stores a valid body pending and the worker's reading of it applies without an error", async () => {
    const shop = await installedShop("schema");
    expect((await deliver("customers/update", customerBody(), { shop: shop.domain, webhookId: "wh-customer" })).status).toBe(200);
    expect((await deliver("orders/create", orderBody(), { shop: shop.domain, webhookId: "wh-order" })).status).toBe(200);
    for (const webhookId of ["wh-customer", "wh-order"]) {
      const event = await storedEvent(shop.id, webhookId);
      expect(event?.status).toBe("pending");
      if (!event) throw new Error("stored");
      await applyEvent(db(), { ...shop, currency: "JPY", pointsEnabled: false }, event);
    }
    const order = await db().order.findUniqueOrThrow({
      where: { shopId_id: { shopId: shop.id, id: 820982911946154508n } },
    });
    expect(order).toMatchObject({ name: "#1001", totalMinor: 3000, customerId: 115310627314723954n });
    const customer = await db().customer.findUniqueOrThrow({
      where: { shopId_id: { shopId: shop.id, id: 706405506930370084n } },
    });
    expect(customer.email).toBe("hanako@example.jp");
  });

  it("the worker refuses a stored body that does not read with the same reason intake gives", async () => {
    const shop = await installedShop("schema");
    const event = await db().webhookEvent.create({
      data: {
        shopId: shop.id,
        webhookId: "wh-stored-before-upgrade",
        topic: "orders/create",
        payload: JSON.stringify(orderBody({ total_price: "-1" })),
        status: "pending",
      },
    });
    await expect(applyEvent(db(), { ...shop, currency: "JPY" }, event)).rejects.toThrow(
      /orders\/create webhook payload is invalid: total_price must be a non-negative decimal amount/,
    );
  });
});
