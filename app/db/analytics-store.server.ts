/**
 * The writes of the analytics recompute: every customer's metrics (CustomerMetrics), the finished result
 * with its segment changes (AnalyticsResult, SegmentChange), and which shops need one. Every function takes
 * the shop (or filters by installed shops) and every statement is scoped by its id.
 */
import type { CustomerMetricsColumns, SegmentChangeInput } from "../domain/analytics/columns";
import { type AnalyticsSummary, parseAnalyticsSummary } from "../domain/analytics/summary";
import { type Db, dialectOf } from "./client.server";
import type { ShopRef } from "./shops.server";
import { type Cell, upsertRows } from "./upsert.server";

const METRIC_COLUMNS = [
  "customerId",
  "ordersCount",
  "netSpendMinor",
  "aovMinor",
  "firstOrderAt",
  "lastOrderAt",
  "recencyDays",
  "rScore",
  "fScore",
  "mScore",
  "segment",
  "pAlive",
  "expectedPurchases30",
  "expectedPurchases90",
  "expectedPurchases365",
  "expectedAovMinor",
  "predictedClv12mMinor",
  "isLoyal",
  "futureLoyalScore",
  "futureLoyalReasons",
  "pAliveLow",
  "pAliveHigh",
  "expectedPurchases365Low",
  "expectedPurchases365High",
  "predictedClv12mLowMinor",
  "predictedClv12mHighMinor",
  "expectedNextOrderAt",
] as const;

const WRITE_BATCH = 25_000;
/**
 * SQLite page cache while a recompute runs, in KiB (the connection's default is 16 MB). Writing a million
 * metrics rows updates seven indexes at random places; with the default cache most of those pages go back and
 * forth to the OS: measured on 300k rows, 9.1 s of CPU instead of 12.9 s (system time 1.4 s instead of 3.9 s).
 */
const RECOMPUTE_CACHE_KIB = 131_072;

/** Runs `work` with a larger SQLite page cache, restored afterwards (the web process shares the connection). */
export async function withRecomputePageCache<T>(client: Db, work: () => Promise<T>): Promise<T> {
  if (dialectOf(client) !== "sqlite") return work();
  const [current] = (await client.$queryRawUnsafe("PRAGMA cache_size")) as { cache_size: number | bigint }[];
  await client.$queryRawUnsafe(`PRAGMA cache_size = -${RECOMPUTE_CACHE_KIB}`);
  try {
    return await work();
  } finally {
    await client.$queryRawUnsafe(`PRAGMA cache_size = ${Number(current.cache_size)}`);
  }
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);
const finiteInt = (v: number) => (Number.isFinite(v) ? Math.round(v) : null);

/**
 * Replaces the shop's CustomerMetrics: upserts every row (batches, each in its own transaction so the sync
 * worker is never blocked for long), then deletes the rows of customers that are no longer in the shop. On SQLite a batch is
 * one JSON parameter expanded by json_each (2–3× faster than binding 20 parameters a row).
 */
export async function writeCustomerMetrics(
  client: Db,
  shop: ShopRef,
  metrics: CustomerMetricsColumns,
  computedAt: Date,
  onRows?: (rows: number) => void,
): Promise<void> {
  await upsertCustomerMetrics(client, shop, metrics, computedAt, onRows);
  // Rows of customers who are gone (deleted, or redacted) since the last recompute.
  await client.$executeRawUnsafe(
    `DELETE FROM "CustomerMetrics" WHERE "shopId" = ${dialectOf(client) === "sqlite" ? "?" : "$1"} AND NOT EXISTS (SELECT 1 FROM "Customer" c ` +
      `WHERE c."shopId" = "CustomerMetrics"."shopId" AND c."id" = "CustomerMetrics"."customerId" AND c."deletedAt" IS NULL)`,
    shop.id,
  );
}

/** Upserts the given customers' CustomerMetrics rows (the incremental update writes a few this way). */
export async function upsertCustomerMetrics(
  client: Db,
  shop: ShopRef,
  metrics: CustomerMetricsColumns,
  computedAt: Date,
  onRows?: (rows: number) => void,
): Promise<void> {
  const sqlite = dialectOf(client) === "sqlite";
  const m = metrics;
  const update = METRIC_COLUMNS.filter((c) => c !== "customerId");
  const tuple = (c: number) => [
    m.customerId[c],
    m.ordersCount[c],
    Math.round(m.netSpendMinor[c]),
    Math.round(m.aovMinor[c]),
    finite(m.firstOrderAt[c]),
    finite(m.lastOrderAt[c]),
    finiteInt(m.recencyDays[c]),
    m.rScore[c],
    m.fScore[c],
    m.mScore[c],
    m.segment[c],
    finite(m.pAlive[c]),
    finite(m.expectedPurchases30[c]),
    finite(m.expectedPurchases90[c]),
    finite(m.expectedPurchases365[c]),
    finiteInt(m.expectedAovMinor[c]),
    finiteInt(m.predictedClv12mMinor[c]),
    m.isLoyal[c],
    finite(m.futureLoyalScore[c]),
    m.futureLoyalReasons[c],
    // Intervals and next order: absent from an incremental update (null until the next full recompute).
    finite(m.pAliveLow?.[c] ?? Number.NaN),
    finite(m.pAliveHigh?.[c] ?? Number.NaN),
    finite(m.expectedPurchases365Low?.[c] ?? Number.NaN),
    finite(m.expectedPurchases365High?.[c] ?? Number.NaN),
    finiteInt(m.predictedClv12mLowMinor?.[c] ?? Number.NaN),
    finiteInt(m.predictedClv12mHighMinor?.[c] ?? Number.NaN),
    finite(m.expectedNextOrderAt?.[c] ?? Number.NaN),
  ];
  const columns = ["shopId", "computedAt", ...METRIC_COLUMNS].map((c) => `"${c}"`).join(", ");
  const set = update.map((c) => `"${c}" = excluded."${c}"`).join(", ");
  // Only rows whose values changed are written (computedAt stays when they did not): fewer pages written, and a
  // customer re-scored to the same values is left as it was.
  const changed = update
    .map((c) => `"CustomerMetrics"."${c}" ${sqlite ? "IS NOT" : "IS DISTINCT FROM"} excluded."${c}"`)
    .join(" OR ");
  const select = METRIC_COLUMNS.map((_, k) => `value ->> ${k}`).join(", ");
  for (let start = 0; start < m.count; start += WRITE_BATCH) {
    const end = Math.min(m.count, start + WRITE_BATCH);
    if (sqlite) {
      const rows: unknown[] = [];
      for (let c = start; c < end; c++) rows.push(tuple(c));
      await client.$executeRawUnsafe(
        `INSERT INTO "CustomerMetrics" (${columns}) SELECT ?, ?, ${select} FROM json_each(?) WHERE true ` +
          `ON CONFLICT ("shopId", "customerId") DO UPDATE SET "computedAt" = excluded."computedAt", ${set} WHERE ${changed}`,
        shop.id,
        computedAt.getTime(),
        JSON.stringify(rows),
      );
    } else {
      const rows: Record<string, Cell>[] = [];
      for (let c = start; c < end; c++) {
        const values = tuple(c);
        const row: Record<string, Cell> = { shopId: shop.id, computedAt };
        METRIC_COLUMNS.forEach((column, k) => {
          row[column] = values[k] as number | string | null;
        });
        row.customerId = BigInt(m.customerId[c]);
        row.firstOrderAt = Number.isFinite(m.firstOrderAt[c]) ? new Date(m.firstOrderAt[c]) : null;
        row.lastOrderAt = Number.isFinite(m.lastOrderAt[c]) ? new Date(m.lastOrderAt[c]) : null;
        const nextOrderAt = m.expectedNextOrderAt?.[c] ?? Number.NaN;
        row.expectedNextOrderAt = Number.isFinite(nextOrderAt) ? new Date(nextOrderAt) : null;
        row.isLoyal = m.isLoyal[c] === 1;
        rows.push(row);
      }
      await client.$transaction(
        async (tx) => {
          await upsertRows(
            tx as Db,
            { table: "CustomerMetrics", key: ["shopId", "customerId"], update: ["computedAt", ...update], when: changed },
            rows,
          );
        },
        { timeout: 120_000 },
      ); // 25k rows: past Prisma's 5 s default on a busy server
    }
    onRows?.(end);
  }
}

/**
 * Records the finished recompute in one transaction: the AnalyticsResult, the segment changes it observed,
 * and Shop.analyticsComputedAt. Returns the result id.
 */
export async function saveAnalyticsResult(
  client: Db,
  shop: ShopRef,
  result: { computedAt: Date; asOf: Date; customers: number; model: unknown; summary: AnalyticsSummary; durationMs: number },
  changes: readonly SegmentChangeInput[],
): Promise<number> {
  return client.$transaction(
    async (tx) => {
      const created = await tx.analyticsResult.create({
        data: {
          shopId: shop.id,
          computedAt: result.computedAt,
          asOf: result.asOf,
          customers: result.customers,
          model: JSON.stringify(result.model),
          summary: JSON.stringify(result.summary),
          durationMs: Math.round(result.durationMs),
        },
        select: { id: true },
      });
      if (changes.length > 0) {
        await upsertRows(
          tx as Db,
          { table: "SegmentChange", key: ["id"], update: [] },
          changes.map((change) => ({
            shopId: shop.id,
            customerId: BigInt(change.customerId),
            resultId: created.id,
            fromSegment: change.fromSegment,
            toSegment: change.toSegment,
            changedAt: result.computedAt,
          })),
        );
      }
      await tx.shop.update({ where: { id: shop.id }, data: { analyticsComputedAt: result.computedAt } });
      return created.id;
    },
    { timeout: 120_000 },
  );
}

/** Updates the result's duration once everything, the result row included, is written. */
export async function setAnalyticsResultDuration(client: Db, shop: ShopRef, resultId: number, durationMs: number): Promise<void> {
  await client.analyticsResult.updateMany({
    where: { id: resultId, shopId: shop.id },
    data: { durationMs: Math.round(durationMs) },
  });
}

/**
 * Shops whose orders or customers changed after their last recompute (or never computed but with data).
 * With `refitEveryMs`, a shop already computed is due only once its last full recompute is that old: between
 * refits, webhooks update the customers they touch incrementally (app/analytics/incremental.server).
 */
export async function shopsNeedingRecompute(client: Db, now: Date, options: { refitEveryMs?: number } = {}): Promise<ShopRef[]> {
  const refitEveryMs = options.refitEveryMs ?? 0;
  const shops = await client.shop.findMany({
    where: { installState: "installed", dataChangedAt: { not: null, lte: now } },
    select: { id: true, domain: true, dataChangedAt: true, analyticsComputedAt: true },
    orderBy: { id: "asc" },
  });
  return shops
    .filter(
      (s) =>
        s.analyticsComputedAt === null ||
        (s.dataChangedAt !== null &&
          s.dataChangedAt > s.analyticsComputedAt &&
          now.getTime() - s.analyticsComputedAt.getTime() >= refitEveryMs),
    )
    .map(({ id, domain }) => ({ id, domain }));
}

/** The latest stored result's id and summary, read before a recompute to report "change since last time". */
export async function previousAnalyticsSummary(
  client: Db,
  shop: ShopRef,
): Promise<{ id: number; computedAt: Date; summary: AnalyticsSummary | null } | null> {
  const row = await client.analyticsResult.findFirst({
    where: { shopId: shop.id },
    orderBy: [{ computedAt: "desc" }, { id: "desc" }],
    select: { id: true, computedAt: true, summary: true },
  });
  if (!row) return null;
  let summary: AnalyticsSummary | null = null;
  try {
    summary = parseAnalyticsSummary(row.summary);
  } catch {
    summary = null; // written by an older version: sizes cannot be compared, movement still can
  }
  return { id: row.id, computedAt: row.computedAt, summary };
}
