import type { StoredCustomerFields } from "../domain/pushback/echo";
import type { CustomerRecord, LineItemRecord, OrderRecord, RefundRecord } from "../domain/store-records";
import type { Db } from "./client.server";
import type { ShopRef } from "./shops.server";
import {
  type Cell,
  epochMs,
  type RawStatement,
  runStatements,
  type SqlProgram,
  type SqlRow,
  type UpsertBatch,
  upsertRows,
  upsertSteps,
} from "./upsert.server";
import { inChunks } from "./in-chunks";

/**
 * Kizuna's copy of a shop's customers and orders. Every write is scoped by shop and versioned: a record
 * carries Shopify's updated_at, and an older version never overwrites a newer one, whatever order the
 * backfill, webhooks and reconciliation deliver them in. Deleted customers stay deleted, and the orders of a
 * redacted customer never get the buyer's contact details back (decision 008).
 *
 * Shopify's updated_at has whole seconds, and one change often sends several webhooks with the same one. A
 * tie is decided by X-Shopify-Triggered-At (stored as `triggeredAt`; a version read from the Admin API has
 * none and ranks below any webhook of the same second), and state that never un-happens is merged whichever
 * copy wins: a cancellation stays, the refunded total and the financial status only move forward.
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
  "triggeredAt",
  "syncedAt",
] as const;

const ORDER_COLUMNS = [
  "name",
  "customerId",
  "email",
  "shopifyCreatedAt",
  "processedAt",
  "shopifyUpdatedAt",
  "triggeredAt",
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

/** Which delivery wrote a version: a webhook's X-Shopify-Triggered-At, or null for an Admin API read. */
export interface VersionSource {
  triggeredAt: Date | null;
}

const FROM_ADMIN_API: VersionSource = { triggeredAt: null };

function row(shop: ShopRef, record: object, now: Date, source: VersionSource): Record<string, Cell> {
  const cells: Record<string, Cell> = { shopId: shop.id };
  for (const [column, value] of Object.entries(record)) {
    if (value !== undefined) cells[column] = value as Cell;
  }
  cells.triggeredAt = source.triggeredAt;
  cells.syncedAt = now;
  return cells;
}

type Side = "excluded" | "current";

/**
 * The SET expressions of a versioned upsert. `excluded` is the incoming copy, the table's own row the stored
 * one. A newer updated_at takes every column; an equal one lets the later triggeredAt take the ordinary
 * columns, and `merge` says how a column that never un-happens combines the winner with the loser.
 */
function versionedUpdate(
  table: string,
  columns: readonly string[],
  merge: Record<string, (winner: (column: string) => string, loser: (column: string) => string) => string> = {},
): { when: string; updateExpressions: Record<string, string> } {
  // The same few shapes are asked for on every write: build each once (a batch of thousands asks thousands of times).
  const key = `${table}|${columns.join(",")}|${Object.keys(merge).join(",")}`;
  const cached = versionedUpdates.get(key);
  if (cached) return { when: cached.when, updateExpressions: { ...cached.updateExpressions } };
  const built = buildVersionedUpdate(table, columns, merge);
  versionedUpdates.set(key, built);
  return { when: built.when, updateExpressions: { ...built.updateExpressions } };
}

const versionedUpdates = new Map<string, { when: string; updateExpressions: Record<string, string> }>();

function buildVersionedUpdate(
  table: string,
  columns: readonly string[],
  merge: Record<string, (winner: (column: string) => string, loser: (column: string) => string) => string>,
): { when: string; updateExpressions: Record<string, string> } {
  const of = (side: Side) => (column: string) => (side === "excluded" ? `excluded."${column}"` : `"${table}"."${column}"`);
  const incoming = of("excluded");
  const stored = of("current");
  const newer = `${incoming("shopifyUpdatedAt")} > ${stored("shopifyUpdatedAt")}`;
  const winsTie =
    `${incoming("shopifyUpdatedAt")} = ${stored("shopifyUpdatedAt")} AND ` +
    `(${stored("triggeredAt")} IS NULL OR ${incoming("triggeredAt")} >= ${stored("triggeredAt")})`;
  const updateExpressions: Record<string, string> = {};
  for (const column of columns) {
    const combine = merge[column];
    updateExpressions[column] = combine
      ? `CASE WHEN ${newer} THEN ${incoming(column)} WHEN ${winsTie} THEN ${combine(incoming, stored)} ELSE ${combine(stored, incoming)} END`
      : `CASE WHEN ${newer} OR (${winsTie}) THEN ${incoming(column)} ELSE ${stored(column)} END`;
  }
  // syncedAt says when Kizuna last heard of the record, whichever copy won.
  if (columns.includes("syncedAt")) updateExpressions.syncedAt = incoming("syncedAt");
  return { when: `${incoming("shopifyUpdatedAt")} >= ${stored("shopifyUpdatedAt")}`, updateExpressions };
}

// Financial statuses in the order an order moves through them; within one version the furthest one is kept.
const FINANCIAL_PROGRESS = ["PENDING", "AUTHORIZED", "PARTIALLY_PAID", "PAID", "PARTIALLY_REFUNDED", "REFUNDED"];
const financialRank = (expression: string) =>
  `(CASE ${expression} ${FINANCIAL_PROGRESS.map((status, rank) => `WHEN '${status}' THEN ${rank + 1}`).join(" ")} WHEN 'VOIDED' THEN ${FINANCIAL_PROGRESS.length} ELSE 0 END)`;

/** Order state that never un-happens within one version: a cancellation, a refund, payment progress. */
const ORDER_MERGE: Parameters<typeof versionedUpdate>[2] = {
  cancelledAt: (winner, loser) => `COALESCE(${winner("cancelledAt")}, ${loser("cancelledAt")})`,
  cancelReason: (winner, loser) =>
    `CASE WHEN ${winner("cancelledAt")} IS NOT NULL OR ${loser("cancelledAt")} IS NULL THEN ${winner("cancelReason")} ELSE ${loser("cancelReason")} END`,
  totalRefundedMinor: (winner, loser) =>
    `CASE WHEN ${loser("totalRefundedMinor")} > ${winner("totalRefundedMinor")} THEN ${loser("totalRefundedMinor")} ELSE ${winner("totalRefundedMinor")} END`,
  financialStatus: (winner, loser) =>
    `CASE WHEN ${financialRank(loser("financialStatus"))} > ${financialRank(winner("financialStatus"))} THEN ${loser("financialStatus")} ELSE ${winner("financialStatus")} END`,
};

/** The write of customer records, versioned and never touching deleted customers. */
export function customerBatch(
  shop: ShopRef,
  records: CustomerRecord[],
  now = new Date(),
  source: VersionSource = FROM_ADMIN_API,
): UpsertBatch {
  const rows = records.map((record) => row(shop, record, now, source));
  const present = new Set(rows.length ? Object.keys(rows[0]) : []);
  const update = CUSTOMER_COLUMNS.filter((column) => present.has(column));
  const versioned = versionedUpdate("Customer", update);
  // Shopify's facts.birth_date is one source of a birth date; the merchant (customer page) and the customer
  // (storefront) are others. A copy without one keeps the date Kizuna has; a copy with one wins.
  if (update.includes("birthDate")) {
    versioned.updateExpressions.birthDate = `COALESCE(excluded."birthDate", "Customer"."birthDate")`;
  }
  return {
    spec: {
      table: "Customer",
      key: ["shopId", "id"],
      update,
      updateExpressions: versioned.updateExpressions,
      when: `${versioned.when} AND "Customer"."deletedAt" IS NULL`,
    },
    rows,
  };
}

export function orderBatch(
  shop: ShopRef,
  records: OrderRecord[],
  now = new Date(),
  source: VersionSource = FROM_ADMIN_API,
): UpsertBatch {
  const versioned = versionedUpdate("Order", ORDER_COLUMNS, ORDER_MERGE);
  return {
    spec: {
      table: "Order",
      key: ["shopId", "id"],
      update: [...ORDER_COLUMNS],
      updateExpressions: versioned.updateExpressions,
      when: versioned.when,
    },
    rows: records.map((record) => row(shop, record, now, source)),
    // Whatever a source sends, the orders of a redacted customer keep no contact details.
    afterRows: ordersOfRedactedCustomersScrub(shop),
  };
}

/**
 * Blanks the buyer's contact details on the shop's orders that belong to a redacted customer or were named in a
 * redaction. Driven by the (few) tombstones through their keys, so it costs the same whatever the shop's size.
 */
export function ordersOfRedactedCustomersScrub(shop: ShopRef): RawStatement[] {
  const blank = `UPDATE "Order" SET "email" = NULL, "shippingProvinceCode" = NULL`;
  const personal = `("email" IS NOT NULL OR "shippingProvinceCode" IS NOT NULL)`;
  return [
    {
      sql: `${blank} WHERE "shopId" = ? AND ${personal} AND "customerId" IN (SELECT "customerId" FROM "RedactedCustomer" WHERE "shopId" = ?)`,
      params: [shop.id, shop.id],
    },
    {
      sql: `${blank} WHERE "shopId" = ? AND ${personal} AND "id" IN (SELECT "orderId" FROM "RedactedOrder" WHERE "shopId" = ?)`,
      params: [shop.id, shop.id],
    },
  ];
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

export async function upsertCustomers(
  client: Db,
  shop: ShopRef,
  records: CustomerRecord[],
  now = new Date(),
  source: VersionSource = FROM_ADMIN_API,
): Promise<number> {
  const batch = customerBatch(shop, records, now, source);
  return upsertRows(client, batch.spec, batch.rows);
}

/** Writes orders and then blanks what a redaction forbids; run it inside a transaction (applyOrderVersion does). */
export async function upsertOrders(
  client: Db,
  shop: ShopRef,
  records: OrderRecord[],
  now = new Date(),
  source: VersionSource = FROM_ADMIN_API,
): Promise<number> {
  const batch = orderBatch(shop, records, now, source);
  const written = await upsertRows(client, batch.spec, batch.rows);
  await runStatements(client, batch.afterRows ?? []);
  return written;
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
 * is not older than what is stored. Returns false when a newer version was already there. A copy of the same
 * version that loses the tie still adds what never un-happens (its cancellation, its refunds) but not its
 * line items.
 */
export async function applyOrderVersion(
  client: Db,
  shop: ShopRef,
  order: OrderRecord,
  lineItems: LineItemRecord[] | null,
  refunds: RefundRecord[],
  source: VersionSource = FROM_ADMIN_API,
): Promise<boolean> {
  return client.$transaction(async (tx) => {
    const written = await upsertOrders(tx as Db, shop, [order], new Date(), source);
    if (written === 0) return false;
    // The row is locked by this transaction now: it holds this copy's version exactly when this copy won.
    const version = await tx.order.findUniqueOrThrow({
      where: { shopId_id: { shopId: shop.id, id: order.id } },
      select: { shopifyUpdatedAt: true, triggeredAt: true },
    });
    const won =
      version.shopifyUpdatedAt.getTime() === order.shopifyUpdatedAt.getTime() &&
      (version.triggeredAt?.getTime() ?? null) === (source.triggeredAt?.getTime() ?? null);
    if (lineItems && won) {
      // Lines the new version no longer has go; found by reading the order's lines rather than a NOT IN
      // list, which would grow with the order past the database's parameter limit (docs/decisions/009).
      const kept = new Set(lineItems.map((li) => li.id));
      const stored = await tx.lineItem.findMany({ where: { shopId: shop.id, orderId: order.id }, select: { id: true } });
      const removed = stored.map((row) => row.id).filter((id) => !kept.has(id));
      for (const ids of inChunks(removed)) {
        await tx.lineItem.deleteMany({ where: { shopId: shop.id, orderId: order.id, id: { in: ids } } });
      }
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

/** A customer's stored fields, to tell an echo of Kizuna's own push from a change (domain/pushback/echo). */
export async function storedCustomerFields(client: Db, shop: ShopRef, customerId: bigint): Promise<StoredCustomerFields | null> {
  return client.customer.findUnique({
    where: { shopId_id: { shopId: shop.id, id: customerId } },
    select: {
      firstName: true,
      lastName: true,
      email: true,
      phone: true,
      locale: true,
      state: true,
      tags: true,
      emailMarketing: true,
      smsMarketing: true,
      birthDate: true,
      city: true,
      provinceCode: true,
      countryCode: true,
      shopifyCreatedAt: true,
    },
  });
}

// ------------------------------------------------------------------------------------------ batches

/** One delivery's version of a record, with the X-Shopify-Triggered-At that ranks it (decision 008). */
export interface Versioned<T> {
  record: T;
  source: VersionSource;
}

export interface OrderVersion {
  order: OrderRecord;
  lineItems: LineItemRecord[] | null;
  refunds: RefundRecord[];
  source: VersionSource;
}

export interface StoreChanges {
  customers: Versioned<CustomerRecord>[];
  /** at most one version per order id */
  orders: OrderVersion[];
  /** refunds arriving on their own (refunds/create) */
  refunds: RefundRecord[];
}

export interface StoreChangesResult {
  /** orders whose version was written (not older than the stored one): their points and journeys follow */
  writtenOrders: Set<bigint>;
}

const LINE_ITEM_UPDATE = [
  "productId",
  "variantId",
  "title",
  "variantTitle",
  "sku",
  "quantity",
  "originalUnitPriceMinor",
  "discountedTotalMinor",
  "totalDiscountMinor",
];

/** Rows of one table that share their columns go into one multi-row statement. */
function groupedByShape(batches: UpsertBatch[]): UpsertBatch[] {
  const groups = new Map<string, UpsertBatch>();
  for (const batch of batches) {
    if (batch.rows.length === 0) continue;
    const { spec } = batch;
    const key = `${spec.table}|${spec.update.join(",")}|${spec.when ?? ""}|${Object.keys(batch.rows[0]).join(",")}`;
    const group = groups.get(key);
    if (group) group.rows.push(...batch.rows);
    else groups.set(key, { ...batch, rows: [...batch.rows] });
  }
  return [...groups.values()];
}

const placeholders = (count: number) => Array.from({ length: count }, () => "?").join(", ");

/**
 * The batch form of `upsertCustomers`, `applyOrderVersion` and `applyRefund` for many distinct records at once,
 * as one SQL program (run it with `runSqlProgram`, one transaction): the same versioned upserts and merges,
 * a handful of multi-row statements instead of a dozen queries per record. Orders must be distinct; a caller
 * with two versions of one order applies them in two programs, in order.
 */
export function* storeChangesProgram(
  dialect: "sqlite" | "postgresql",
  shop: ShopRef,
  changes: StoreChanges,
  now = new Date(),
): SqlProgram<StoreChangesResult> {
  for (const batch of groupedByShape(changes.customers.map(({ record, source }) => customerBatch(shop, [record], now, source)))) {
    yield* upsertSteps(dialect, batch.spec, batch.rows);
  }

  const writtenOrders = new Set<bigint>();
  const wonOrders: OrderVersion[] = [];
  if (changes.orders.length > 0) {
    const batches = changes.orders.map(({ order, source }) => orderBatch(shop, [order], now, source));
    const byId = new Map(changes.orders.map((version) => [version.order.id, version]));
    for (const batch of groupedByShape(batches)) {
      const returned = yield* upsertSteps(dialect, batch.spec, batch.rows, ["id", "shopifyUpdatedAt", "triggeredAt"]);
      for (const row of returned) {
        const id = BigInt(row.id as bigint | number | string);
        const version = byId.get(id);
        if (!version) continue;
        writtenOrders.add(id);
        // The stored row holds this copy's version exactly when this copy won (the update just wrote it).
        const won =
          epochMs(row.shopifyUpdatedAt) === version.order.shopifyUpdatedAt.getTime() &&
          epochMs(row.triggeredAt) === (version.source.triggeredAt?.getTime() ?? null);
        if (won) wonOrders.push(version);
      }
    }
    for (const statement of ordersOfRedactedCustomersScrub(shop)) yield statement;
  }

  // Lines the new versions no longer have go (read, then deleted by id in bounded lists: decision 009).
  const withLines = wonOrders.filter((version) => version.lineItems !== null);
  if (withLines.length > 0) {
    const kept = new Set(withLines.flatMap((version) => (version.lineItems ?? []).map((line) => line.id)));
    const removed: bigint[] = [];
    for (const ids of inChunks(withLines.map((version) => version.order.id))) {
      const stored = yield {
        sql: `SELECT "id" FROM "LineItem" WHERE "shopId" = ? AND "orderId" IN (${placeholders(ids.length)})`,
        params: [shop.id, ...ids],
      };
      for (const row of stored as SqlRow[]) {
        const id = BigInt(row.id as bigint | number | string);
        if (!kept.has(id)) removed.push(id);
      }
    }
    for (const ids of inChunks(removed)) {
      yield {
        sql: `DELETE FROM "LineItem" WHERE "shopId" = ? AND "id" IN (${placeholders(ids.length)})`,
        params: [shop.id, ...ids],
      };
    }
    const lineRows = withLines.flatMap((version) => (version.lineItems ?? []).map((record) => ({ shopId: shop.id, ...record })));
    yield* upsertSteps(dialect, { table: "LineItem", key: ["shopId", "id"], update: LINE_ITEM_UPDATE }, lineRows);
  }

  // A losing copy of the same version still adds its refunds; an older copy (not written) adds nothing.
  const refunds = [
    ...changes.orders.filter((version) => writtenOrders.has(version.order.id)).flatMap((version) => version.refunds),
    ...changes.refunds,
  ];
  for (const batch of groupedByShape(refundBatches(shop, refunds))) yield* upsertSteps(dialect, batch.spec, batch.rows);

  // The refunded total is never below the order's stored refunds (a refund may arrive before its order).
  const touched = [...new Set([...writtenOrders, ...changes.refunds.map((refund) => refund.orderId)])];
  const refundedSum = `(SELECT SUM("totalMinor") FROM "Refund" WHERE "Refund"."shopId" = "Order"."shopId" AND "Refund"."orderId" = "Order"."id")`;
  for (const ids of inChunks(touched)) {
    yield {
      sql:
        `UPDATE "Order" SET "totalRefundedMinor" = ${refundedSum} ` +
        `WHERE "shopId" = ? AND "id" IN (${placeholders(ids.length)}) AND "totalRefundedMinor" < ${refundedSum}`,
      params: [shop.id, ...ids],
    };
  }
  return { writtenOrders };
}
