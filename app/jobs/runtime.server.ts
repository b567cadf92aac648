import { queueRecompute, shopsNeedingRecompute } from "../analytics/job.server";
import type { Db } from "../db/client.server";
import { applyDueEvents } from "../sync/inbox-worker.server";
import { jobHandlers } from "./handlers.server";
import { JobNames } from "./names";
import type { JobQueue } from "./queue.server";

/**
 * Everything that runs in the background of a Kizuna process: the job queue, the webhook inbox drain and
 * a small scheduler for periodic work. The web process runs it (KIZUNA_WORKER=embedded) or `kizuna worker`.
 */
export interface BackgroundWork {
  stop(): Promise<void>;
}

export interface BackgroundOptions {
  inboxIntervalMs?: number;
  scheduleIntervalMs?: number;
  /** how old the reconciliation watermark may get before a reconcile is queued */
  reconcileEveryMs?: number;
  log?: (line: string) => void;
}

export async function startBackgroundWork(client: Db, queue: JobQueue, options: BackgroundOptions = {}): Promise<BackgroundWork> {
  const log = options.log ?? ((line: string) => console.log(line));
  let running = true;
  await queue.start(jobHandlers(client));

  const inbox = (async () => {
    while (running) {
      try {
        const result = await applyDueEvents(client);
        for (const shopId of result.changedShops) await queueRecompute(queue, shopId);
        if (result.applied + result.failed + result.parked > 0) continue; // more may be waiting
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
    async stop() {
      running = false;
      await Promise.all([inbox, scheduler]);
      await queue.stop();
    },
  };
}

/**
 * Queues reconciliation for installed shops whose watermark is old, and a recompute for shops whose data
 * changed since their last analysis (after a backfill or reconciliation), once each (singleton keys).
 */
export async function scheduleDueWork(client: Db, queue: JobQueue, reconcileEveryMs: number, now = new Date()): Promise<void> {
  for (const shop of await shopsNeedingRecompute(client, now)) await queueRecompute(queue, shop.id, 0, now);
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
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
