import type { PointsRedemption } from "@prisma/client";
import type { LedgerEntry, LedgerEntryKind, OrderForPoints, TierUpdate } from "../domain/points";
import type { Db } from "./client.server";
import { findInChunks } from "./in-chunks";
import type { ShopRef } from "./shops.server";

/*
 * The points ledger in the database. Every write goes through `writeLedger`, which in ONE transaction
 * locks the customer's account row, reads the ledger, lets the caller decide, appends what is new and
 * sets PointsAccount.balance to the sum of the ledger. The account lock serialises writers of one
 * customer, so a decision is never made on a stale ledger; the unique (shop, customer, sourceKey) index
 * is the last line of defence against a duplicate.
 */

/** A tier change is kept in the ledger table as a 0-point row so the history shows it; the domain never sees it. */
export const TIER_CHANGE_KIND = "tier_change";

const LEDGER_KINDS: ReadonlySet<string> = new Set<LedgerEntryKind>([
  "earn",
  "reverse",
  "bonus_welcome",
  "bonus_birthday",
  "adjust",
  "redeem",
  "redeem_refund",
  "expire",
]);

/** Fields of a LedgerEntry that have their own column; the rest go to `detail`. */
const COLUMN_FIELDS = new Set(["kind", "points", "sourceKey", "occurredAt", "reason", "orderId"]);

interface EntryRow {
  kind: string;
  points: number;
  sourceKey: string;
  occurredAt: Date;
  reason: string | null;
  orderId: bigint | null;
  detail: string;
}

function parseDetail(detail: string): Record<string, unknown> {
  try {
    const value = JSON.parse(detail);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function ledgerEntryFromRow(row: EntryRow): LedgerEntry {
  const entry: LedgerEntry = {
    ...(parseDetail(row.detail) as Partial<LedgerEntry>),
    kind: row.kind as LedgerEntryKind,
    points: row.points,
    sourceKey: row.sourceKey,
    occurredAt: row.occurredAt.getTime(),
  };
  if (row.reason !== null) entry.reason = row.reason;
  if (row.orderId !== null) entry.orderId = String(row.orderId);
  return entry;
}

interface NewEntryRow extends EntryRow {
  shopId: number;
  customerId: bigint;
}

function rowFromLedgerEntry(shop: ShopRef, customerId: bigint, entry: LedgerEntry): NewEntryRow {
  const detail: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(entry)) {
    if (!COLUMN_FIELDS.has(field) && value !== undefined) detail[field] = value;
  }
  return {
    shopId: shop.id,
    customerId,
    kind: entry.kind,
    points: entry.points,
    sourceKey: entry.sourceKey,
    occurredAt: new Date(entry.occurredAt),
    reason: entry.reason ?? null,
    orderId: entry.orderId && /^\d+$/.test(entry.orderId) ? BigInt(entry.orderId) : null,
    detail: JSON.stringify(detail),
  };
}

/** The customer's ledger in append order, as the domain reads it (tier-change rows left out). */
export async function loadLedger(client: Db, shop: ShopRef, customerId: bigint): Promise<LedgerEntry[]> {
  const rows = await client.pointsEntry.findMany({
    where: { shopId: shop.id, customerId, kind: { not: TIER_CHANGE_KIND } },
    orderBy: { id: "asc" },
    select: { kind: true, points: true, sourceKey: true, occurredAt: true, reason: true, orderId: true, detail: true },
  });
  return rows.filter((row) => LEDGER_KINDS.has(row.kind)).map(ledgerEntryFromRow);
}

export interface PointsHistoryRow {
  id: number;
  kind: string;
  points: number;
  sourceKey: string;
  occurredAt: Date;
  reason: string | null;
  orderId: bigint | null;
  detail: Record<string, unknown>;
}

/** The newest entries first, tier changes included (for the admin card and the storefront history). */
export async function loadHistory(
  client: Db,
  shop: ShopRef,
  customerId: bigint,
  options: { take: number; includeTierChanges?: boolean },
): Promise<PointsHistoryRow[]> {
  const rows = await client.pointsEntry.findMany({
    where: {
      shopId: shop.id,
      customerId,
      ...(options.includeTierChanges === false ? { kind: { not: TIER_CHANGE_KIND } } : {}),
    },
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: options.take,
  });
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    points: row.points,
    sourceKey: row.sourceKey,
    occurredAt: row.occurredAt,
    reason: row.reason,
    orderId: row.orderId,
    detail: parseDetail(row.detail),
  }));
}

export interface PointsAccountState {
  customerId: bigint;
  balance: number;
  tier: string | null;
  rollingSpendMinor: number;
  updatedAt: Date;
  pushedAt: Date | null;
}

export async function getPointsAccount(client: Db, shop: ShopRef, customerId: bigint): Promise<PointsAccountState | null> {
  return client.pointsAccount.findUnique({
    where: { shopId_customerId: { shopId: shop.id, customerId } },
    select: { customerId: true, balance: true, tier: true, rollingSpendMinor: true, updatedAt: true, pushedAt: true },
  });
}

export interface LedgerState {
  /** the transaction: reads and writes made with it commit or roll back with the ledger */
  tx: Db;
  ledger: readonly LedgerEntry[];
  account: PointsAccountState;
}

export interface LedgerWrite<T> {
  entries: readonly LedgerEntry[];
  tier?: TierUpdate | null;
  result: T;
}

export interface LedgerWriteOutcome<T> {
  appended: LedgerEntry[];
  balance: number;
  tierChanged: boolean;
  /** the account was created or its balance, tier or spend changed: the storefront metafields are due */
  changed: boolean;
  result: T;
}

/**
 * Reads, decides and appends for one customer in one transaction (see the top of this file). `decide`
 * may also write other rows with `state.tx` (a redemption row), which then commit together with the entries.
 */
export async function writeLedger<T>(
  client: Db,
  shop: ShopRef,
  customerId: bigint,
  decide: (state: LedgerState) => Promise<LedgerWrite<T>> | LedgerWrite<T>,
): Promise<LedgerWriteOutcome<T>> {
  return client.$transaction(
    async (transaction) => {
      const tx = transaction as Db;
      const key = { shopId_customerId: { shopId: shop.id, customerId } };
      // A no-op UPDATE takes the row lock that serialises this customer's writers (raw, so updatedAt — the
      // "changed since pushed" version — is left alone).
      const locked =
        await tx.$executeRaw`UPDATE "PointsAccount" SET "balance" = "balance" WHERE "shopId" = ${shop.id} AND "customerId" = ${customerId}`;
      if (locked === 0) await tx.pointsAccount.upsert({ where: key, create: { shopId: shop.id, customerId }, update: {} });
      const account = await tx.pointsAccount.findUniqueOrThrow({
        where: key,
        select: { customerId: true, balance: true, tier: true, rollingSpendMinor: true, updatedAt: true, pushedAt: true },
      });
      const ledger = await loadLedger(tx, shop, customerId);
      const write = await decide({ tx, ledger, account });

      const seen = new Set(ledger.map((entry) => entry.sourceKey));
      const appended: LedgerEntry[] = [];
      for (const entry of write.entries) {
        if (seen.has(entry.sourceKey)) continue;
        seen.add(entry.sourceKey);
        appended.push(entry);
      }
      const rows: NewEntryRow[] = appended.map((entry) => rowFromLedgerEntry(shop, customerId, entry));

      let tierChanged = false;
      const tier = write.tier;
      if (tier?.change) {
        tierChanged = true;
        const day = new Date(tier.at).toISOString().slice(0, 10);
        const sourceKey = `tier:${day}:${tier.change.from ?? "none"}>${tier.change.to}`;
        const exists = await tx.pointsEntry.findUnique({
          where: { shopId_customerId_sourceKey: { shopId: shop.id, customerId, sourceKey } },
          select: { id: true },
        });
        if (!exists) {
          rows.push({
            shopId: shop.id,
            customerId,
            kind: TIER_CHANGE_KIND,
            points: 0,
            sourceKey,
            occurredAt: new Date(tier.at),
            reason: null,
            orderId: null,
            detail: JSON.stringify(tier.change),
          });
        }
      }
      if (rows.length > 0) await tx.pointsEntry.createMany({ data: rows });

      const sum = await tx.pointsEntry.aggregate({ where: { shopId: shop.id, customerId }, _sum: { points: true } });
      const balance = sum._sum.points ?? 0;
      const tierData = tier ? { tier: tier.tierId, rollingSpendMinor: tier.rollingSpendMinor } : {};
      const changed =
        rows.length > 0 ||
        balance !== account.balance ||
        (tier !== undefined &&
          tier !== null &&
          (tier.tierId !== account.tier || tier.rollingSpendMinor !== account.rollingSpendMinor));
      if (changed) await tx.pointsAccount.update({ where: key, data: { balance, ...tierData } });
      return { appended, balance, tierChanged, changed: changed || locked === 0, result: write.result };
    },
    { timeout: 20_000, maxWait: 20_000 },
  );
}

// ------------------------------------------------------------------------------------------ accounts

/** Members of the program, a page at a time, in customer id order. */
export async function listPointsAccounts(
  client: Db,
  shop: ShopRef,
  options: { afterCustomerId?: bigint | null; take: number },
): Promise<PointsAccountState[]> {
  return client.pointsAccount.findMany({
    where: { shopId: shop.id, ...(options.afterCustomerId != null ? { customerId: { gt: options.afterCustomerId } } : {}) },
    orderBy: { customerId: "asc" },
    take: options.take,
    select: { customerId: true, balance: true, tier: true, rollingSpendMinor: true, updatedAt: true, pushedAt: true },
  });
}

export interface PointsProgramTotals {
  members: number;
  outstandingPoints: number;
  /** members by tier id (null: not placed in a tier yet) */
  tiers: { tier: string | null; members: number }[];
}

export async function pointsProgramTotals(client: Db, shop: ShopRef): Promise<PointsProgramTotals> {
  const [totals, tiers] = await Promise.all([
    client.pointsAccount.aggregate({ where: { shopId: shop.id }, _count: { _all: true }, _sum: { balance: true } }),
    client.pointsAccount.groupBy({ by: ["tier"], where: { shopId: shop.id }, _count: { _all: true } }),
  ]);
  return {
    members: totals._count._all,
    outstandingPoints: totals._sum.balance ?? 0,
    tiers: tiers.map((row) => ({ tier: row.tier, members: row._count._all })),
  };
}

// ------------------------------------------------------------------------------------------ customers & orders

export async function customerBirthDates(client: Db, shop: ShopRef, customerIds: bigint[]): Promise<Map<bigint, string>> {
  const rows = await findInChunks(customerIds, (ids) =>
    client.customer.findMany({
      where: { shopId: shop.id, id: { in: ids }, birthDate: { not: null }, deletedAt: null },
      select: { id: true, birthDate: true },
    }),
  );
  return new Map(rows.map((row) => [row.id, row.birthDate as string]));
}

export async function findCustomer(client: Db, shop: ShopRef, customerId: bigint) {
  return client.customer.findUnique({
    where: { shopId_id: { shopId: shop.id, id: customerId } },
    select: { id: true, firstName: true, lastName: true, deletedAt: true },
  });
}

const ORDER_FOR_POINTS = {
  id: true,
  customerId: true,
  processedAt: true,
  cancelledAt: true,
  cancelReason: true,
  currency: true,
  financialStatus: true,
  subtotalMinor: true,
  test: true,
} as const;

async function withRefunds(client: Db, shop: ShopRef, orders: Omit<OrderForPoints, "refunds">[]): Promise<OrderForPoints[]> {
  // One query per chunk of orders: a member with thousands of orders must not grow one IN list past the
  // database's parameter limit. An order's refunds all come in its chunk, in order.
  const refunds = await findInChunks(
    orders.map((order) => order.id),
    (orderIds) =>
      client.refund.findMany({
        where: { shopId: shop.id, orderId: { in: orderIds } },
        orderBy: [{ shopifyCreatedAt: "asc" }, { id: "asc" }],
        select: { id: true, orderId: true, shopifyCreatedAt: true, totalMinor: true, lineItems: true },
      }),
  );
  const byOrder = new Map<bigint, OrderForPoints["refunds"]>();
  for (const { orderId, ...refund } of refunds) {
    const list = byOrder.get(orderId) ?? [];
    list.push(refund);
    byOrder.set(orderId, list);
  }
  return orders.map((order) => ({ ...order, refunds: byOrder.get(order.id) ?? [] }));
}

export async function loadOrderForPoints(client: Db, shop: ShopRef, orderId: bigint): Promise<OrderForPoints | null> {
  const order = await client.order.findUnique({
    where: { shopId_id: { shopId: shop.id, id: orderId } },
    select: ORDER_FOR_POINTS,
  });
  if (!order) return null;
  const [withChildren] = await withRefunds(client, shop, [order]);
  return withChildren;
}

/** The customers' orders processed after `from`, with their refunds (for rolling net spend). */
export async function loadOrdersSince(client: Db, shop: ShopRef, customerIds: bigint[], from: Date): Promise<OrderForPoints[]> {
  const orders = await findInChunks(customerIds, (ids) =>
    client.order.findMany({
      where: { shopId: shop.id, customerId: { in: ids }, processedAt: { gt: from } },
      select: ORDER_FOR_POINTS,
    }),
  );
  return withRefunds(client, shop, orders);
}

// ------------------------------------------------------------------------------------------ redemptions

export type RedemptionRow = PointsRedemption;

export async function findRedemption(client: Db, shop: ShopRef, requestId: string): Promise<RedemptionRow | null> {
  return client.pointsRedemption.findUnique({ where: { shopId_requestId: { shopId: shop.id, requestId } } });
}

export async function insertRedemption(
  client: Db,
  shop: ShopRef,
  values: { customerId: bigint; requestId: string; points: number; discountMinor: number; code: string; createdAt: Date },
): Promise<RedemptionRow> {
  return client.pointsRedemption.create({ data: { shopId: shop.id, status: "pending", ...values } });
}

/** Moves a pending redemption on; false when it was not pending any more (another worker finished it). */
export async function finishRedemption(
  client: Db,
  shop: ShopRef,
  requestId: string,
  outcome: { status: "created"; shopifyDiscountId: string | null } | { status: "failed"; error: string },
): Promise<boolean> {
  const data =
    outcome.status === "created"
      ? { status: "created", shopifyDiscountId: outcome.shopifyDiscountId, error: null }
      : { status: "failed", error: outcome.error.slice(0, 1000) };
  const updated = await client.pointsRedemption.updateMany({
    where: { shopId: shop.id, requestId, status: "pending" },
    data,
  });
  return updated.count === 1;
}

export async function stalePendingRedemptions(client: Db, shop: ShopRef, olderThan: Date): Promise<RedemptionRow[]> {
  return client.pointsRedemption.findMany({
    where: { shopId: shop.id, status: "pending", createdAt: { lt: olderThan } },
    orderBy: { id: "asc" },
    take: 200,
  });
}

export async function oldestPendingRedemption(client: Db, shop: ShopRef): Promise<Date | null> {
  const row = await client.pointsRedemption.findFirst({
    where: { shopId: shop.id, status: "pending" },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
  return row?.createdAt ?? null;
}
