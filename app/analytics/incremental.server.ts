/**
 * Incremental analytics: the customers an order, refund or customer webhook touched are re-scored within
 * seconds, without a full recompute — their CustomerMetrics rows from their orders, with the CLV model and
 * RFM thresholds of the latest AnalyticsResult (app/domain/analytics/incremental), their segment moves
 * recorded, and their tags and metafields pushed through the one push pipeline (scope "customers").
 * The full recompute (refit, new thresholds, summary) runs nightly and on demand (./job.server).
 *
 * The job is coalesced per shop: the inbox queues it after every applied batch that changed data, one queued
 * per shop (a burst of 1,000 orders is a few runs). The payload carries when the first of those batches was
 * applied; the run reads the applied events since then from the inbox (their order or customer ids), so no
 * list of customers rides on the queue.
 */
import {
  customersTouchedSince,
  deleteCustomerMetricsOf,
  latestAnalyticsModel,
  readCustomersForMetrics,
  readKeptMetrics,
  recordSegmentChanges,
} from "../db/analytics-incremental.server";
import { upsertCustomerMetrics } from "../db/analytics-store.server";
import type { Db } from "../db/client.server";
import { getShopSettings } from "../db/settings.server";
import { getShop, type ShopRef } from "../db/shops.server";
import { computeCustomerMetrics, storedShopModel } from "../domain/analytics/incremental";
import { evaluateFlowTriggersFor } from "../flow/evaluate.server";
import { JobNames } from "../jobs/catalog";
import type { JobQueue } from "../jobs/queue.server";
import { type PushSummary, pushToShopify } from "../pushback/push.server";
import type { AdminClient } from "../shopify/admin-client.server";
import { queueRecompute } from "./job.server";

/** A run that finds more customers than this re-scores the whole shop instead (a backfill-sized change). */
export const MAX_INCREMENTAL_CUSTOMERS = 20_000;
/** How long after the first change the run starts: the rest of a burst joins it. */
export const INCREMENTAL_DELAY_MS = 500;
/**
 * Events applied this long before the batch that queued the run are read again: a batch's events are stamped
 * applied before its transaction commits and the run is queued (re-scoring a customer twice is harmless).
 */
const APPLIED_OVERLAP_MS = 60_000;
/**
 * Events received longer ago than this before the window are not looked at (keeps the read on the inbox's
 * recent index range); a parked event replayed later than that reaches the analytics at the nightly refit.
 */
const RECEIVED_LOOKBACK_MS = 6 * 60 * 60_000;

export interface IncrementalOutcome {
  /** updated; no_model: no full recompute to score with yet (one is queued) */
  status: "updated" | "no_model";
  customers: number;
  /** customers deleted or redacted since: their metrics removed */
  removed: number;
  segmentChanges: number;
}

/**
 * Re-scores the given customers with the latest full recompute's model and thresholds and writes their
 * metrics and segment moves. Customers that are gone (deleted, redacted) lose their metrics row and are not
 * brought back.
 */
export async function updateCustomerAnalytics(
  client: Db,
  shop: ShopRef,
  customerIds: readonly bigint[],
  options: { now: Date },
): Promise<IncrementalOutcome> {
  const latest = await latestAnalyticsModel(client, shop);
  const stored = latest && storedShopModel(latest.model, latest.summary);
  if (!latest || !stored) return { status: "no_model", customers: 0, removed: 0, segmentChanges: 0 };
  const [record, settings] = await Promise.all([getShop(client, shop), getShopSettings(client, shop)]);
  const read = await readCustomersForMetrics(client, shop, customerIds, options.now);
  const kept = await readKeptMetrics(client, shop, read.customers.ids);
  const computed = computeCustomerMetrics({
    asOfMs: options.now.getTime(),
    timezone: record.timezone,
    model: stored,
    loyalRule: settings.loyalty.rule,
    customers: read.customers,
    orders: read.orders,
    kept,
  });
  await upsertCustomerMetrics(client, shop, computed.metrics, options.now);
  const removed = await deleteCustomerMetricsOf(client, shop, read.gone);
  if (computed.changes.length > 0) await recordSegmentChanges(client, shop, latest.id, computed.changes, options.now);
  return { status: "updated", customers: read.customers.count, removed, segmentChanges: computed.changes.length };
}

/**
 * Queues the shop's incremental update unless one is queued already (that one covers this change too: it
 * reads every event applied since its own, earlier, `since`).
 */
export async function queueIncrementalAnalytics(queue: JobQueue, shopId: number, now = new Date()): Promise<void> {
  await queue.enqueue(
    JobNames.incrementalAnalytics,
    { shopId, since: now.toISOString() },
    { shopId, runAt: new Date(now.getTime() + INCREMENTAL_DELAY_MS) },
  );
}

export interface IncrementalRun {
  outcome: IncrementalOutcome | null;
  /** the customers re-scored (or removed) */
  customerIds: bigint[];
  push: PushSummary | null;
  /** the change was too large, or there was no model yet: a full recompute was queued instead */
  fullRecomputeQueued: boolean;
}

/** The job: the customers touched since `since`, re-scored, then their tags and metafields pushed. */
export async function runIncrementalJob(
  client: Db,
  queue: JobQueue,
  shop: ShopRef,
  since: Date,
  now: Date,
  admin: () => Promise<AdminClient>,
): Promise<IncrementalRun> {
  const appliedAfter = new Date(since.getTime() - APPLIED_OVERLAP_MS);
  const customerIds = await customersTouchedSince(client, shop, {
    appliedAfter,
    receivedAfter: new Date(appliedAfter.getTime() - RECEIVED_LOOKBACK_MS),
  });
  const run: IncrementalRun = { outcome: null, customerIds, push: null, fullRecomputeQueued: false };
  if (customerIds.length === 0) return run;
  if (customerIds.length > MAX_INCREMENTAL_CUSTOMERS) {
    await queueRecompute(queue, shop.id, 0, now);
    run.fullRecomputeQueued = true;
    return run;
  }
  run.outcome = await updateCustomerAnalytics(client, shop, customerIds, { now });
  if (run.outcome.status === "no_model") {
    await queueRecompute(queue, shop.id, 0, now);
    run.fullRecomputeQueued = true;
    return run;
  }
  run.push = await pushToShopify(client, shop, await admin(), { scope: "customers", customerIds, now: () => now });
  // Flow triggers for these customers' real changes (decision 026); a failure waits for the daily evaluation.
  await evaluateFlowTriggersFor(client, shop, customerIds, { now }).catch((error) =>
    console.warn(`[flow] ${shop.domain}: ${String(error)}`),
  );
  return run;
}
