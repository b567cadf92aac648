import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { REDACTED_PAYLOAD } from "../../app/db/customer-privacy.server";
import type { ShopRef } from "../../app/db/shops.server";
import { waves } from "../../app/sync/apply-batch.server";
import { applyInboxBatch } from "../../app/sync/inbox-worker.server";
import { generateStore } from "../../emulator/seed/generate";
import type { Order } from "../../emulator/store/model";
import { customerPayload, customersRedactPayload, orderPayload, refundPayload } from "../../emulator/webhooks/payloads";

/**
 * The inbox worker's batch path (issue 14): a claimed batch is applied as waves of multi-row statements, with
 * the same results as applying its events one at a time — on both databases.
 */
const domain = "apply-batch.myshopify.com";
const store = generateStore({ seed: 14, customers: 200, shopDomain: domain });
const orders = [...store.orders.values()].filter((order) => order.customerId !== null && order.lineItems.length > 0);
let shop: ShopRef;
let nextWebhook = 0;
let nextOrder = 0;

beforeAll(async () => {
  const row = await db().shop.create({ data: { domain, currency: store.shop.currency } });
  shop = { id: row.id, domain };
});

/** An order no earlier test used, of a customer no earlier test used. */
const usedCustomers = new Set<number>();
function freshOrder(predicate: (order: Order) => boolean = () => true): Order {
  for (; nextOrder < orders.length; nextOrder++) {
    const order = orders[nextOrder];
    if (usedCustomers.has(order.customerId ?? 0) || !predicate(order)) continue;
    usedCustomers.add(order.customerId ?? 0);
    nextOrder++;
    return order;
  }
  throw new Error("the generated store has no more orders");
}

async function storeEvent(topic: string, body: unknown, resourceId: number | null, now = new Date()): Promise<number> {
  const event = await db().webhookEvent.create({
    data: {
      shopId: shop.id,
      webhookId: `batch-${++nextWebhook}`,
      topic,
      resourceId: resourceId === null ? null : BigInt(resourceId),
      payload: JSON.stringify(body),
      status: "pending",
      nextAttemptAt: now,
      triggeredAt: new Date(now.getTime() + nextWebhook),
    },
  });
  return event.id;
}

async function applyAll(now = () => new Date()) {
  const results = [];
  for (;;) {
    const batch = await applyInboxBatch(db(), { now, limit: 500 });
    if (batch.claimed === 0) return results;
    results.push(batch);
  }
}

const statuses = async (ids: number[]) =>
  (await db().webhookEvent.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" }, select: { status: true } })).map(
    (row) => row.status,
  );

describe("the inbox's batch path", () => {
  it("applies mixed topics in one batch: customers, orders with their lines, refunds", async () => {
    const withRefund = freshOrder((order) => order.refunds.length > 0);
    const plain = freshOrder((order) => order.refunds.length === 0);
    const customer = store.customers.get(plain.customerId ?? 0);
    if (!customer) throw new Error("no customer");
    const ids = [
      await storeEvent("customers/create", customerPayload(store, customer), customer.id),
      await storeEvent("orders/create", orderPayload(store, { ...withRefund, refunds: [] }), withRefund.id),
      await storeEvent("orders/create", orderPayload(store, plain), plain.id),
      await storeEvent("refunds/create", refundPayload(store, withRefund, withRefund.refunds[0]), null),
    ];
    const [batch] = await applyAll();
    expect(batch).toMatchObject({ claimed: 4, applied: 4, failed: 0, parked: 0 });
    expect(await statuses(ids)).toEqual(["applied", "applied", "applied", "applied"]);

    const stored = await db().customer.findUniqueOrThrow({ where: { shopId_id: { shopId: shop.id, id: BigInt(customer.id) } } });
    expect(stored.email).toBe(customer.email);
    for (const order of [withRefund, plain]) {
      const lines = await db().lineItem.count({ where: { shopId: shop.id, orderId: BigInt(order.id) } });
      expect(lines).toBe(order.lineItems.length);
    }
    const refunded = await db().order.findUniqueOrThrow({
      where: { shopId_id: { shopId: shop.id, id: BigInt(withRefund.id) } },
      select: { totalRefundedMinor: true },
    });
    const refund = await db().refund.findUniqueOrThrow({
      where: { shopId_id: { shopId: shop.id, id: BigInt(withRefund.refunds[0].id) } },
      select: { totalMinor: true },
    });
    expect(refunded.totalRefundedMinor).toBeGreaterThanOrEqual(refund.totalMinor);
    expect(refund.totalMinor).toBeGreaterThan(0);
    const shopRow = await db().shop.findUniqueOrThrow({ where: { id: shop.id }, select: { dataChangedAt: true } });
    expect(shopRow.dataChangedAt).not.toBeNull();
  });

  it("applies two versions of one order in one batch in order, whichever arrives first the newer one stays", async () => {
    for (const newerFirst of [false, true]) {
      const order = freshOrder((candidate) => candidate.lineItems.length >= 2);
      const older = { ...order, tags: ["v1"] };
      // the newer version has one line less and another tag
      const newer = { ...order, updatedAt: order.updatedAt + 60_000, tags: ["v2"], lineItems: order.lineItems.slice(1) };
      const [first, second] = newerFirst ? [newer, older] : [older, newer];
      // no resource id (as stored before decision 023): the claim takes both into one batch
      const ids = [
        await storeEvent("orders/updated", orderPayload(store, first), null),
        await storeEvent("orders/updated", orderPayload(store, second), null),
      ];
      const [batch] = await applyAll();
      expect(batch).toMatchObject({ claimed: 2, applied: 2, failed: 0, parked: 0 });
      expect(await statuses(ids)).toEqual(["applied", "applied"]);
      const stored = await db().order.findUniqueOrThrow({
        where: { shopId_id: { shopId: shop.id, id: BigInt(order.id) } },
        select: { tags: true },
      });
      expect(stored.tags).toBe("v2");
      const lines = await db().lineItem.findMany({ where: { shopId: shop.id, orderId: BigInt(order.id) }, select: { id: true } });
      expect(lines.map((line) => Number(line.id)).sort()).toEqual(newer.lineItems.map((line) => line.id).sort());
    }
  });

  it("a redaction in the middle of a batch: the orders before and after it keep none of the person's data", async () => {
    const before = freshOrder((order) => order.email !== null);
    const customerId = before.customerId ?? 0;
    const after = { ...before, id: before.id + 1_000_000_000, name: `${before.name}-2` };
    const customer = store.customers.get(customerId);
    if (!customer) throw new Error("no customer");
    const ids = [
      await storeEvent("orders/create", orderPayload(store, before), before.id),
      await storeEvent("customers/redact", customersRedactPayload(store, customer, [before.id]), customerId),
      await storeEvent("orders/create", orderPayload(store, after), after.id),
    ];
    await applyAll();
    expect(await statuses(ids)).toEqual(["applied", "applied", "applied"]);
    const stored = await db().order.findMany({
      where: { shopId: shop.id, id: { in: [BigInt(before.id), BigInt(after.id)] } },
      select: { email: true, shippingProvinceCode: true },
    });
    expect(stored).toHaveLength(2);
    expect(stored).toEqual(stored.map(() => ({ email: null, shippingProvinceCode: null })));
    // the late delivery keeps no body once applied (decision 008)
    const late = await db().webhookEvent.findUniqueOrThrow({ where: { id: ids[2] }, select: { payload: true } });
    expect(late.payload).toBe(REDACTED_PAYLOAD);
  });

  it("one poisoned event fails alone: the others are applied, it is retried later, then applied", async () => {
    const poisoned = freshOrder();
    const others = [freshOrder(), freshOrder(), freshOrder()];
    const postgres = process.env.DATABASE_URL?.startsWith("postgres");
    // A real fault in the database: inserting this order fails.
    if (postgres) {
      await db().$executeRawUnsafe(
        `CREATE FUNCTION kizuna_poison() RETURNS trigger AS $$ BEGIN IF NEW.id = ${poisoned.id} THEN RAISE EXCEPTION 'poisoned order'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
      );
      await db().$executeRawUnsafe(
        `CREATE TRIGGER kizuna_poison BEFORE INSERT ON "Order" FOR EACH ROW EXECUTE FUNCTION kizuna_poison()`,
      );
    } else {
      await db().$executeRawUnsafe(
        `CREATE TRIGGER kizuna_poison BEFORE INSERT ON "Order" WHEN NEW.id = ${poisoned.id} BEGIN SELECT RAISE(ABORT, 'poisoned order'); END`,
      );
    }
    const ids = [
      await storeEvent("orders/create", orderPayload(store, others[0]), others[0].id),
      await storeEvent("orders/create", orderPayload(store, poisoned), poisoned.id),
      await storeEvent("orders/create", orderPayload(store, others[1]), others[1].id),
      await storeEvent("not/a-topic", {}, null),
      await storeEvent("orders/create", orderPayload(store, others[2]), others[2].id),
    ];
    const now = new Date();
    const [batch] = await applyAll(() => now);
    expect(batch).toMatchObject({ claimed: 5, applied: 3, failed: 1, parked: 1 });
    expect(await statuses(ids)).toEqual(["applied", "pending", "applied", "parked", "applied"]);
    const failed = await db().webhookEvent.findUniqueOrThrow({
      where: { id: ids[1] },
      select: { attempts: true, lastError: true },
    });
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toContain("poisoned order");

    await db().$executeRawUnsafe(postgres ? `DROP TRIGGER kizuna_poison ON "Order"` : `DROP TRIGGER kizuna_poison`);
    const later = new Date(now.getTime() + 3_600_000);
    const [retry] = await applyAll(() => later);
    expect(retry).toMatchObject({ claimed: 1, applied: 1 });
    expect(await statuses(ids)).toEqual(["applied", "applied", "applied", "parked", "applied"]);
    expect(
      await db().order.count({ where: { shopId: shop.id, id: { in: [poisoned, ...others].map((o) => BigInt(o.id)) } } }),
    ).toBe(4);
  });
});

describe("waves", () => {
  const change = (topic: string, id: number, customerId: number | null = null) =>
    ({
      topic,
      ...(topic.startsWith("orders/")
        ? { order: { order: { id: BigInt(id), customerId: customerId === null ? null : BigInt(customerId) } } }
        : {}),
      ...(topic.startsWith("customers/") && topic !== "customers/redact" ? { customer: { id: BigInt(id) } } : {}),
      ...(topic === "refunds/create" ? { refund: { orderId: BigInt(id) } } : {}),
      ...(topic === "customers/redact" ? { customerId: BigInt(id) } : {}),
    }) as never;
  const shape = (items: Array<{ name: string; change: never }>) =>
    waves(items).map((wave) => `${wave.batched ? "" : "!"}${wave.events.map((item) => item.name).join(",")}`);

  it("puts distinct orders and customers together, a repeated order or customer later, a privacy request on its own", () => {
    expect(
      shape([
        { name: "c1", change: change("customers/create", 1) },
        { name: "o1", change: change("orders/create", 11, 1) },
        { name: "c2", change: change("customers/create", 2) },
        { name: "o2", change: change("orders/create", 12, 2) },
        { name: "r1", change: change("refunds/create", 11) },
        { name: "x", change: change("customers/redact", 3) },
        { name: "o3", change: change("orders/create", 13, 3) },
        { name: "o3b", change: change("orders/updated", 13, 3) },
      ]),
    ).toEqual(["c1,c2", "o1,o2", "r1", "!x", "o3", "o3b"]);
  });
});
