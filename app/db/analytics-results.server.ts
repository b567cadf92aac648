/**
 * What the screens read of the analytics: the latest result with its parsed summary, the segment changes
 * recorded between two results, and the future-loyal candidates. Every function takes the shop and every
 * statement is scoped by its id.
 */
import type { AnalyticsResult } from "@prisma/client";
import { type AnalyticsSummary, parseAnalyticsSummary } from "../domain/analytics/summary";
import type { Db } from "./client.server";
import type { ShopRef } from "./shops.server";

export interface StoredAnalyticsResult {
  id: number;
  computedAt: Date;
  asOf: Date;
  customers: number;
  durationMs: number;
  summary: AnalyticsSummary;
  model: unknown;
}

function toStored(row: AnalyticsResult): StoredAnalyticsResult {
  return {
    id: row.id,
    computedAt: row.computedAt,
    asOf: row.asOf,
    customers: row.customers,
    durationMs: row.durationMs,
    summary: parseAnalyticsSummary(row.summary),
    model: JSON.parse(row.model),
  };
}

/** The shop's latest recompute with its parsed summary, or null before the first. */
export async function latestAnalyticsResult(client: Db, shop: ShopRef): Promise<StoredAnalyticsResult | null> {
  const row = await client.analyticsResult.findFirst({
    where: { shopId: shop.id },
    orderBy: [{ computedAt: "desc" }, { id: "desc" }],
  });
  return row ? toStored(row) : null;
}

/**
 * The segment changes recorded at the recomputes after `fromResultId` up to and including `toResultId`,
 * oldest first (domain/rfm/movement's netMoves and movementMatrix count them).
 */
export async function segmentChangesBetween(
  client: Db,
  shop: ShopRef,
  fromResultId: number,
  toResultId: number,
): Promise<{ customerId: bigint; from: string | null; to: string }[]> {
  const changes = await client.segmentChange.findMany({
    where: { shopId: shop.id, resultId: { gt: fromResultId, lte: toResultId } },
    orderBy: [{ resultId: "asc" }, { id: "asc" }],
    select: { customerId: true, fromSegment: true, toSegment: true },
  });
  return changes.map((change) => ({ customerId: change.customerId, from: change.fromSegment, to: change.toSegment }));
}

export interface FutureLoyalCandidateRow {
  customerId: bigint;
  score: number;
  pAlive: number | null;
  segment: string;
  predictedClv12mMinor: number | null;
  netSpendMinor: number;
  ordersCount: number;
  reasons: unknown[];
}

export interface CandidateCursor {
  score: number;
  customerId: bigint;
}

/**
 * Future-loyal candidates, best first (score descending, then customer id ascending), in keyset pages:
 * pass the last row's (score, customerId) as `after` for the next page.
 */
export async function futureLoyalCandidatesPage(
  client: Db,
  shop: ShopRef,
  options: { limit?: number; after?: CandidateCursor } = {},
): Promise<{ rows: FutureLoyalCandidateRow[]; next: CandidateCursor | null }> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
  const after = options.after;
  const rows = await client.customerMetrics.findMany({
    where: {
      shopId: shop.id,
      futureLoyalScore: { not: null },
      ...(after
        ? {
            OR: [
              { futureLoyalScore: { lt: after.score } },
              { futureLoyalScore: after.score, customerId: { gt: after.customerId } },
            ],
          }
        : {}),
    },
    orderBy: [{ futureLoyalScore: "desc" }, { customerId: "asc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit).map((row) => ({
    customerId: row.customerId,
    score: row.futureLoyalScore ?? 0,
    pAlive: row.pAlive,
    segment: row.segment,
    predictedClv12mMinor: row.predictedClv12mMinor,
    netSpendMinor: row.netSpendMinor,
    ordersCount: row.ordersCount,
    reasons: row.futureLoyalReasons ? (JSON.parse(row.futureLoyalReasons) as unknown[]) : [],
  }));
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > limit && last ? { score: last.score, customerId: last.customerId } : null };
}
