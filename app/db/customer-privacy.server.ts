import type { Db } from "./client.server";
import { normaliseEmail, normalisePhone } from "../domain/import/normalize";
import { findInChunks } from "./in-chunks";
import { historicalCustomersWith } from "./history-import.server";
import { eraseJourneyPersonalData } from "./journeys.server";
import { eraseLineDataOfCustomer } from "./line.server";
import type { ShopRef } from "./shops.server";
import { ordersOfRedactedCustomersScrub } from "./store-copy.server";
import { type RawStatement, runStatements, upsertRows } from "./upsert.server";

/**
 * Personal data removal and export, for customers/delete, customers/redact and customers/data_request.
 * The customer row stays as a tombstone (its orders still count in the shop's totals) but nothing that
 * identifies the person remains.
 */
const ERASED_CUSTOMER_FIELDS = {
  firstName: null,
  lastName: null,
  email: null,
  phone: null,
  locale: null,
  birthDate: null,
  city: null,
  tags: "",
} as const;

export async function eraseCustomer(
  client: Db,
  shop: ShopRef,
  customerId: bigint,
  at: Date,
  orderIds: bigint[] = [],
  /** identifiers Shopify sent with the request (the customer row may already be blank or gone) */
  known: { email?: string | null; phone?: string | null } = {},
): Promise<void> {
  const seen: { email?: string | null; phone?: string | null } = {};
  await client.$transaction(async (tx) => {
    const existing = await tx.customer.findUnique({
      where: { shopId_id: { shopId: shop.id, id: customerId } },
      select: { id: true, email: true, phone: true },
    });
    const identifiers = [existing?.email, existing?.phone, known.email, known.phone].filter(
      (value): value is string => typeof value === "string" && value.length >= 5,
    );
    seen.email = existing?.email ?? known.email;
    seen.phone = existing?.phone ?? known.phone;
    if (existing) {
      await tx.customer.update({
        where: { shopId_id: { shopId: shop.id, id: customerId } },
        data: { ...ERASED_CUSTOMER_FIELDS, deletedAt: at },
      });
    } else {
      // A tombstone, so a late create/update delivery cannot bring the person back.
      await tx.customer.create({
        data: { shopId: shop.id, id: customerId, deletedAt: at, shopifyCreatedAt: at, shopifyUpdatedAt: at },
      });
    }
    // The tombstones every later order write honours (store-copy), keyed by id: no personal data in them.
    await upsertRows(tx as Db, { table: "RedactedCustomer", key: ["shopId", "customerId"], update: [] }, [
      { shopId: shop.id, customerId, redactedAt: at },
    ]);
    await runStatements(tx as Db, [
      {
        sql:
          `INSERT INTO "RedactedOrder" ("shopId", "orderId", "customerId", "redactedAt") ` +
          `SELECT "shopId", "id", "customerId", ? FROM "Order" WHERE "shopId" = ? AND "customerId" = ? ON CONFLICT DO NOTHING`,
        params: [at, shop.id, customerId],
      },
    ]);
    await upsertRows(
      tx as Db,
      { table: "RedactedOrder", key: ["shopId", "orderId"], update: [] },
      orderIds.map((orderId) => ({ shopId: shop.id, orderId, customerId, redactedAt: at })),
    );
    await runStatements(tx as Db, ordersOfRedactedCustomersScrub(shop));
    // What the merchant wrote about the person, and exports already handed over, go too.
    await tx.customerNote.deleteMany({ where: { shopId: shop.id, customerId } });
    await tx.dataExport.deleteMany({ where: { shopId: shop.id, customerId } });
    // Journey messages lose the address and subject; the person's journeys end (decision 020).
    await eraseJourneyPersonalData(tx as Db, shop, customerId, at);
    // Their LINE link, link codes and the LINE webhook events of their LINE user (decision 025).
    await eraseLineDataOfCustomer(tx as Db, shop, customerId);
    // Flow: the signals last evaluated for them and triggers not yet sent (decision 026).
    await tx.customerSignalState.deleteMany({ where: { shopId: shop.id, customerId } });
    await tx.flowTriggerEvent.deleteMany({ where: { shopId: shop.id, customerId, status: { not: "sent" } } });
    // The inbox keeps raw webhook bodies for a while (payload retention): those about the person or their
    // orders, or naming their email or phone, are emptied once applied. A delivery still waiting is emptied
    // when the worker has applied it (forgetPayloadIfRedacted).
    const done = `"shopId" = ? AND "status" IN ('applied', 'parked')`;
    await runStatements(tx as Db, [
      {
        sql:
          `UPDATE "WebhookEvent" SET "payload" = ? WHERE ${done} AND "topic" IN (${CUSTOMER_TOPICS.map(() => "?").join(", ")}) ` +
          `AND "resourceId" = ?`,
        params: [REDACTED_PAYLOAD, shop.id, ...CUSTOMER_TOPICS, customerId],
      },
      {
        sql:
          `UPDATE "WebhookEvent" SET "payload" = ? WHERE ${done} AND "topic" IN (${ORDER_TOPICS.map(() => "?").join(", ")}) ` +
          `AND "resourceId" IN (SELECT "orderId" FROM "RedactedOrder" WHERE "shopId" = ? AND "customerId" = ?)`,
        params: [REDACTED_PAYLOAD, shop.id, ...ORDER_TOPICS, shop.id, customerId],
      },
    ]);
    for (const identifier of [...new Set(identifiers)]) {
      await tx.webhookEvent.updateMany({
        where: { shopId: shop.id, status: { in: ["applied", "parked"] }, payload: { contains: identifier } },
        data: { payload: REDACTED_PAYLOAD },
      });
    }
  });
  // The same person's past orders from the previous shop system, kept as a historical-only customer (decision 029).
  if (customerId > 0n) {
    const email = normaliseEmail(seen.email);
    const phone = normalisePhone(seen.phone);
    const historical = await historicalCustomersWith(client, shop, {
      emails: email ? [email] : [],
      phones: phone ? [phone] : [],
    });
    for (const id of historical) await eraseCustomer(client, shop, id, at);
  }
}

/** Topics whose resource is a customer, and topics whose resource is an order (WebhookEvent.resourceId). */
const CUSTOMER_TOPICS = [
  "customers/create",
  "customers/update",
  "customers/delete",
  "customers/redact",
  "customers/data_request",
];
const ORDER_TOPICS = ["orders/create", "orders/updated", "orders/cancelled", "refunds/create"];

export const REDACTED_PAYLOAD = JSON.stringify({ redacted: true });

/**
 * Empties every applied or parked body of the shop about a redacted customer or one of their orders: the daily
 * purge runs it, so a delivery that was parked instead of applied loses the person's data too.
 */
export function payloadsOfRedactedCustomersScrub(shop: ShopRef): RawStatement[] {
  const list = (topics: string[]) => topics.map(() => "?").join(", ");
  return [
    {
      sql:
        `UPDATE "WebhookEvent" SET "payload" = ? WHERE "shopId" = ? AND "status" IN ('applied', 'parked') AND "payload" <> ? AND (` +
        `("topic" IN (${list(CUSTOMER_TOPICS)}) AND "resourceId" IN (SELECT "customerId" FROM "RedactedCustomer" WHERE "shopId" = ?)) OR ` +
        `("topic" IN (${list(ORDER_TOPICS)}) AND "resourceId" IN (SELECT "orderId" FROM "RedactedOrder" WHERE "shopId" = ?)))`,
      params: [REDACTED_PAYLOAD, shop.id, REDACTED_PAYLOAD, ...CUSTOMER_TOPICS, shop.id, ...ORDER_TOPICS, shop.id],
    },
  ];
}

/**
 * After the worker applied a delivery: when it is about a redacted customer or one of their orders (a late or
 * retried delivery, or the customers/redact request itself), its stored body is emptied, so no payload keeps
 * the person's data. Returns whether it was.
 */
export async function forgetPayloadIfRedacted(
  client: Db,
  shop: ShopRef,
  eventId: number,
  about: { customerId?: bigint | null; orderId?: bigint | null },
): Promise<boolean> {
  const [customer, order] = await Promise.all([
    about.customerId == null
      ? null
      : client.redactedCustomer.findUnique({
          where: { shopId_customerId: { shopId: shop.id, customerId: about.customerId } },
          select: { customerId: true },
        }),
    about.orderId == null
      ? null
      : client.redactedOrder.findUnique({
          where: { shopId_orderId: { shopId: shop.id, orderId: about.orderId } },
          select: { orderId: true },
        }),
  ]);
  if (!customer && !order) return false;
  await client.webhookEvent.updateMany({ where: { id: eventId, shopId: shop.id }, data: { payload: REDACTED_PAYLOAD } });
  return true;
}

/** Everything Kizuna holds about one customer, as the merchant can hand it over. */
export async function exportCustomerData(client: Db, shop: ShopRef, customerId: bigint): Promise<Record<string, unknown>> {
  const [customer, orders] = await Promise.all([
    client.customer.findUnique({ where: { shopId_id: { shopId: shop.id, id: customerId } } }),
    client.order.findMany({ where: { shopId: shop.id, customerId }, orderBy: { processedAt: "asc" } }),
  ]);
  const orderIds = orders.map((order) => order.id);
  const [lineItems, refunds, notes, points] = await Promise.all([
    // chunked: a customer's order ids must not grow one IN list (docs/decisions/009)
    findInChunks(orderIds, (ids) => client.lineItem.findMany({ where: { shopId: shop.id, orderId: { in: ids } } })),
    findInChunks(orderIds, (ids) => client.refund.findMany({ where: { shopId: shop.id, orderId: { in: ids } } })),
    client.customerNote.findMany({ where: { shopId: shop.id, customerId }, orderBy: { createdAt: "asc" } }),
    client.pointsEntry.findMany({ where: { shopId: shop.id, customerId }, orderBy: { occurredAt: "asc" } }),
  ]);
  const plain = (value: unknown) => JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v)));
  const { shopId: _shopId, ...customerFields } = customer ?? { shopId: 0 };
  return plain({
    shop: shop.domain,
    customerId: customerId.toString(),
    customer: customer ? customerFields : null,
    orders: orders.map(({ shopId: _s, ...order }) => ({
      ...order,
      lineItems: lineItems.filter((li) => li.orderId === order.id).map(({ shopId: _x, ...li }) => li),
      refunds: refunds.filter((refund) => refund.orderId === order.id).map(({ shopId: _y, ...refund }) => refund),
    })),
    notes: notes.map(({ shopId: _n, ...note }) => note),
    pointsLedger: points.map(({ shopId: _p, ...entry }) => entry),
  });
}

export async function saveDataExport(
  client: Db,
  shop: ShopRef,
  customerId: bigint,
  requestId: string | null,
  content: Record<string, unknown>,
): Promise<number> {
  const saved = await client.dataExport.create({
    data: { shopId: shop.id, customerId, requestId, content: JSON.stringify(content, null, 2) },
    select: { id: true },
  });
  return saved.id;
}

/**
 * shop/redact: 48 hours after uninstall Shopify asks for everything of the shop to be removed. The shop row
 * goes and, with it, every row of the shop in every table (each references Shop with ON DELETE CASCADE, so a
 * table added later is covered too). A tombstone with the same domain takes its place, "erased", with no data,
 * settings or sessions: deliveries still on their way are dropped (not installed) and a reinstall starts from
 * scratch. The tombstone gets a new id, so a job of the old shop still running somewhere cannot write into it
 * (its writes fail on the foreign key); the job running this erasure is detached (no shop) and finishes.
 */
export async function eraseShop(client: Db, shop: ShopRef): Promise<{ tombstoneId: number }> {
  return client.$transaction(async (tx) => {
    await tx.session.deleteMany({ where: { shop: shop.domain } });
    await tx.job.updateMany({ where: { shopId: shop.id, status: "running" }, data: { shopId: null } });
    await tx.shop.delete({ where: { id: shop.id } });
    const tombstone = await tx.shop.create({
      data: { domain: shop.domain, installState: "erased", uninstalledAt: new Date() },
      select: { id: true },
    });
    return { tombstoneId: tombstone.id };
  });
}
