import { createHmac } from "node:crypto";
import { type Emulator, startEmulator } from "../index";
import { tinyStore, webhookReceiver } from "./testkit";

const SECRET = "shpss_secret";
const SHOP = "kizuna-test.myshopify.com";
const sign = (body: string) => createHmac("sha256", SECRET).update(body, "utf8").digest("base64");

let em: Emulator | null = null;
let app: Awaited<ReturnType<typeof webhookReceiver>> | null = null;
afterEach(async () => {
  await em?.stop();
  await app?.close();
  em = null;
  app = null;
});

test("store changes through the control API send signed Shopify-format webhooks", async () => {
  app = await webhookReceiver();
  em = await startEmulator({ stores: [tinyStore()], webhooks: { appUrl: app.url, apiSecret: SECRET } });
  const customer = em.control.createCustomer({ firstName: "花子", lastName: "佐藤", email: "hanako@example.jp" });
  em.control.updateCustomer({ id: customer.id, note: "VIP候補" });
  const variant = [...em.store(SHOP).products.values()][0].variants[0];
  const order = em.control.createOrder({
    customerId: customer.id,
    lineItems: [{ variantId: variant.id, quantity: 3 }],
    shipping: 500,
    tags: ["gift"],
  });
  em.control.refundOrder({ id: order.id, lineItems: [{ lineItemId: order.lineItems[0].id, quantity: 1 }] });
  em.control.updateOrder({ id: order.id, note: "thanks" });
  em.control.cancelOrder({ id: order.id, reason: "CUSTOMER", refund: true });
  em.control.requestCustomerData({ customerId: customer.id });
  em.control.requestCustomerRedaction({ customerId: customer.id });
  em.control.redactShop();
  em.control.uninstallApp();
  await em.flush();

  const topics = app.received.map((h) => h.headers["x-shopify-topic"]);
  expect(topics).toEqual([
    "customers/create",
    "customers/update",
    "orders/create",
    "orders/paid",
    "refunds/create",
    "orders/updated",
    "orders/updated",
    "refunds/create",
    "orders/updated",
    "orders/cancelled",
    "orders/updated",
    "customers/data_request",
    "customers/redact",
    "shop/redact",
    "app/uninstalled",
  ]);
  for (const hook of app.received) {
    expect(hook.path).toBe(`/webhooks/${hook.headers["x-shopify-topic"]}`);
    expect(hook.headers["x-shopify-hmac-sha256"]).toBe(sign(hook.body));
    expect(hook.headers["x-shopify-shop-domain"]).toBe(SHOP);
    expect(hook.headers["x-shopify-api-version"]).toBe("2026-07");
    expect(hook.headers["x-shopify-webhook-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(hook.headers["x-shopify-event-id"]).toBeDefined();
    expect(hook.headers["x-shopify-triggered-at"]).toBeDefined();
  }
  const created = JSON.parse(app.received[2].body);
  expect(created).toMatchObject({
    id: order.id,
    admin_graphql_api_id: `gid://shopify/Order/${order.id}`,
    name: order.name,
    currency: "JPY",
    financial_status: "paid",
    tags: "gift",
  });
  expect(created.total_price).toBe(String(variant.price * 3 + 500));
  expect(created.total_price_set.shop_money).toEqual({ amount: String(variant.price * 3 + 500), currency_code: "JPY" });
  expect(created.line_items[0]).toMatchObject({ quantity: 3, variant_id: variant.id, price: String(variant.price) });
  expect(created.customer).toMatchObject({ id: customer.id, email: "hanako@example.jp" });
  const refund = JSON.parse(app.received[4].body);
  expect(refund).toMatchObject({ order_id: order.id, refund_line_items: [{ quantity: 1, line_item_id: order.lineItems[0].id }] });
  const redact = JSON.parse(app.received[12].body);
  expect(redact).toEqual({
    shop_id: expect.any(Number),
    shop_domain: SHOP,
    customer: { id: customer.id, email: "hanako@example.jp", phone: null },
    orders_to_redact: [order.id],
  });
  expect(JSON.parse(app.received[9].body).cancel_reason).toBe("customer");
  // after app/uninstalled the token no longer works
  const r = await fetch(em.graphqlUrl, {
    method: "POST",
    headers: { "X-Shopify-Access-Token": "shpat_test", "Content-Type": "application/json" },
    body: JSON.stringify({ query: "{ shop { name } }" }),
  });
  expect(r.status).toBe(401);
});

test("duplicates keep the webhook id, and a window reorders deliveries", async () => {
  app = await webhookReceiver();
  em = await startEmulator({
    stores: [tinyStore()],
    webhooks: { appUrl: app.url, apiSecret: SECRET, faults: { duplicateRate: 0.5, reorderWindow: 5, seed: 7 } },
  });
  for (let i = 0; i < 20; i++) em.control.createCustomer({ firstName: `c${i}`, email: `c${i}@example.jp` });
  await em.flush();
  const ids = app.received.map((h) => h.headers["x-shopify-webhook-id"] as string);
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  expect(counts.size).toBe(20);
  const duplicated = [...counts.values()].filter((n) => n === 2).length;
  expect(duplicated).toBeGreaterThan(0);
  expect(app.received.length).toBe(20 + duplicated);
  // duplicates are byte-identical, and the order the app saw differs from creation order
  for (const [id] of [...counts].filter(([, n]) => n === 2)) {
    const copies = app.received.filter((h) => h.headers["x-shopify-webhook-id"] === id);
    expect(copies[0].body).toBe(copies[1].body);
  }
  const firstNames = [...new Set(app.received.map((h) => JSON.parse(h.body).first_name as string))];
  expect(firstNames).not.toEqual(Array.from({ length: 20 }, (_, i) => `c${i}`));
  expect(firstNames.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `c${i}`).sort());
});

test("non-2xx answers are retried with the same webhook id", async () => {
  app = await webhookReceiver((_hook, index) => (index < 2 ? 500 : 200));
  em = await startEmulator({
    stores: [tinyStore()],
    webhooks: { appUrl: app.url, apiSecret: SECRET, faults: { retry: { attempts: 3, backoffMs: 5 } } },
  });
  em.control.createCustomer({ firstName: "retry", email: "retry@example.jp" });
  await em.flush();
  expect(app.received).toHaveLength(3);
  expect(new Set(app.received.map((h) => h.headers["x-shopify-webhook-id"])).size).toBe(1);
  expect(new Set(app.received.map((h) => h.headers["x-shopify-hmac-sha256"])).size).toBe(1);
  const delivery = em.webhookLog[0];
  expect(delivery.state).toBe("delivered");
  expect(delivery.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
});

test("the control API is reachable over HTTP", async () => {
  app = await webhookReceiver();
  em = await startEmulator({ stores: [tinyStore()] });
  const post = (action: string, body: unknown) =>
    fetch(`${em?.url}/_emulator/${action}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  expect((await post("configureWebhooks", { appUrl: app.url, apiSecret: SECRET })).status).toBe(200);
  const created = await (await post("createCustomer", { firstName: "http", email: "http@example.jp" })).json();
  expect(created.id).toBeGreaterThan(0);
  const missing = await post("updateCustomer", { id: 1, note: "x" });
  expect(missing.status).toBe(404);
  expect((await missing.json()).error).toMatch(/Customer 1 does not exist/);
  const advanced = await (await post("advanceTime", { ms: 1000 })).json();
  expect(advanced.now).toBe(em.store(SHOP).now);
  await post("flushWebhooks", {});
  expect(app.received.map((h) => h.headers["x-shopify-topic"])).toEqual(["customers/create"]);
  const log = await (await fetch(`${em.url}/_emulator/webhookLog`)).json();
  expect(log[0]).toMatchObject({ topic: "customers/create", state: "delivered" });
});
