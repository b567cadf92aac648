/**
 * The recompute job's work (registered in app/jobs/registry.server). The sync worker marks
 * Shop.dataChangedAt when customers or orders change and calls queueRecompute (or the scheduler sweeps
 * shopsNeedingRecompute); the singleton key debounces a burst of webhooks into one run a little later.
 */
import type { Db } from "../db/client.server";
import type { ShopRef } from "../db/shops.server";
import { evaluateFlowTriggers } from "../flow/evaluate.server";
import { JobNames } from "../jobs/catalog";
import type { JobQueue } from "../jobs/queue.server";
import { recomputeShopAnalytics } from "./recompute.server";

export { shopsNeedingRecompute } from "../db/analytics-store.server";

/**
 * Recomputes the shop's analytics, then queues the push of new segments and scores to Shopify (only what
 * changed goes out). Member tiers and expiry are the daily points job's, not this one's.
 */
export async function runRecomputeJob(client: Db, queue: JobQueue, shop: ShopRef, now: Date): Promise<void> {
  await recomputeShopAnalytics(client, shop, { now });
  await queuePush(queue, shop.id);
  // Shopify Flow triggers for the real changes (decision 026); a failure here waits for the daily evaluation.
  // After the recompute, not inside it: it pages through every customer's signals (about a minute at 100k).
  await evaluateFlowTriggers(client, shop, { now }).catch((error) => console.warn(`[flow] ${shop.domain}: ${String(error)}`));
}

/** Queues a recompute `delayMs` from now unless one is already queued for the shop (debounce). */
export async function queueRecompute(queue: JobQueue, shopId: number, delayMs = 30_000, now = new Date()): Promise<void> {
  await queue.enqueue(
    JobNames.recompute,
    { shopId },
    { shopId, singletonKey: `recompute:${shopId}`, runAt: new Date(now.getTime() + delayMs) },
  );
}

/** Queues a push of tags and metafields for the shop unless one is already queued. */
export async function queuePush(queue: JobQueue, shopId: number): Promise<void> {
  await queue.enqueue(JobNames.push, { shopId }, { shopId, singletonKey: `push:${shopId}` });
}
