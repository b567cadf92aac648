import type { CustomerRecord, LineItemRecord, OrderRecord, RefundRecord } from "../sync/records";
import type { Db } from "./client.server";
import type { ShopRef } from "./shops.server";
import { type Cell, type UpsertBatch, upsertRows } from "./upsert.server";

/**
 * Kizuna's copy of a shop's customers and orders. Every write is scoped by shop and versioned: a record
 * carries Shopify's updated_at, and an older version never overwrites a newer one, whatever order the
 * backfill, webhooks and reconciliation deliver them in. Deleted customers stay deleted.
 */
const CUSTOMER_COLUMNS = [
  "firstName",
  "lastName",
  "email",
  "phone",
  "locale",
  "state",
  "tags",
  "emailMarketing",
  "smsMarketing",
  "birthDate",
  "city",
  "provinceCode",
  "countryCode",
  "shopifyCreatedAt",
  "shopifyUpdatedAt",
  "syncedAt",
] as const;

const ORDER_COLUMNS = [
  "name",
  "customerId",
  "email",
  "shopifyCreatedAt",
  "processedAt",
  "shopifyUpdatedAt",
  "cancelledAt",
  "cancelReason",
  "currency",
  "presentmentCurrency",
  "financialStatus",
  "sourceName",
  "tags",
  "discountCodes",
  "subtotalMinor",
  "totalDiscountsMinor",
  "totalShippingMinor",
  "totalTaxMinor",
  "totalMinor",
  "totalRefundedMinor",
  "presentmentTotalMinor",
  "shippingProvinceCode",
  "shippingCountryCode",
  "test",
  "syncedAt",
] as const;

function row(shop: ShopRef, record: object, now: Date): Record<string, Cell> {
  const cells: Record<string, Cell> = { shopId: shop.id };
  for (const [column, value] of Object.entries(record)) {
    if (value !== undefined) cells[column] = value as Cell;
  }
  cells.syncedAt = now;
  return cells;
}

/** The write of customer records, versioned and never touching deleted customers. */
export function customerBatch(shop: ShopRef, records: CustomerRecord[], now = new Date()): UpsertBatch {
  const rows = records.map((record) => row(shop, record, now));
  const present = new Set(rows.length ? Object.keys(rows[0]) : []);
  return {
    spec: {
      table: "Customer",
      key: ["shopId", "id"],
      update: CUSTOMER_COLUMNS.filter((column) => present.has(column)),
      when: `excluded."shopifyUpdatedAt" >= "Customer"."shopifyUpdatedAt" AND "Customer"."deletedAt" IS NULL`,
    },
    rows,
  };
}

export function orderBatch(shop: ShopRef, records: OrderRecord[], now = new Date()): UpsertBatch {
  return {
    spec: {
      table: "Order",
      key: ["shopId", "id"],
      update: [...ORDER_COLUMNS],
      when: `excluded."shopifyUpdatedAt" >= "Order"."shopifyUpdatedAt"`,
    },
    rows: records.map((record) => row(shop, record, now)),
  };
}

/** Line items of a bulk export: an existing row (from a webhook, possibly newer) is kept. */
export function lineItemInsertBatch(shop: ShopRef, records: LineItemRecord[]): UpsertBatch {
  return {
    spec: { table: "LineItem", key: ["shopId", "id"], update: [] },
    rows: records.map((record) => ({ shopId: shop.id, ...record })),
  };
}

/** Refunds never change once made; a later source may only add the refund's lines when the first did not have them. */
export function refundBatches(shop: ShopRef, records: RefundRecord[]): UpsertBatch[] {
  const toRows = (list: RefundRecord[]) => list.map((record) => ({ shopId: shop.id, ...withoutUndefined(record) }));
  return [
    {
      spec: { table: "Refund", key: ["shopId", "id"], update: ["lineItems"], when: `"Refund"."lineItems" = '[]'` },
      rows: toRows(records.filter((record) => record.lineItems !== undefined)),
    },
    {
      spec: { table: "Refund", key: ["shopId", "id"], update: [] },
      rows: toRows(records.filter((record) => record.lineItems === undefined)),
    },
  ];
}

function withoutUndefined(record: object): Record<string, Cell> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Record<string, Cell>;
}

export async function upsertCustomers(client: Db, shop: ShopRef, records: CustomerRecord[], now = new Date()): Promise<number> {
  const batch = customerBatch(shop, records, now);
  return upsertRows(client, batch.spec, batch.rows);
}

export async function upsertOrders(client: Db, shop: ShopRef, records: OrderRecord[], now = new Date()): Promise<number> {
  const batch = orderBatch(shop, records, now);
  return upsertRows(client, batch.spec, batch.rows);
}

export async function insertLineItems(client: Db, shop: ShopRef, records: LineItemRecord[]): Promise<number> {
  const batch = lineItemInsertBatch(shop, records);
  return upsertRows(client, batch.spec, batch.rows);
}

export async function upsertRefunds(client: Db, shop: ShopRef, records: RefundRecord[]): Promise<number> {
  let written = 0;
  for (const batch of refundBatches(shop, records)) written += await upsertRows(client, batch.spec, batch.rows);
  return written;
}

/**
 * An order as a webhook or reconciliation delivers it, with its line items and refunds, applied only if it
 * is not older than what is stored. Returns false when a newer version was already there.
 */
export async function applyOrderVersion(
  client: Db,
  shop: ShopRef,
  order: OrderRecord,
  lineItems: LineItemRecord[] | null,
  refunds: RefundRecord[],
): Promise<boolean> {
  return client.$transaction(async (tx) => {
    const written = await upsertOrders(tx as Db, shop, [order]);
    if (written === 0) return false;
    if (lineItems) {
      await tx.lineItem.deleteMany({
        where: { shopId: shop.id, orderId: order.id, id: { notIn: lineItems.map((li) => li.id) } },
      });
      await upsertRows(
        tx as Db,
        {
          table: "LineItem",
          key: ["shopId", "id"],
          update: [
            "productId",
            "variantId",
            "title",
            "variantTitle",
            "sku",
            "quantity",
            "originalUnitPriceMinor",
            "discountedTotalMinor",
            "totalDiscountMinor",
          ],
        },
        lineItems.map((record) => ({ shopId: shop.id, ...record })),
      );
    }
    await upsertRefunds(tx as Db, shop, refunds);
    await syncRefundedTotal(tx as Db, shop, order.id);
    return true;
  });
}

/** A refund may arrive before the order version that mentions it: the refunded total is never below its refunds. */
async function syncRefundedTotal(client: Db, shop: ShopRef, orderId: bigint): Promise<void> {
  const refunds = await client.refund.aggregate({ where: { shopId: shop.id, orderId }, _sum: { totalMinor: true } });
  const refunded = refunds._sum.totalMinor ?? 0;
  await client.order.updateMany({
    where: { shopId: shop.id, id: orderId, totalRefundedMinor: { lt: refunded } },
    data: { totalRefundedMinor: refunded },
  });
}

/** A refund arriving on its own (refunds/create): store it and bring the order's refunded total up to date. */
export async function applyRefund(client: Db, shop: ShopRef, refund: RefundRecord): Promise<void> {
  await client.$transaction(async (tx) => {
    await upsertRefunds(tx as Db, shop, [refund]);
    await syncRefundedTotal(tx as Db, shop, refund.orderId);
  });
}
