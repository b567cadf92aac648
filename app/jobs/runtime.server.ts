import { queueIncrementalAnalytics } from "../analytics/incremental.server";
import { queueRecompute, shopsNeedingRecompute } from "../analytics/job.server";
import type { Db } from "../db/client.server";
import { shopsWithPendingFlowEvents } from "../db/flow.server";
import { shopsWithActiveJourneys } from "../db/journeys.server";
import { parseShopSettings } from "../domain/settings/shop-settings";
import { applyInboxBatch, SHOP_TTL_MS, shopLookup } from "../sync/inbox-worker.server";
import { JobNames } from "./catalog";
import type { JobQueue } from "./queue.server";
import { jobHandlers } from "./registry.server";

/**
 * Everything that runs in the background of a Kizuna process: the job queue's worker, the hand-off of
 * stored webhooks to it and a small scheduler for periodic work. The web process runs it
 * (KIZUNA_WORKER=embedded) or `kizuna worker`.
 */
export interface BackgroundWork {
  /** Stops taking work at once; running jobs get `graceMs` to finish, then are released (JobQueue.stop). */
  stop(options?: { graceMs?: number }): Promise<void>;
}

export interface BackgroundOptions {
  inboxIntervalMs?: number;
  scheduleIntervalMs?: number;
  /** how old the reconciliation watermark may get before a reconcile is queued */
  reconcileEveryMs?: number;
  log?: (line: string) => void;
}

const DAY_MS = 86_400_000;
/** The full recompute (refit, new score thresholds) of a shop whose data changed runs about once a day. */
const REFIT_EVERY_MS = 20 * 60 * 60_000;

export async function startBackgroundWork(client: Db, queue: JobQueue, options: BackgroundOptions = {}): Promise<BackgroundWork> {
  const log = options.log ?? ((line: string) => console.log(line));
  let running = true;
  // Every wait below ends at once on stop(): SIGTERM must not sit out a 60 s scheduler interval.
  const stopping = new AbortController();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopping.signal.aborted) return resolve();
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        stopping.signal.removeEventListener("abort", wake);
        resolve();
      }, ms);
      stopping.signal.addEventListener("abort", wake, { once: true });
    });
  await queue.start(jobHandlers({ client, queue, log }));

  // The customers a batch touched are re-scored within seconds; a burst of batches joins one queued run (one
  // queued per shop). Not throttled here: a batch applied after the queued run started needs a run of its own.
  const analyticsSoon = (shopId: number) => queueIncrementalAnalytics(queue, shopId);
  const shops = shopLookup(client, SHOP_TTL_MS);
  // The inbox: claim a batch, apply it (on PostgreSQL in one transaction), at once again while there was work
  // (decision 023).
  // The loop ends after its batch on stop(), well inside the shutdown budget.
  const inbox = (async () => {
    while (running) {
      try {
        if ((await applyInboxBatch(client, { shops, onDataChanged: analyticsSoon })).claimed > 0) continue;
      } catch (error) {
        log(`[inbox] ${String(error)}`);
      }
      await sleep(options.inboxIntervalMs ?? 200);
    }
  })();

  const scheduler = (async () => {
    while (running) {
      try {
        await scheduleDueWork(client, queue, options.reconcileEveryMs ?? 15 * 60_000);
      } catch (error) {
        log(`[scheduler] ${String(error)}`);
      }
      await sleep(options.scheduleIntervalMs ?? 60_000);
    }
  })();

  return {
    async stop(stopOptions = {}) {
      running = false;
      stopping.abort();
      // the loops end at once (their waits are aborted); then the queue, which may wait for running jobs
      await Promise.all([inbox, scheduler]);
      await queue.stop(stopOptions);
    },
  };
}

/**
 * The periodic work, queued once each (singleton keys): a full recompute for shops never analysed, and for
 * shops whose data changed since an analysis older than REFIT_EVERY_MS (webhooks re-score the customers they
 * touch in between, app/analytics/incremental.server), reconciliation for installed shops whose
 * watermark is old, and the daily points run for every installed shop with the points program on.
 */
export async function scheduleDueWork(client: Db, queue: JobQueue, reconcileEveryMs: number, now = new Date()): Promise<void> {
  for (const shop of await shopsNeedingRecompute(client, now, { refitEveryMs: REFIT_EVERY_MS })) {
    await queueRecompute(queue, shop.id, 0, now);
  }
  const stale = await client.shop.findMany({
    where: {
      installState: "installed",
      reconciledThrough: { lt: new Date(now.getTime() - reconcileEveryMs) },
    },
    select: { id: true },
  });
  for (const shop of stale) {
    await queue.enqueue(JobNames.reconcile, { shopId: shop.id }, { shopId: shop.id, singletonKey: `reconcile:${shop.id}` });
  }
  // Applied webhook bodies past the shop's retention go once a day, for every shop not erased (decision 008).
  for (const shop of await client.shop.findMany({ where: { installState: { not: "erased" } }, select: { id: true } })) {
    await queue.enqueue(
      JobNames.purgePayloads,
      { shopId: shop.id },
      { shopId: shop.id, singletonKey: `${JobNames.purgePayloads}:${shop.id}`, runAt: new Date(now.getTime() + DAY_MS) },
    );
  }
  const installed = await client.shop.findMany({ where: { installState: "installed" }, select: { id: true, settings: true } });
  for (const shop of installed) {
    if (!parseShopSettings(shop.settings).points.enabled) continue;
    // While one is queued this does nothing; once it has started, the next one is queued a day later.
    await queue.enqueue(
      JobNames.pointsDaily,
      { shopId: shop.id },
      { shopId: shop.id, singletonKey: `${JobNames.pointsDaily}:${shop.id}`, runAt: new Date(now.getTime() + DAY_MS) },
    );
  }
  // Shopify Flow (decision 026): the sender for shops with pending trigger events, the evaluation once a day.
  for (const shopId of await shopsWithPendingFlowEvents(client)) {
    await queue.enqueue(JobNames.flowSend, { shopId }, { shopId, singletonKey: `${JobNames.flowSend}:${shopId}` });
  }
  for (const shop of installed) {
    await queue.enqueue(
      JobNames.flowDaily,
      { shopId: shop.id },
      { shopId: shop.id, singletonKey: `${JobNames.flowDaily}:${shop.id}`, runAt: new Date(now.getTime() + DAY_MS) },
    );
  }
  // Journeys (decision 020): the step runner every scheduler tick (one queued per shop), the scan once a day.
  for (const shopId of await shopsWithActiveJourneys(client)) {
    await queue.enqueue(JobNames.journeysRunDue, { shopId }, { shopId, singletonKey: `${JobNames.journeysRunDue}:${shopId}` });
    await queue.enqueue(
      JobNames.journeysDaily,
      { shopId },
      { shopId, singletonKey: `${JobNames.journeysDaily}:${shopId}`, runAt: new Date(now.getTime() + DAY_MS) },
    );
  }
}
