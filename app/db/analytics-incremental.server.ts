/**
 * Data access of the incremental analytics (app/analytics/incremental.server): which customers the applied
 * webhooks touched, those customers' purchases, what the latest full recompute decided for the shop, and the
 * writes for those customers only. Every statement is scoped by the shop and reads through an index
 * (bounded IN lists, see ./in-chunks).
 */
import type { AnalyticsCustomers, AnalyticsOrders, SegmentChangeInput } from "../domain/analytics/columns";
import { type AnalyticsModel, type AnalyticsSummary, parseAnalyticsSummary } from "../domain/analytics/summary";
import type { Db } from "./client.server";
import { findInChunks, inChunks } from "./in-chunks";
import type { ShopRef } from "./shops.server";
import { upsertRows } from "./upsert.server";

const ORDER_TOPICS = ["orders/create", "orders/updated", "orders/cancelled", "refunds/create"];
const CUSTOMER_TOPICS = ["customers/create", "customers/update", "customers/delete", "customers/redact"];

/**
 * The customers whose orders, refunds or records were changed by webhooks applied after `appliedAfter`
 * (and received after `receivedAfter`, which bounds the read to the inbox index's recent range). Order and
 * refund events name their order; its customer is looked up. Guest orders name no customer.
 */
export async function customersTouchedSince(
  client: Db,
  shop: ShopRef,
  window: { appliedAfter: Date; receivedAfter: Date },
): Promise<bigint[]> {
  const events = await client.webhookEvent.findMany({
    where: {
      shopId: shop.id,
      status: "applied",
      receivedAt: { gt: window.receivedAfter },
      processedAt: { gt: window.appliedAfter },
      topic: { in: [...ORDER_TOPICS, ...CUSTOMER_TOPICS] },
      resourceId: { not: null },
    },
    select: { topic: true, resourceId: true },
  });
  const customers = new Set<bigint>();
  const orders = new Set<bigint>();
  for (const event of events) {
    if (event.resourceId === null) continue;
    if (ORDER_TOPICS.includes(event.topic)) orders.add(event.resourceId);
    else customers.add(event.resourceId);
  }
  const owners = await findInChunks([...orders], (chunk) =>
    client.order.findMany({
      where: { shopId: shop.id, id: { in: chunk }, customerId: { not: null } },
      select: { customerId: true },
    }),
  );
  for (const owner of owners) if (owner.customerId !== null) customers.add(owner.customerId);
  return [...customers].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export interface CustomersForMetrics {
  customers: Pick<AnalyticsCustomers, "count" | "ids">;
  orders: Pick<AnalyticsOrders, "count" | "customerIndex" | "processedAtMs" | "netMinor">;
  /** Asked-for customers that are deleted, redacted or unknown: their metrics go. */
  gone: bigint[];
}

/**
 * The given customers that still exist, and their purchases (not test, not cancelled, processed by
 * `until`) with net amounts as the full recompute reads them (app/db/analytics-columns).
 */
export async function readCustomersForMetrics(
  client: Db,
  shop: ShopRef,
  customerIds: readonly bigint[],
  until: Date,
): Promise<CustomersForMetrics> {
  const live = await findInChunks(customerIds, (chunk) =>
    client.customer.findMany({
      where: { shopId: shop.id, id: { in: chunk }, deletedAt: null },
      select: { id: true },
    }),
  );
  const liveIds = new Set(live.map((customer) => customer.id));
  const gone = customerIds.filter((id) => !liveIds.has(id));
  const ids = customerIds.filter((id) => liveIds.has(id));
  const index = new Map<bigint, number>(ids.map((id, c) => [id, c]));
  const rows = await findInChunks(ids, (chunk) =>
    client.order.findMany({
      where: { shopId: shop.id, customerId: { in: chunk }, test: false, cancelledAt: null, processedAt: { lte: until } },
      select: { customerId: true, processedAt: true, totalMinor: true, totalRefundedMinor: true },
    }),
  );
  const count = rows.length;
  const customerIndex = new Int32Array(count);
  const processedAtMs = new Float64Array(count);
  const netMinor = new Float64Array(count);
  rows.forEach((row, i) => {
    customerIndex[i] = index.get(row.customerId as bigint) ?? 0;
    processedAtMs[i] = row.processedAt.getTime();
    netMinor[i] = Math.max(0, row.totalMinor - row.totalRefundedMinor);
  });
  return {
    customers: { count: ids.length, ids: Float64Array.from(ids, Number) },
    orders: { count, customerIndex, processedAtMs, netMinor },
    gone,
  };
}

export interface KeptMetrics {
  segment: (string | null)[];
  futureLoyalScore: Float64Array;
  futureLoyalReasons: (string | null)[];
}

/** The stored segment and future-loyal ranking of each given customer (null / NaN without a metrics row). */
export async function readKeptMetrics(client: Db, shop: ShopRef, customerIds: Float64Array): Promise<KeptMetrics> {
  const ids = Array.from(customerIds, (id) => BigInt(id));
  const rows = await findInChunks(ids, (chunk) =>
    client.customerMetrics.findMany({
      where: { shopId: shop.id, customerId: { in: chunk } },
      select: { customerId: true, segment: true, futureLoyalScore: true, futureLoyalReasons: true },
    }),
  );
  const byId = new Map(rows.map((row) => [row.customerId, row]));
  const kept: KeptMetrics = {
    segment: new Array(ids.length).fill(null),
    futureLoyalScore: new Float64Array(ids.length).fill(Number.NaN),
    futureLoyalReasons: new Array(ids.length).fill(null),
  };
  ids.forEach((id, c) => {
    const row = byId.get(id);
    if (!row) return;
    kept.segment[c] = row.segment;
    kept.futureLoyalScore[c] = row.futureLoyalScore ?? Number.NaN;
    kept.futureLoyalReasons[c] = row.futureLoyalReasons;
  });
  return kept;
}

/** The latest full recompute's id, model and summary; null before the first, or when it no longer parses. */
export async function latestAnalyticsModel(
  client: Db,
  shop: ShopRef,
): Promise<{ id: number; computedAt: Date; model: AnalyticsModel; summary: AnalyticsSummary } | null> {
  const row = await client.analyticsResult.findFirst({
    where: { shopId: shop.id },
    orderBy: [{ computedAt: "desc" }, { id: "desc" }],
    select: { id: true, computedAt: true, model: true, summary: true },
  });
  if (!row) return null;
  try {
    return {
      id: row.id,
      computedAt: row.computedAt,
      model: JSON.parse(row.model) as AnalyticsModel,
      summary: parseAnalyticsSummary(row.summary),
    };
  } catch {
    return null; // written by an older version: only a full recompute can score now
  }
}

/** Removes the metrics of customers who are gone (deleted or redacted): nothing about them is pushed or shown. */
export async function deleteCustomerMetricsOf(client: Db, shop: ShopRef, customerIds: readonly bigint[]): Promise<number> {
  let deleted = 0;
  for (const chunk of inChunks(customerIds)) {
    deleted += (await client.customerMetrics.deleteMany({ where: { shopId: shop.id, customerId: { in: chunk } } })).count;
  }
  return deleted;
}

/** Records segment moves observed outside a full recompute, under the result whose thresholds scored them. */
export async function recordSegmentChanges(
  client: Db,
  shop: ShopRef,
  resultId: number,
  changes: readonly SegmentChangeInput[],
  at: Date,
): Promise<void> {
  await upsertRows(
    client,
    { table: "SegmentChange", key: ["id"], update: [] },
    changes.map((change) => ({
      shopId: shop.id,
      customerId: BigInt(change.customerId),
      resultId,
      fromSegment: change.fromSegment,
      toSegment: change.toSegment,
      changedAt: at,
    })),
  );
}
