/**
 * The recompute job: load a shop's customers and purchases, run the analytics models, store every
 * customer's metrics, the segment moves and the shop summary. Progress goes to the caller and to a
 * SyncRun row of kind "recompute" so the app can show it.
 *
 * Writes: CustomerMetrics are upserted in batches, each batch its own transaction (a long single
 * transaction would block the sync worker's writes on SQLite); the AnalyticsResult, its SegmentChange rows
 * and Shop.analyticsComputedAt are written together afterwards. Stale metrics rows (customers deleted
 * since) are removed. The first recompute of a shop records no SegmentChange rows: there is nothing to
 * move from, and the customers' current segments are in CustomerMetrics.
 */
import type { Db } from "../db/client.server";
import {
  readAnalyticsCustomers,
  readAnalyticsOrders,
  readOrderBaskets,
  readProductTitles,
  readStoredSegments,
} from "../db/analytics-columns.server";
import {
  previousAnalyticsSummary,
  saveAnalyticsResult,
  setAnalyticsResultDuration,
  withRecomputePageCache,
  writeCustomerMetrics,
} from "../db/analytics-store.server";
import { finishRun, startRun, updateRun } from "../db/sync-runs.server";
import { evaluateFlowTriggers } from "../flow/evaluate.server";
import { getShopSettings } from "../db/settings.server";
import { getShop, type ShopRef } from "../db/shops.server";
import { computeShopAnalytics } from "../domain/analytics/compute";
import { saveModelCheck } from "./model-check.server";
import { applyProductTitles } from "../domain/analytics/frequently-bought";
import { analyticsSummarySchema } from "../domain/analytics/summary";

export interface RecomputeProgress {
  /** loading | models | writing */
  phase: string;
  done: number;
  total: number;
}

export interface RecomputeOptions {
  now: Date;
  onProgress?: (progress: RecomputeProgress) => void;
}

export interface RecomputeOutcome {
  resultId: number;
  customers: number;
  durationMs: number;
  /** Milliseconds per step: read_*, model steps, write_*. */
  timings: Record<string, number>;
}

const RUN_UPDATE_EVERY_MS = 500;

export async function recomputeShopAnalytics(client: Db, shop: ShopRef, options: RecomputeOptions): Promise<RecomputeOutcome> {
  return withRecomputePageCache(client, () => recompute(client, shop, options));
}

async function recompute(client: Db, shop: ShopRef, options: RecomputeOptions): Promise<RecomputeOutcome> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  let mark = started;
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - mark);
    mark = now;
  };

  const runId = await startRun(client, shop, "recompute", "loading", options.now);
  let lastRunUpdate = 0;
  let pendingRunUpdate: Promise<void> = Promise.resolve();
  const report = (phase: string, done: number, total: number, force = false) => {
    options.onProgress?.({ phase, done, total });
    const now = performance.now();
    if (force || now - lastRunUpdate >= RUN_UPDATE_EVERY_MS) {
      lastRunUpdate = now;
      pendingRunUpdate = pendingRunUpdate.then(() => updateRun(client, shop, runId, { phase, rowsDone: done, rowsTotal: total }));
    }
  };

  try {
    const [record, settings] = await Promise.all([getShop(client, shop), getShopSettings(client, shop)]);
    const ordersTotal = await client.order.count({ where: { shopId: shop.id } });
    report("loading", 0, ordersTotal, true);

    const customers = await readAnalyticsCustomers(client, shop);
    lap("read_customers");
    const orders = await readAnalyticsOrders(client, shop, customers, {
      until: options.now,
      onRows: (rows) => report("loading", Math.min(rows, ordersTotal), ordersTotal),
    });
    lap("read_orders");
    const baskets = await readOrderBaskets(client, shop);
    lap("read_line_items");
    const previousResult = await previousAnalyticsSummary(client, shop);
    const storedSegments = previousResult ? await readStoredSegments(client, shop) : null;
    lap("read_previous");
    report("loading", ordersTotal, ordersTotal, true);

    report("models", 0, 1, true);
    const computed = computeShopAnalytics({
      asOfMs: options.now.getTime(),
      timezone: record.timezone,
      currency: record.currency,
      settings,
      customers,
      orders,
      baskets,
      previous:
        previousResult && storedSegments
          ? {
              resultId: previousResult.id,
              computedAt: previousResult.computedAt.toISOString(),
              segments: storedSegments,
              sizes: previousResult.summary
                ? new Map(previousResult.summary.segments.sizes.map((size) => [size.segment, size.customers]))
                : null,
            }
          : null,
    });
    for (const [name, ms] of Object.entries(computed.timings)) timings[`model_${name}`] = ms;
    mark = performance.now();
    const titles = await readProductTitles(
      client,
      shop,
      computed.productIdsToTitle.map((id) => BigInt(id)),
    );
    applyProductTitles(computed.summary, titles);
    const summary = analyticsSummarySchema.parse(computed.summary);
    lap("read_titles");
    report("models", 1, 1, true);

    const total = customers.count;
    report("writing", 0, total, true);
    await writeCustomerMetrics(client, shop, computed.metrics, options.now, (rows) => report("writing", rows, total));
    lap("write_metrics");
    const resultId = await saveAnalyticsResult(
      client,
      shop,
      {
        computedAt: options.now,
        asOf: options.now,
        customers: customers.count,
        model: computed.model,
        summary,
        durationMs: performance.now() - started,
      },
      computed.changes,
    );
    await saveModelCheck(client, shop, computed.modelCheck, options.now);
    lap("write_result");
    const durationMs = Math.round(performance.now() - started);
    await setAnalyticsResultDuration(client, shop, resultId, durationMs);
    report("writing", total, total, true);
    // Shopify Flow triggers for the real changes (decision 026); a failure here waits for the daily evaluation.
    await evaluateFlowTriggers(client, shop, { now: options.now }).catch((error) =>
      console.warn(`[flow] ${shop.domain}: ${String(error)}`),
    );
    await pendingRunUpdate;
    await finishRun(client, shop, runId, { status: "completed", state: { resultId } }, new Date());
    return { resultId, customers: customers.count, durationMs, timings };
  } catch (error) {
    await pendingRunUpdate.catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    await finishRun(client, shop, runId, { status: "failed", error: message, state: {} }, new Date()).catch(() => undefined);
    throw error;
  }
}
