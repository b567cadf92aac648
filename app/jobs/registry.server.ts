import { queueRecompute, runRecomputeJob } from "../analytics/job.server";
import { completePendingCodes } from "../campaigns/campaigns.server";
import type { Db } from "../db/client.server";
import { purgeShopWebhookPayloads } from "../db/inbox-retention.server";
import type { ShopRef } from "../db/shops.server";
import { scheduleRedemptionRecovery } from "../points/program.server";
import { recoverPendingRedemptions } from "../points/redemption.server";
import { applyOrderToPoints, runDailyPointsMaintenance } from "../points/service.server";
import { pushToShopify } from "../pushback/push.server";
import { adminClientFor } from "../shopify/shop-client.server";
import { runBackfill } from "../sync/backfill.server";
import { applyWebhookJob, parkWebhookEvent, SHOP_TTL_MS, shopLookup } from "../sync/inbox-worker.server";
import { runReconcile } from "../sync/reconcile.server";
import { type JobName, JobNames, type ParsedJobPayload } from "./catalog";
import { type JobContext, type JobHandler, type JobQueue, jobHandler } from "./queue.server";

/**
 * Every job the worker runs: name → handler, one table shared by the embedded worker, `kizuna worker`
 * and tests. Names and payload schemas are in ./catalog; a handler gets its payload already checked.
 */
const RECOMPUTE_REQUEUE_MS = 5_000;

export interface JobDeps {
  client: Db;
  /** where a job queues its follow-up work (the same queue that runs it) */
  queue: JobQueue;
  now?: () => Date;
  log?: (line: string) => void;
}

export type InstalledShop = ShopRef & { currency: string };

/**
 * Runs `run` with the payload's shop if it is still installed; a job queued before an uninstall (or for
 * an erased shop) has nothing left to do and ends without an error.
 */
export function withInstalledShop<P extends { shopId: number }>(
  client: Db,
  run: (shop: InstalledShop, payload: P, job: JobContext) => Promise<void>,
): (payload: P, job: JobContext) => Promise<void> {
  return async (payload, job) => {
    const shop = await client.shop.findUnique({
      where: { id: payload.shopId },
      select: { id: true, domain: true, currency: true, installState: true },
    });
    if (shop?.installState !== "installed") return;
    await run({ id: shop.id, domain: shop.domain, currency: shop.currency }, payload, job);
  };
}

export function jobHandlers(deps: JobDeps): Record<JobName, JobHandler> {
  const { client, queue } = deps;
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? ((line: string) => console.warn(line));
  const installed = <N extends JobName>(
    name: N,
    run: (shop: InstalledShop, payload: ParsedJobPayload<N>, job: JobContext) => Promise<void>,
  ) => jobHandler(name, withInstalledShop(client, run));
  const points = { queue };
  // A burst of webhooks is one debounced recompute (the singleton key); this spares a write per event.
  const recomputeQueuedAt = new Map<number, number>();
  const shops = shopLookup(client, SHOP_TTL_MS);
  const recomputeSoon = async (shopId: number) => {
    const at = now().getTime();
    if (at - (recomputeQueuedAt.get(shopId) ?? Number.NEGATIVE_INFINITY) < RECOMPUTE_REQUEUE_MS) return;
    await queueRecompute(queue, shopId, undefined, now());
    recomputeQueuedAt.set(shopId, at);
  };

  return {
    [JobNames.backfill]: installed(JobNames.backfill, async (shop) => {
      await runBackfill(client, shop, { admin: await adminClientFor(client, shop) });
    }),
    [JobNames.reconcile]: installed(JobNames.reconcile, async (shop) => {
      await runReconcile(client, shop, { admin: await adminClientFor(client, shop) });
    }),
    // Not installed-only: app/uninstalled and shop/redact arrive for shops that are no longer installed.
    [JobNames.applyWebhook]: jobHandler(
      JobNames.applyWebhook,
      async (payload, job) => {
        await applyWebhookJob(client, payload, job, { now, onDataChanged: recomputeSoon, shops });
      },
      (payload, error) => parkWebhookEvent(client, payload, error),
    ),
    [JobNames.recompute]: installed(JobNames.recompute, async (shop) => {
      await runRecomputeJob(client, queue, shop, now());
    }),
    [JobNames.push]: installed(JobNames.push, async (shop) => {
      await pushToShopify(client, shop, await adminClientFor(client, shop));
    }),
    [JobNames.campaignCodes]: installed(JobNames.campaignCodes, async (shop, payload) => {
      const status = await completePendingCodes(client, shop, await adminClientFor(client, shop), payload.campaignId);
      // thrown so the queue retries with backoff until Shopify has imported every code
      if (status === "creating") throw new Error(`Shopify is still importing the codes of campaign ${payload.campaignId}`);
    }),
    [JobNames.pointsApplyOrder]: installed(JobNames.pointsApplyOrder, async (shop, payload) => {
      const outcome = await applyOrderToPoints(client, shop, String(payload.orderId), points);
      if (outcome.status === "applied" && outcome.refusals.length > 0) {
        log(`[points] ${shop.domain} order ${payload.orderId}: ${outcome.refusals.join("; ")}`);
      }
    }),
    // Queued once a day per shop by the scheduler (./schedule.server), no longer a step of the recompute.
    [JobNames.pointsDaily]: installed(JobNames.pointsDaily, async (shop) => {
      await runDailyPointsMaintenance(client, shop, now(), points);
    }),
    [JobNames.pointsPushMetafields]: installed(JobNames.pointsPushMetafields, async (shop) => {
      // the push pipeline, limited to members whose points changed (points only mark accounts changed)
      await pushToShopify(client, shop, await adminClientFor(client, shop), { scope: "changed-points" });
    }),
    // Not installed-only: an uninstalled shop's inbox is purged too (decision 008).
    [JobNames.purgePayloads]: jobHandler(JobNames.purgePayloads, async (payload) => {
      await purgeShopWebhookPayloads(client, payload.shopId, now());
    }),
    [JobNames.pointsRecoverRedemptions]: installed(JobNames.pointsRecoverRedemptions, async (shop) => {
      const recovery = await recoverPendingRedemptions(client, shop, await adminClientFor(client, shop), now(), points);
      if (recovery.nextDueAt) await scheduleRedemptionRecovery(shop, recovery.nextDueAt, points);
    }),
  };
}
