import { describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { action as ordersCreate } from "../../app/routes/webhooks.orders.create";
import { action as customersUpdate } from "../../app/routes/webhooks.customers.update";
import { TEST_SHOP, webhookRequest } from "../support/shopify-requests";

const order = {
  id: 820982911946154500,
  admin_graphql_api_id: "gid://shopify/Order/820982911946154500",
  created_at: "2026-10-01T09:00:00+09:00",
  updated_at: "2026-10-01T09:00:00+09:00",
  line_items: [{ id: 866550311766439000, quantity: 1, price: "3000" }],
};

const call = (handler: typeof ordersCreate, request: Request) => handler({ request, params: {}, context: {} });

async function inbox() {
  return db().webhookEvent.findMany({ orderBy: { id: "asc" } });
}

describe("webhook routes", () => {
  it("refuse a delivery whose HMAC was not made with the app secret, and write nothing", async () => {
    const before = await db().webhookEvent.count();
    const response = await call(ordersCreate, webhookRequest({ topic: "orders/create", body: order, secret: "forged" }));
    expect(response.status).toBe(401);
    expect(await db().webhookEvent.count()).toBe(before);
  });

  it("store a genuine delivery in the inbox (exact 64-bit id from admin_graphql_api_id) and answer 200; the same webhook id again is a no-op", async () => {
    const request = () => webhookRequest({ topic: "orders/create", body: order, webhookId: "wh-order-1" });
    expect((await call(ordersCreate, request())).status).toBe(200);
    expect((await call(ordersCreate, request())).status).toBe(200);
    const stored = (await inbox()).filter((event) => event.webhookId === "wh-order-1");
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ topic: "orders/create", status: "pending", resourceId: 820982911946154500n });
    expect(stored[0].resourceUpdatedAt?.toISOString()).toBe("2026-10-01T00:00:00.000Z");
    expect(JSON.parse(stored[0].payload)).toEqual(order);
    const shop = await db().shop.findUnique({ where: { domain: TEST_SHOP } });
    expect(stored[0].shopId).toBe(shop?.id);
  });

  it("reject a body that is not JSON with a clear error, recorded but never applied", async () => {
    const response = await call(
      ordersCreate,
      webhookRequest({ topic: "orders/create", body: "{not json", webhookId: "wh-bad-json" }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "The orders/create webhook body is not valid JSON" });
    const [event] = (await inbox()).filter((e) => e.webhookId === "wh-bad-json");
    expect(event).toMatchObject({ status: "parked", lastError: "The orders/create webhook body is not valid JSON" });
  });

  it("reject a payload that fails validation, naming the field", async () => {
    const response = await call(
      customersUpdate,
      webhookRequest({ topic: "customers/update", body: { id: "abc", updated_at: "yesterday" }, webhookId: "wh-invalid" }),
    );
    expect(response.status).toBe(422);
    const { error } = (await response.json()) as { error: string };
    expect(error).toContain("customers/update webhook payload is invalid");
    expect(error).toContain("updated_at");
    const [event] = (await inbox()).filter((e) => e.webhookId === "wh-invalid");
    expect(event.status).toBe("parked");
  });

  it("reject a topic delivered to another topic's endpoint, and an unknown topic", async () => {
    const misrouted = await call(
      ordersCreate,
      webhookRequest({ topic: "customers/update", body: { id: 1 }, path: "/webhooks/orders/create", webhookId: "wh-misrouted" }),
    );
    expect(misrouted.status).toBe(400);
    const unknown = await call(
      ordersCreate,
      webhookRequest({ topic: "products/create", body: { id: 1 }, path: "/webhooks/orders/create", webhookId: "wh-unknown" }),
    );
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ error: 'Unknown webhook topic "products/create"' });
  });
});
