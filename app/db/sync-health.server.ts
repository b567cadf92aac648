import type { Db } from "./client.server";
import type { ShopRef } from "./shops.server";

/**
 * The Sync health page: how the webhook inbox is doing, what was parked, the customer data exports Shopify
 * asked for, and the latest backfill / reconcile / recompute runs with their progress.
 */

export const WEBHOOK_STATUSES = ["pending", "processing", "applied", "parked"] as const;

export interface SyncRunView {
  id: number;
  kind: string;
  status: string;
  phase: string | null;
  rowsDone: number;
  rowsTotal: number | null;
  error: string | null;
  startedAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export interface SyncHealth {
  inbox: Record<(typeof WEBHOOK_STATUSES)[number], number>;
  /** when the oldest event still waiting was received (epoch ms), null when nothing waits */
  oldestPendingAt: number | null;
  lastError: { topic: string; error: string; at: number } | null;
  parked: Array<{ id: number; topic: string; receivedAt: number; attempts: number; lastError: string | null }>;
  dataExports: Array<{ id: number; customerId: string; requestId: string | null; createdAt: number }>;
  runs: SyncRunView[];
}

export function syncRunView(run: {
  id: number;
  kind: string;
  status: string;
  phase: string | null;
  rowsDone: number;
  rowsTotal: number | null;
  error: string | null;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}): SyncRunView {
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    phase: run.phase,
    rowsDone: run.rowsDone,
    rowsTotal: run.rowsTotal,
    error: run.error,
    startedAt: run.startedAt.getTime(),
    updatedAt: run.updatedAt.getTime(),
    finishedAt: run.finishedAt?.getTime() ?? null,
  };
}

export async function getSyncHealth(client: Db, shop: ShopRef): Promise<SyncHealth> {
  const [counts, oldestPending, lastFailure, parked, dataExports, runs] = await Promise.all([
    client.webhookEvent.groupBy({ by: ["status"], where: { shopId: shop.id }, _count: { _all: true } }),
    client.webhookEvent.findFirst({
      where: { shopId: shop.id, status: { in: ["pending", "processing"] } },
      orderBy: { receivedAt: "asc" },
      select: { receivedAt: true },
    }),
    client.webhookEvent.findFirst({
      where: { shopId: shop.id, lastError: { not: null } },
      orderBy: { id: "desc" },
      select: { topic: true, lastError: true, processedAt: true, receivedAt: true },
    }),
    client.webhookEvent.findMany({
      where: { shopId: shop.id, status: "parked" },
      orderBy: { id: "desc" },
      take: 50,
      select: { id: true, topic: true, receivedAt: true, attempts: true, lastError: true },
    }),
    client.dataExport.findMany({
      where: { shopId: shop.id },
      orderBy: { createdAt: "desc" },
      take: 50,
      select: { id: true, customerId: true, requestId: true, createdAt: true },
    }),
    client.syncRun.findMany({ where: { shopId: shop.id }, orderBy: { startedAt: "desc" }, take: 10 }),
  ]);
  const inbox = { pending: 0, processing: 0, applied: 0, parked: 0 };
  for (const row of counts) {
    if (row.status in inbox) inbox[row.status as keyof typeof inbox] = row._count._all;
  }
  return {
    inbox,
    oldestPendingAt: oldestPending?.receivedAt.getTime() ?? null,
    lastError: lastFailure?.lastError
      ? {
          topic: lastFailure.topic,
          error: lastFailure.lastError,
          at: (lastFailure.processedAt ?? lastFailure.receivedAt).getTime(),
        }
      : null,
    parked: parked.map((event) => ({
      id: event.id,
      topic: event.topic,
      receivedAt: event.receivedAt.getTime(),
      attempts: event.attempts,
      lastError: event.lastError,
    })),
    dataExports: dataExports.map((row) => ({
      id: row.id,
      customerId: row.customerId.toString(),
      requestId: row.requestId,
      createdAt: row.createdAt.getTime(),
    })),
    runs: runs.map(syncRunView),
  };
}

/** One of the shop's data exports as the JSON text to hand over; null when the shop has no such export. */
export async function getDataExport(
  client: Db,
  shop: ShopRef,
  id: number,
): Promise<{ fileName: string; content: string } | null> {
  const row = await client.dataExport.findFirst({ where: { id, shopId: shop.id }, select: { customerId: true, content: true } });
  return row ? { fileName: `kizuna-customer-${row.customerId}-export-${id}.json`, content: row.content } : null;
}

/** The latest run of the first backfill, for the empty states ("copying your store… 40 %"). */
export async function latestSyncRun(client: Db, shop: ShopRef, kind?: string): Promise<SyncRunView | null> {
  const run = await client.syncRun.findFirst({
    where: { shopId: shop.id, ...(kind ? { kind } : {}) },
    orderBy: { startedAt: "desc" },
  });
  return run ? syncRunView(run) : null;
}

/** The shop's latest analyses (recompute results), newest first, for choosing two to compare. */
export async function analyticsSnapshots(
  client: Db,
  shop: ShopRef,
  limit = 20,
): Promise<Array<{ id: number; computedAt: number }>> {
  const rows = await client.analyticsResult.findMany({
    where: { shopId: shop.id },
    orderBy: [{ computedAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, computedAt: true },
  });
  return rows.map((row) => ({ id: row.id, computedAt: row.computedAt.getTime() }));
}
