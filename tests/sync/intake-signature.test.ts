import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { registerShop } from "../../app/db/shops.server";
import { action as ordersCreate } from "../../app/routes/webhooks.orders.create";
import { TEST_SHOP, webhookRequest } from "../support/shopify-requests";

/**
 * Intake's own HMAC check (decisions 007 and 024) and its group commit: forged, missing and altered
 * signatures are refused with 401 and store nothing; concurrent genuine deliveries are written together and
 * each answered for itself (a duplicate among them stored once).
 */
const order = (id: number) => ({
  id,
  admin_graphql_api_id: `gid://shopify/Order/${id}`,
  name: `#${id}`,
  currency: "JPY",
  created_at: "2026-10-01T09:00:00+09:00",
  updated_at: "2026-10-01T09:00:00+09:00",
  subtotal_price: "3000",
  total_price: "3000",
  line_items: [{ id: id + 1, title: "静岡深蒸し茶", quantity: 1, price: "3000" }],
});

const call = (request: Request) => ordersCreate({ request, params: {}, context: {} });

beforeAll(async () => {
  await registerShop(db(), TEST_SHOP, { name: "Kizuna test" });
});

describe("webhook signatures", () => {
  it("refuses a missing, a forged and an altered signature with 401, and stores nothing", async () => {
    const before = await db().webhookEvent.count();
    const genuine = webhookRequest({ topic: "orders/create", body: order(7001), webhookId: "sig-1" });

    const missing = new Headers(genuine.headers);
    missing.delete("X-Shopify-Hmac-Sha256");
    const forged = webhookRequest({ topic: "orders/create", body: order(7001), webhookId: "sig-2", secret: "not-the-secret" });
    // the signature of one body sent with another (one digit changed)
    const altered = new Request(genuine.url, {
      method: "POST",
      headers: genuine.headers,
      body: JSON.stringify(order(7002)),
    });
    const responses = await Promise.all([
      call(new Request(genuine.url, { method: "POST", headers: missing, body: JSON.stringify(order(7001)) })),
      call(forged),
      call(altered),
    ]);
    expect(responses.map((response) => response.status)).toEqual([401, 401, 401]);
    expect(await db().webhookEvent.count()).toBe(before);
  });

  it("stores concurrent deliveries together, answering each, a duplicate among them once", async () => {
    const ids = Array.from({ length: 40 }, (_, index) => 8000 + index * 10);
    const requests = ids.map((id) => webhookRequest({ topic: "orders/create", body: order(id), webhookId: `group-${id}` }));
    requests.push(webhookRequest({ topic: "orders/create", body: order(ids[0]), webhookId: `group-${ids[0]}` }));
    const responses = await Promise.all(requests.map(call));
    expect(responses.map((response) => response.status)).toEqual(requests.map(() => 200));
    const stored = await db().webhookEvent.findMany({
      where: { webhookId: { in: ids.map((id) => `group-${id}`) } },
      select: { webhookId: true, resourceId: true, status: true },
    });
    expect(stored).toHaveLength(ids.length);
    expect(new Set(stored.map((event) => event.webhookId)).size).toBe(ids.length);
    expect(stored.every((event) => event.status === "pending")).toBe(true);
    expect(stored.map((event) => Number(event.resourceId)).sort((a, b) => a - b)).toEqual(ids);
  });
});
