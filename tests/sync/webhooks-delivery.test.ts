import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { applyDueEvents } from "../../app/sync/inbox-worker.server";
import { WEBHOOK_TOPICS } from "../../app/sync/webhook-payloads";
import { type EmulatedShop, expectDatabaseMatchesStore, startShopSendingWebhooks } from "../support/emulated-shop";
import { TEST_APP } from "../support/env";
import { webhookRequest } from "../support/shopify-requests";
import type { WebhookApp } from "../support/webhook-app";
import { mulberry32 } from "../support/random";

let app: WebhookApp;
let shop: EmulatedShop;

beforeAll(async () => {
  // Only the topics shopify.app.toml subscribes to, as Shopify would send, with duplicates, reordering and retries.
  ({ app, shop } = await startShopSendingWebhooks(
    db(),
    { seed: 21, customers: 300 },
    { faults: { duplicateRate: 0.1, reorderWindow: 40, seed: 5, retry: { attempts: 3, backoffMs: 5 } } },
  ));
});

afterAll(async () => {
  await shop.emulator.stop();
  await app.close();
});

async function drainInbox() {
  for (;;) {
    const result = await applyDueEvents(db(), { shopId: shop.shop.id });
    if (result.applied + result.failed + result.parked === 0) return;
  }
}

describe("webhook deliveries: duplicated, reordered, some forged", () => {
  it("end with the database equal to the store, forgeries refused and nothing applied twice", async () => {
    const control = shop.emulator.control;
    const random = mulberry32(99);
    const customers = [...shop.store.customers.values()].map((customer) => customer.id);
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
    const orderIds = () => [...shop.store.orders.values()].filter((order) => order.cancelledAt === null).map((order) => order.id);

    // About 2,000 store changes, each delivered as one or more webhooks.
    for (let step = 0; step < 1_600; step++) {
      control.advanceTime({ ms: 1_000 });
      const roll = random();
      if (roll < 0.08) {
        const created = control.createCustomer({ firstName: "新規", lastName: `顧客${step}`, email: `new${step}@example.jp` });
        customers.push(created.id);
      } else if (roll < 0.25) {
        control.updateCustomer({ id: pick(customers), lastName: `更新${step}` });
      } else if (roll < 0.7) {
        control.createOrder({ customerId: pick(customers) });
      } else if (roll < 0.85) {
        control.updateOrder({ id: pick(orderIds()), tags: [`step-${step}`] });
      } else if (roll < 0.95) {
        const order = shop.store.orders.get(pick(orderIds()));
        if (order && order.refunds.length === 0) control.refundOrder({ id: order.id });
      } else {
        control.cancelOrder({ id: pick(orderIds()) });
      }
    }
    await shop.emulator.flush();
    const deliveries = shop.emulator.webhookLog;
    expect(deliveries.length).toBeGreaterThanOrEqual(2_000);

    // 1% forged: real bodies with a changed amount, signed with the wrong secret.
    const forgedCount = Math.ceil(deliveries.length / 100);
    const before = await db().webhookEvent.count({ where: { shopId: shop.shop.id } });
    for (let i = 0; i < forgedCount; i++) {
      const original = deliveries[i * 7];
      const forged = webhookRequest({
        topic: original.topic,
        shop: shop.shop.domain,
        body: String(original.body).replace(/"total_price":"\d+/, '"total_price":"1'),
        secret: "not-the-app-secret",
      });
      const { handleWebhookRequest } = await import("../../app/sync/webhook-route.server");
      const response = await handleWebhookRequest(forged, original.topic as never);
      expect(response.status).toBe(401);
    }
    expect(await db().webhookEvent.count({ where: { shopId: shop.shop.id } })).toBe(before);

    await drainInbox();
    await expectDatabaseMatchesStore(db(), shop.shop.id, shop.store);

    // Every distinct delivery is in the inbox exactly once, applied.
    const distinctIds = new Set(deliveries.filter((d) => d.topic !== "bulk_operations/finish").map((d) => d.webhookId));
    const events = await db().webhookEvent.findMany({
      where: { shopId: shop.shop.id, topic: { not: "bulk_operations/finish" } },
    });
    expect(events.length).toBe(distinctIds.size);
    expect(events.every((event) => event.status === "applied")).toBe(true);
    expect(app.statuses.filter((status) => status !== 200)).toEqual([]);
    const duplicates = deliveries.length - new Set(deliveries.map((d) => d.webhookId)).size;
    expect(duplicates).toBeGreaterThan(0);
  }, 300_000);
});

/**
 * The app's webhook endpoint as a process that can be killed: a TCP-level stand-in that forwards to the app
 * while up and refuses connections (like a dead process) while down, always on the same port.
 */
async function killableEndpoint(target: string) {
  let server: Server | null = null;
  let port = 0;
  const start = async () => {
    if (server) return;
    server = createServer((req, res) => {
      const upstream = httpRequest(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on("error", () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => (server as Server).listen(port, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  };
  const kill = async () => {
    const running = server;
    server = null;
    if (!running) return;
    running.closeAllConnections();
    await new Promise((resolve) => running.close(resolve));
  };
  await start();
  return { url: () => `http://127.0.0.1:${port}`, start, kill };
}

describe("bursts inside one second, cancellations with refunds, and the app killed mid-burst", () => {
  it("end with every order as Shopify has it: no cancellation or refund lost to an equal updated_at", async () => {
    const control = shop.emulator.control;
    const endpoint = await killableEndpoint(app.url);
    control.configureWebhooks({
      appUrl: endpoint.url(),
      apiSecret: TEST_APP.apiSecret,
      topics: WEBHOOK_TOPICS,
      // Retries long enough to outlast the downtime; a retried delivery is overtaken by later ones.
      faults: { duplicateRate: 0.1, reorderWindow: 12, seed: 11, retry: { attempts: 8, backoffMs: 100 } },
    });
    const random = mulberry32(1234);
    const customers = [...shop.store.customers.keys()];
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
    const open = () =>
      [...shop.store.orders.values()].filter((order) => order.cancelledAt === null && order.refunds.length === 0);
    for (let burst = 0; burst < 100; burst++) {
      control.advanceTime({ ms: 1_000 });
      // Everything below happens within the same second: one updated_at for all its webhooks.
      const order = pick(open());
      control.updateOrder({ id: order.id, tags: [`burst-${burst}`] });
      const roll = random();
      if (roll < 0.4) {
        control.cancelOrder({ id: order.id, refund: true, reason: "CUSTOMER" });
      } else if (roll < 0.7) {
        control.refundOrder({ id: order.id, lineItems: [{ lineItemId: order.lineItems[0].id, quantity: 1 }] });
        control.cancelOrder({ id: order.id, reason: "FRAUD" });
      } else {
        control.cancelOrder({ id: order.id, reason: "INVENTORY" });
      }
      const customer = pick(customers);
      control.updateCustomer({ id: customer, lastName: `前-${burst}` });
      control.updateCustomer({ id: customer, lastName: `後-${burst}` });
      if (burst === 50) {
        // The app dies while the first bursts are being delivered and comes back a little later.
        await new Promise((resolve) => setTimeout(resolve, 30));
        await endpoint.kill();
        setTimeout(() => void endpoint.start(), 400);
      }
    }
    await shop.emulator.flush();
    const redelivered = shop.emulator.webhookLog.filter(
      (delivery) => delivery.state === "delivered" && delivery.attempts.some((attempt) => attempt.status === null),
    );
    expect(redelivered.length).toBeGreaterThan(0);
    expect(shop.emulator.webhookLog.filter((delivery) => delivery.state === "failed")).toEqual([]);

    await drainInbox();
    await expectDatabaseMatchesStore(db(), shop.shop.id, shop.store);
    await endpoint.kill();
  }, 300_000);
});
