import { runIncrementalJob } from "../analytics/incremental.server";
import { queueRecompute, runRecomputeJob } from "../analytics/job.server";
import { completePendingCodes } from "../campaigns/campaigns.server";
import type { Db } from "../db/client.server";
import { purgeShopWebhookPayloads } from "../db/inbox-retention.server";
import { runFlowDaily } from "../flow/daily.server";
import { sendPendingFlowEvents } from "../flow/sender.server";
import type { MessageChannel } from "../journeys/channel";
import { dailyJob, enrolOrderJob, runDueJob } from "../journeys/engine.server";
import { kizunaNow } from "../lib/clock.server";
import { applyLineEventsJob } from "../line/events.server";
import type { ShopRef } from "../db/shops.server";
import { scheduleRedemptionRecovery } from "../points/program.server";
import { recoverPendingRedemptions } from "../points/redemption.server";
import { applyOrderToPoints, runDailyPointsMaintenance } from "../points/service.server";
import { pushToShopify } from "../pushback/push.server";
import { runShopifySegmentsSync } from "../segments-sync/sync.server";
import { unsubscribeFromEmailMarketing } from "../shopify/marketing-consent.server";
import { adminClientFor } from "../shopify/shop-client.server";
import { runBackfill } from "../sync/backfill.server";
import { runHistoryImportJob } from "../sync/history-import.server";
import { handBackWebhookJob, parkWebhookEvent } from "../sync/inbox-worker.server";
import { runReconcile } from "../sync/reconcile.server";
import { type JobName, JobNames, type ParsedJobPayload } from "./catalog";
import { type JobContext, type JobHandler, type JobQueue, jobHandler } from "./queue.server";

/**
 * Every job the worker runs: name → handler, one table shared by the embedded worker, `kizuna worker`
 * and tests. Names and payload schemas are in ./catalog; a handler gets its payload already checked.
 */
export interface JobDeps {
  client: Db;
  /** where a job queues its follow-up work (the same queue that runs it) */
  queue: JobQueue;
  now?: () => Date;
  /** the channel journey messages go through (default: the email channel from SMTP_URL / MAIL_FROM) */
  journeyChannel?: MessageChannel;
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
  const journeyNow = deps.now ?? kizunaNow;
  const log = deps.log ?? ((line: string) => console.warn(line));
  const installed = <N extends JobName>(
    name: N,
    run: (shop: InstalledShop, payload: ParsedJobPayload<N>, job: JobContext) => Promise<void>,
  ) => jobHandler(name, withInstalledShop(client, run));
  const points = { queue };

  return {
    [JobNames.backfill]: installed(JobNames.backfill, async (shop) => {
      await runBackfill(client, shop, { admin: await adminClientFor(client, shop) });
    }),
    [JobNames.reconcile]: installed(JobNames.reconcile, async (shop) => {
      await runReconcile(client, shop, { admin: await adminClientFor(client, shop) });
    }),
    // Webhooks are applied by the inbox's batches (runtime.server); a job queued before them hands its event back.
    [JobNames.applyWebhook]: jobHandler(
      JobNames.applyWebhook,
      (payload) => handBackWebhookJob(client, payload, now()),
      (payload, error) => parkWebhookEvent(client, payload, error),
    ),
    [JobNames.recompute]: installed(JobNames.recompute, async (shop) => {
      await runRecomputeJob(client, queue, shop, now());
    }),
    [JobNames.incrementalAnalytics]: installed(JobNames.incrementalAnalytics, async (shop, payload) => {
      await runIncrementalJob(client, queue, shop, new Date(payload.since), now(), () => adminClientFor(client, shop));
    }),
    [JobNames.push]: installed(JobNames.push, async (shop) => {
      await pushToShopify(client, shop, await adminClientFor(client, shop));
    }),
    // decision 027: definitions always (install, first sync, Settings); Shopify segments only while the setting is on
    [JobNames.shopifySegmentsSync]: installed(JobNames.shopifySegmentsSync, async (shop) => {
      await runShopifySegmentsSync(client, shop, await adminClientFor(client, shop), now());
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
    // Journeys run on Kizuna's clock (app/lib/clock: the demo moves it with the emulator's time, decision 020).
    [JobNames.journeysEnrolOrder]: installed(JobNames.journeysEnrolOrder, async (shop, payload) => {
      await enrolOrderJob(client, shop, BigInt(payload.orderId), journeyNow(), queue);
    }),
    [JobNames.journeysRunDue]: installed(JobNames.journeysRunDue, async (shop) => {
      const admin = () => adminClientFor(client, shop);
      await runDueJob(client, shop, journeyNow(), { queue, admin, log, channel: deps.journeyChannel });
    }),
    [JobNames.journeysDaily]: installed(JobNames.journeysDaily, async (shop) => {
      await dailyJob(client, shop, journeyNow(), queue);
    }),
    [JobNames.purgePayloads]: jobHandler(JobNames.purgePayloads, async (payload) => {
      await purgeShopWebhookPayloads(client, payload.shopId, now());
    }),
    [JobNames.mailConsentUpdate]: installed(JobNames.mailConsentUpdate, async (shop, payload) => {
      const outcome = await unsubscribeFromEmailMarketing(await adminClientFor(client, shop), BigInt(payload.customerId), now());
      if (outcome === "gone") log(`[mail] ${shop.domain} customer ${payload.customerId} is gone: consent not updated`);
    }),
    // LINE webhook events (decision 025); link codes expire on Kizuna's clock, as journeys run on it
    [JobNames.lineApplyEvents]: installed(JobNames.lineApplyEvents, async (shop) => {
      await applyLineEventsJob(client, shop, journeyNow(), { queue, log });
    }),
    // Shopify Flow (decision 026): the trigger outbox sender, and the daily evaluation (tiers, points expiring).
    [JobNames.flowSend]: installed(JobNames.flowSend, async (shop) => {
      const outcome = await sendPendingFlowEvents(client, shop, () => adminClientFor(client, shop), now());
      // thrown so the queue retries with backoff; the events keep their own attempt counts
      if (outcome.interrupted) throw new Error(`Shopify Flow trigger not sent: ${outcome.interrupted}`);
    }),
    [JobNames.flowDaily]: installed(JobNames.flowDaily, async (shop) => {
      await runFlowDaily(client, shop, journeyNow(), queue);
    }),
    // A history import (decision 029): validated whole, then written; the analytics follow at once.
    [JobNames.historyImport]: installed(JobNames.historyImport, async (shop, payload) => {
      if (await runHistoryImportJob(client, shop, payload, now())) await queueRecompute(queue, shop.id, 0);
    }),
    [JobNames.pointsRecoverRedemptions]: installed(JobNames.pointsRecoverRedemptions, async (shop) => {
      const recovery = await recoverPendingRedemptions(client, shop, await adminClientFor(client, shop), now(), points);
      if (recovery.nextDueAt) await scheduleRedemptionRecovery(shop, recovery.nextDueAt, points);
    }),
  };
}
