import { createHash } from "node:crypto";
import type { ImportedCustomer, ImportedOrder } from "../domain/import/orders";
import type { Db } from "./client.server";
import { inChunks } from "./in-chunks";
import type { ShopRef } from "./shops.server";
import { ordersOfRedactedCustomersScrub } from "./store-copy.server";
import { type RawStatement, runStatements, type UpsertBatch, upsertBatches } from "./upsert.server";

/**
 * The history import's writes: import batches, historical-only customers and imported orders, in the same
 * Customer, Order and LineItem tables the sync writes (docs/decisions/029-history-import.md). Imported rows have
 * negative ids derived from the source system's keys, so a re-import lands on the same rows and no id can ever
 * be one of Shopify's; they are never pushed to Shopify.
 */

/** −(the first 52 bits of sha256(key)): deterministic, negative, and exact as a JavaScript number too. */
export function importedId(key: string): bigint {
  const id = BigInt(`0x${createHash("sha256").update(key).digest("hex").slice(0, 13)}`);
  return id === 0n ? -1n : -id;
}

export const importedOrderId = (sourceId: string) => importedId(`order:${sourceId}`);
export const importedLineItemId = (sourceId: string, index: number) => importedId(`line:${sourceId}:${index}`);
export const historicalCustomerId = (customer: ImportedCustomer) => importedId(`customer:${customer.key}`);

export interface BatchSummary {
  id: number;
  fileName: string;
  fileHash: string;
  preset: string;
  status: string;
  rows: number;
  ordersImported: number;
  customersMatched: number;
  customersCreated: number;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

const BATCH_SELECT = {
  id: true,
  fileName: true,
  fileHash: true,
  preset: true,
  status: true,
  rows: true,
  ordersImported: true,
  customersMatched: true,
  customersCreated: true,
  error: true,
  createdAt: true,
  finishedAt: true,
} as const;

export async function findBatchByHash(client: Db, shop: ShopRef, fileHash: string): Promise<BatchSummary | null> {
  return client.importBatch.findUnique({ where: { shopId_fileHash: { shopId: shop.id, fileHash } }, select: BATCH_SELECT });
}

export async function findBatch(client: Db, shop: ShopRef, batchId: number): Promise<BatchSummary | null> {
  return client.importBatch.findFirst({ where: { id: batchId, shopId: shop.id }, select: BATCH_SELECT });
}

export async function listBatches(client: Db, shop: ShopRef, take = 50): Promise<BatchSummary[]> {
  return client.importBatch.findMany({
    where: { shopId: shop.id },
    orderBy: { createdAt: "desc" },
    take,
    select: BATCH_SELECT,
  });
}

/** A batch for this file: a new one, or the earlier one of the same file (removed or failed) started again. */
export async function openBatch(
  client: Db,
  shop: ShopRef,
  file: { fileName: string; fileHash: string; preset: string; mapping: string },
): Promise<BatchSummary> {
  return client.importBatch.upsert({
    where: { shopId_fileHash: { shopId: shop.id, fileHash: file.fileHash } },
    create: { shopId: shop.id, ...file, status: "validating" },
    update: {
      fileName: file.fileName,
      preset: file.preset,
      mapping: file.mapping,
      status: "validating",
      rows: 0,
      ordersImported: 0,
      customersMatched: 0,
      customersCreated: 0,
      error: null,
      finishedAt: null,
    },
    select: BATCH_SELECT,
  });
}

export async function updateBatch(
  client: Db,
  shop: ShopRef,
  batchId: number,
  data: Partial<
    Pick<BatchSummary, "status" | "rows" | "ordersImported" | "customersMatched" | "customersCreated" | "error" | "finishedAt">
  >,
): Promise<void> {
  await client.importBatch.updateMany({ where: { id: batchId, shopId: shop.id }, data });
}

/** The shop's Shopify customers by normalised email and phone, to match imported buyers to. */
export interface ShopifyCustomerIndex {
  byEmail: Map<string, bigint>;
  byPhone: Map<string, bigint>;
}

/**
 * Read page by page in id order. `normalise` turns a stored email / phone into the form the import compares
 * (the same functions that read the file).
 */
export async function shopifyCustomerIndex(
  client: Db,
  shop: ShopRef,
  normalise: { email: (value: string | null) => string | null; phone: (value: string | null) => string | null },
): Promise<ShopifyCustomerIndex> {
  const byEmail = new Map<string, bigint>();
  const byPhone = new Map<string, bigint>();
  let after = 0n;
  for (;;) {
    const page = await client.customer.findMany({
      where: { shopId: shop.id, id: { gt: after }, deletedAt: null, OR: [{ email: { not: null } }, { phone: { not: null } }] },
      orderBy: { id: "asc" },
      take: 5000,
      select: { id: true, email: true, phone: true },
    });
    if (page.length === 0) break;
    for (const customer of page) {
      const email = normalise.email(customer.email);
      const phone = normalise.phone(customer.phone);
      if (email && !byEmail.has(email)) byEmail.set(email, customer.id);
      if (phone && !byPhone.has(phone)) byPhone.set(phone, customer.id);
    }
    after = page[page.length - 1].id;
  }
  return { byEmail, byPhone };
}

/** The Shopify customer an imported buyer is, if any: by email first, then by phone. */
export function matchCustomer(index: ShopifyCustomerIndex, customer: ImportedCustomer): bigint | null {
  if (customer.email) {
    const id = index.byEmail.get(customer.email);
    if (id !== undefined) return id;
  }
  if (customer.phone) {
    const id = index.byPhone.get(customer.phone);
    if (id !== undefined) return id;
  }
  return null;
}

export interface ResolvedOrder {
  order: ImportedOrder;
  customerId: bigint;
  /** a historical-only customer (no Shopify match): its row is written too */
  historical: boolean;
}

/**
 * Writes one chunk of imported orders (and their historical-only customers and line items) in one transaction.
 * Rows already there from an earlier import of the same orders are overwritten and moved to this batch.
 */
export async function writeImportChunk(
  client: Db,
  shop: ShopRef,
  batch: { id: number; currency: string; importedAt: Date },
  orders: ResolvedOrder[],
): Promise<void> {
  if (orders.length === 0) return;
  const customers = new Map<bigint, { order: ImportedOrder; firstAt: number }>();
  for (const entry of orders) {
    if (!entry.historical) continue;
    const existing = customers.get(entry.customerId);
    if (!existing || entry.order.processedAtMs < existing.firstAt) {
      customers.set(entry.customerId, { order: entry.order, firstAt: entry.order.processedAtMs });
    }
  }
  const customerRows = [...customers.entries()].map(([id, { order, firstAt }]) => ({
    shopId: shop.id,
    id,
    firstName: order.customer.firstName,
    lastName: order.customer.lastName,
    email: order.customer.email,
    phone: order.customer.phone,
    tags: "",
    shopifyCreatedAt: new Date(firstAt),
    shopifyUpdatedAt: batch.importedAt,
    syncedAt: batch.importedAt,
    importBatchId: batch.id,
  }));
  const orderRows = orders.map(({ order, customerId }) => ({
    shopId: shop.id,
    id: importedOrderId(order.sourceId),
    name: order.sourceId,
    customerId,
    email: order.customer.email,
    shopifyCreatedAt: new Date(order.processedAtMs),
    processedAt: new Date(order.processedAtMs),
    shopifyUpdatedAt: new Date(order.processedAtMs),
    currency: batch.currency,
    presentmentCurrency: batch.currency,
    financialStatus: "PAID",
    sourceName: "kizuna-import",
    tags: "",
    discountCodes: "",
    subtotalMinor: order.totalMinor,
    totalMinor: order.totalMinor,
    presentmentTotalMinor: order.totalMinor,
    test: false,
    syncedAt: batch.importedAt,
    importBatchId: batch.id,
  }));
  const lineRows = orders.flatMap(({ order }) =>
    order.lineItems.map((item, index) => ({
      shopId: shop.id,
      id: importedLineItemId(order.sourceId, index),
      orderId: importedOrderId(order.sourceId),
      title: item.title,
      quantity: item.quantity,
      originalUnitPriceMinor: item.unitPriceMinor,
      discountedTotalMinor: item.totalMinor,
    })),
  );
  const batches: UpsertBatch[] = [
    {
      spec: {
        table: "Customer",
        key: ["shopId", "id"],
        update: ["firstName", "lastName", "email", "phone", "shopifyCreatedAt", "importBatchId", "syncedAt"],
        updateExpressions: {
          shopifyCreatedAt: `CASE WHEN excluded."shopifyCreatedAt" < "Customer"."shopifyCreatedAt" THEN excluded."shopifyCreatedAt" ELSE "Customer"."shopifyCreatedAt" END`,
        },
        // a Shopify customer is never written here, and a redacted historical one stays a tombstone
        when: `"Customer"."id" < 0 AND "Customer"."deletedAt" IS NULL`,
      },
      rows: customerRows,
    },
    {
      spec: {
        table: "Order",
        key: ["shopId", "id"],
        update: Object.keys(orderRows[0]).filter((column) => column !== "shopId" && column !== "id"),
        when: `"Order"."id" < 0`,
      },
      rows: orderRows,
      // the buyer of an imported order may have been redacted already: their details stay blank
      afterRows: ordersOfRedactedCustomersScrub(shop),
    },
    {
      spec: {
        table: "LineItem",
        key: ["shopId", "id"],
        update: ["title", "quantity", "originalUnitPriceMinor", "discountedTotalMinor"],
        when: `"LineItem"."id" < 0`,
      },
      rows: lineRows,
    },
  ];
  await upsertBatches(client, batches);
}

/**
 * Removes a batch as one: its orders and their line items, its historical-only customers that no other order
 * refers to, and what Kizuna computed for them (metrics, segment history). Matched Shopify customers stay;
 * the next recompute scores them on their Shopify orders alone. Returns the orders removed.
 */
export async function removeBatchRows(
  client: Db,
  shop: ShopRef,
  batchId: number,
): Promise<{ orders: number; customers: number }> {
  const orderIds = (
    await client.order.findMany({ where: { shopId: shop.id, importBatchId: batchId }, select: { id: true } })
  ).map((order) => order.id);
  let orders = 0;
  for (const chunk of inChunks(orderIds)) {
    await client.$transaction([
      client.lineItem.deleteMany({ where: { shopId: shop.id, orderId: { in: chunk } } }),
      client.order.deleteMany({ where: { shopId: shop.id, id: { in: chunk }, importBatchId: batchId } }),
    ]);
    orders += chunk.length;
  }
  const orphans = (
    await client.customer.findMany({ where: { shopId: shop.id, importBatchId: batchId, id: { lt: 0 } }, select: { id: true } })
  ).map((customer) => customer.id);
  let customers = 0;
  for (const chunk of inChunks(orphans)) {
    const stillBuying = new Set(
      (
        await client.order.findMany({
          where: { shopId: shop.id, customerId: { in: chunk } },
          distinct: ["customerId"],
          select: { customerId: true },
        })
      ).map((order) => order.customerId),
    );
    const gone = chunk.filter((id) => !stillBuying.has(id));
    if (gone.length === 0) continue;
    const statements: RawStatement[] = ["CustomerMetrics", "SegmentChange", "CustomerPushState"].map((table) => ({
      sql: `DELETE FROM "${table}" WHERE "shopId" = ? AND "customerId" IN (${gone.map(() => "?").join(", ")})`,
      params: [shop.id, ...gone],
    }));
    await client.$transaction(async (tx) => {
      await runStatements(tx as Db, statements);
      await tx.customer.deleteMany({ where: { shopId: shop.id, id: { in: gone }, importBatchId: batchId } });
    });
    customers += gone.length;
  }
  return { orders, customers };
}

/** Historical-only customers of the shop whose email or phone is one of these (a redaction's identifiers). */
export async function historicalCustomersWith(
  client: Db,
  shop: ShopRef,
  identifiers: { emails: string[]; phones: string[] },
): Promise<bigint[]> {
  if (identifiers.emails.length === 0 && identifiers.phones.length === 0) return [];
  const rows = await client.customer.findMany({
    where: {
      shopId: shop.id,
      id: { lt: 0 },
      deletedAt: null,
      OR: [
        ...(identifiers.emails.length ? [{ email: { in: identifiers.emails } }] : []),
        ...(identifiers.phones.length ? [{ phone: { in: identifiers.phones } }] : []),
      ],
    },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}
