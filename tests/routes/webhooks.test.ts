import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { registerShop } from "../../app/db/shops.server";
import { action as ordersCreate } from "../../app/routes/webhooks.orders.create";
import { action as customersUpdate } from "../../app/routes/webhooks.customers.update";
import { TEST_SHOP, webhookRequest } from "../support/shopify-requests";

const order = {
  id: 820982911946154500,
  admin_graphql_api_id: "gid://shopify/Order/820982911946154500",
  name: "#1001",
  currency: "JPY",
  created_at: "2026-10-01T09:00:00+09:00",
  updated_at: "2026-10-01T09:00:00+09:00",
  subtotal_price: "3000",
  total_price: "3000",
  line_items: [{ id: 866550311766439000, title: "静岡深蒸し茶", quantity: 1, price: "3000" }],
};

const call = (handler: typeof ordersCreate, request: Request) => handler({ request, params: {}, context: {} });

async function inbox() {
  return db().webhookEvent.findMany({ orderBy: { id: "asc" } });
}

// Only an install creates a shop (decision 007): the shop is installed before any delivery.
beforeAll(async () => {
  await registerShop(db(), TEST_SHOP, { name: "Kizuna test" });
});

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

  it("park a signed body that is not JSON with a clear error, answering 200 (Shopify retries anything else)", async () => {
    const response = await call(
      ordersCreate,
      webhookRequest({ topic: "orders/create", body: "{not json", webhookId: "wh-bad-json" }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ parked: "The orders/create webhook body is not valid JSON" });
    const [event] = (await inbox()).filter((e) => e.webhookId === "wh-bad-json");
    expect(event).toMatchObject({ status: "parked", lastError: "The orders/create webhook body is not valid JSON" });
  });

  it("park a signed payload that fails validation, naming the field, answering 200", async () => {
    const response = await call(
      customersUpdate,
      webhookRequest({ topic: "customers/update", body: { id: "abc", updated_at: "yesterday" }, webhookId: "wh-invalid" }),
    );
    expect(response.status).toBe(200);
    const { parked } = (await response.json()) as { parked: string };
    expect(parked).toContain("customers/update webhook payload is invalid");
    expect(parked).toContain("updated_at");
    const [event] = (await inbox()).filter((e) => e.webhookId === "wh-invalid");
    expect(event).toMatchObject({ status: "parked", lastError: parked });
  });

  it("park a topic delivered to another topic's endpoint, and an unknown topic, answering 200", async () => {
    const misrouted = await call(
      ordersCreate,
      webhookRequest({ topic: "customers/update", body: { id: 1 }, path: "/webhooks/orders/create", webhookId: "wh-misrouted" }),
    );
    expect(misrouted.status).toBe(200);
    const unknown = await call(
      ordersCreate,
      webhookRequest({ topic: "products/create", body: { id: 1 }, path: "/webhooks/orders/create", webhookId: "wh-unknown" }),
    );
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toEqual({ parked: 'Unknown webhook topic "products/create"' });
    const parked = (await inbox()).filter((e) => e.webhookId === "wh-misrouted" || e.webhookId === "wh-unknown");
    expect(parked.map((e) => e.status)).toEqual(["parked", "parked"]);
  });

  it("answer 405 to anything but POST", async () => {
    const request = new Request(webhookRequest({ topic: "orders/create", body: order }).url, { method: "GET" });
    expect((await call(ordersCreate, request)).status).toBe(405);
  });
});
