import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { applyEvent } from "../../app/sync/apply-event.server";
import { type EmulatedShop, startShopSendingWebhooks } from "../support/emulated-shop";
import { mulberry32 } from "../support/random";
import type { WebhookApp } from "../support/webhook-app";

/**
 * Shopify stamps updated_at to the second, and one change often sends several webhooks with the same
 * updated_at (a cancellation with a refund: refunds/create, orders/updated, orders/cancelled, orders/updated).
 * Whatever order they are applied in, the copy ends as Shopify ends: the latest X-Shopify-Triggered-At wins a
 * tie, and a cancellation or a refund never un-happens.
 */
let app: WebhookApp;
let shop: EmulatedShop;

beforeAll(async () => {
  ({ app, shop } = await startShopSendingWebhooks(db(), { seed: 61, customers: 40 }, { backfill: false }));
});

afterAll(async () => {
  await shop.emulator.stop();
  await app.close();
});

/**
 * The deliveries the emulator sent about one resource, as the worker hands stored events to applyEvent
 * (body, topic, X-Shopify-Triggered-At), in the order Shopify sent them.
 */
function eventsOf(resourceId: number, topics: string[]) {
  return shop.emulator.webhookLog
    .filter((delivery) => !delivery.duplicate && topics.includes(delivery.topic))
    .filter((delivery) => {
      const body = JSON.parse(delivery.body) as { id: number; order_id?: number };
      return (delivery.topic === "refunds/create" ? body.order_id : body.id) === resourceId;
    })
    .map((delivery, index) => ({
      id: -1 - index,
      topic: delivery.topic,
      payload: delivery.body,
      triggeredAt: new Date(delivery.triggeredAt),
      receivedAt: new Date(),
    }));
}

function shuffled<T>(list: T[], random: () => number): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

const target = () => ({ ...shop.shop, pointsEnabled: false });

describe("deliveries with the same updated_at", () => {
  it("a cancellation with a refund, applied in any order, leaves the order cancelled and refunded", async () => {
    const control = shop.emulator.control;
    const customers = [...shop.store.customers.keys()];
    const orders = customers.slice(0, 24).map((customerId) => control.createOrder({ customerId }));
    await shop.emulator.flush();
    for (const order of orders) {
      for (const event of eventsOf(order.id, ["orders/create"])) await applyEvent(db(), target(), event);
    }
    // Every change of one order inside the same second: a tag edit, a partial refund, then a cancellation
    // refunding the rest.
    control.advanceTime({ ms: 60_000 });
    for (const order of orders) {
      control.updateOrder({ id: order.id, tags: ["gift"] });
      control.refundOrder({ id: order.id, lineItems: [{ lineItemId: order.lineItems[0].id, quantity: 1 }], shipping: false });
      if (order.lineItems.some((line) => line.quantity > 1) || order.lineItems.length > 1) {
        control.cancelOrder({ id: order.id, refund: true, reason: "INVENTORY" });
      } else {
        control.cancelOrder({ id: order.id, reason: "INVENTORY" });
      }
    }
    await shop.emulator.flush();

    const random = mulberry32(7);
    for (const [index, order] of orders.entries()) {
      const burst = eventsOf(order.id, ["orders/updated", "orders/cancelled", "refunds/create"]);
      expect(burst.length).toBeGreaterThanOrEqual(4);
      // The first order gets the burst backwards, the others a shuffle each; a second pass replays everything
      // (a redelivery after downtime).
      const order1 = index === 0 ? [...burst].reverse() : shuffled(burst, random);
      for (const event of [...order1, ...shuffled(burst, random)]) await applyEvent(db(), target(), event);
    }

    for (const order of orders) {
      const stored = await db().order.findUniqueOrThrow({
        where: { shopId_id: { shopId: shop.shop.id, id: BigInt(order.id) } },
      });
      const truth = shop.store.orders.get(order.id);
      if (!truth) throw new Error(`order ${order.id} is in the store`);
      expect({
        id: order.id,
        cancelledAt: stored.cancelledAt?.getTime() ?? null,
        cancelReason: stored.cancelReason,
        refunded: stored.totalRefundedMinor,
        financialStatus: stored.financialStatus,
        tags: stored.tags,
      }).toEqual({
        id: order.id,
        cancelledAt: truth.cancelledAt === null ? null : Math.floor(truth.cancelledAt / 1000) * 1000,
        cancelReason: truth.cancelReason,
        refunded: truth.refunds.reduce((sum, refund) => sum + refund.totalRefunded.shop, 0),
        financialStatus: truth.financialStatus,
        tags: truth.tags.join(", "),
      });
    }
  });

  it("two customer edits in the same second end with the later one, whatever order they arrive in", async () => {
    const control = shop.emulator.control;
    const ids = [...shop.store.customers.keys()].slice(0, 12);
    for (const id of ids) {
      const customer = shop.store.customers.get(id);
      if (customer) control.updateCustomer({ id, note: "created in Kizuna's copy first" });
    }
    await shop.emulator.flush();
    for (const id of ids) for (const event of eventsOf(id, ["customers/update"])) await applyEvent(db(), target(), event);
    control.advanceTime({ ms: 60_000 });
    for (const id of ids) {
      control.updateCustomer({ id, lastName: "先" });
      control.updateCustomer({ id, lastName: "後", tags: ["vip"] });
    }
    await shop.emulator.flush();
    for (const id of ids) {
      const [first, second] = eventsOf(id, ["customers/update"]).slice(-2);
      await applyEvent(db(), target(), second);
      await applyEvent(db(), target(), first);
    }
    const stored = await db().customer.findMany({
      where: { shopId: shop.shop.id, id: { in: ids.map((id) => BigInt(id)) } },
    });
    expect(stored.map((customer) => [customer.lastName, customer.tags])).toEqual(ids.map(() => ["後", "vip"]));
  });
});
