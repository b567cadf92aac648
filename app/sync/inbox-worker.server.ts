import type { Db } from "../db/client.server";
import { markShopDataChanged } from "../db/shops.server";
import { JobNames, type ParsedJobPayload, retryPolicy } from "../jobs/catalog";
import { EmbeddedJobQueue, type JobContext, type JobQueue, jobHandler } from "../jobs/queue.server";
import { parseShopSettings } from "../domain/settings/shop-settings";
import { applyEvent, InvalidWebhookPayload } from "./apply-event.server";

/**
 * The webhook inbox's way to the store copy. Intake stores each verified delivery as a pending
 * WebhookEvent (the outbox); `queueDueEvents` hands pending events to the job queue as one
 * `sync.apply-webhook` job each, and the job applies it. Claiming, lease expiry after a killed worker,
 * backoff and giving up are the queue's (app/jobs: the embedded engine on SQLite, pg-boss on PostgreSQL);
 * giving up parks the event with its error for the Sync health page's replay.
 */
export const MAX_ATTEMPTS = retryPolicy(JobNames.applyWebhook).maxAttempts;
/**
 * An event handed to the queue is handed over again if it is still unfinished this long after, in case its
 * job was lost with the queue (never the normal path: retries and expired leases are the queue's). Longer
 * than the job's longest retry delay, so a job that is still retrying is never doubled.
 */
export const HANDOFF_HORIZON_MS = 30 * 60_000;
const BATCH = 200;
/** how long the worker trusts a shop row it has read (its currency, the points switch) */
export const SHOP_TTL_MS = 2_000;

type WebhookJob = ParsedJobPayload<typeof JobNames.applyWebhook>;

/** Hands due events to the queue; returns how many. Safe to run in several processes at once. */
export async function queueDueEvents(
  client: Db,
  queue: JobQueue,
  options: { now?: Date; shopId?: number; limit?: number } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  const due = await client.webhookEvent.findMany({
    where: {
      ...(options.shopId ? { shopId: options.shopId } : {}),
      status: { in: ["pending", "processing"] },
      nextAttemptAt: { lte: now },
    },
    select: { id: true, shopId: true },
    orderBy: { id: "asc" },
    take: options.limit ?? BATCH,
  });
  if (due.length === 0) return 0;
  // Queue first, then mark them handed over ("processing"): a crash in between queues the same events
  // again, and the singleton key (and the job's own status check) makes that harmless.
  for (const event of due) {
    await queue.enqueue(
      JobNames.applyWebhook,
      { shopId: event.shopId, eventId: event.id },
      { shopId: event.shopId, singletonKey: `webhook:${event.id}` },
    );
  }
  await client.webhookEvent.updateMany({
    where: { id: { in: due.map((event) => event.id) }, status: { in: ["pending", "processing"] } },
    data: { status: "processing", nextAttemptAt: new Date(now.getTime() + HANDOFF_HORIZON_MS) },
  });
  return due.length;
}

export type WebhookJobOutcome = "applied" | "skipped" | "parked";

type InboxShop = { id: number; domain: string; currency: string; pointsEnabled: boolean; tagPrefix: string };
export interface ShopLookup {
  get(shopId: number): Promise<InboxShop | null>;
}

/**
 * The shop an event belongs to, remembered for `ttlMs` so a burst of one shop's webhooks reads it once
 * (a settings change, e.g. the points program switched on, is seen within `ttlMs`).
 */
export function shopLookup(client: Db, ttlMs: number): ShopLookup {
  const cache = new Map<number, { at: number; shop: InboxShop | null }>();
  return {
    async get(shopId) {
      const cached = cache.get(shopId);
      if (cached && Date.now() - cached.at < ttlMs) return cached.shop;
      const record = await client.shop.findUnique({
        where: { id: shopId },
        select: { id: true, domain: true, currency: true, settings: true },
      });
      const settings = record && parseShopSettings(record.settings);
      const shop = record &&
        settings && {
          id: record.id,
          domain: record.domain,
          currency: record.currency,
          pointsEnabled: settings.points.enabled,
          tagPrefix: settings.push.tagPrefix,
        };
      cache.set(shopId, { at: Date.now(), shop });
      return shop;
    },
  };
}

/**
 * The `sync.apply-webhook` job: applies one stored event. A failure is recorded on the event and thrown,
 * so the queue retries it with backoff; `parkWebhookEvent` runs when the queue gives up.
 */
export async function applyWebhookJob(
  client: Db,
  payload: WebhookJob,
  job: Pick<JobContext, "attempt">,
  hooks: { now?: () => Date; onDataChanged?: (shopId: number) => Promise<void>; shops?: ShopLookup } = {},
): Promise<WebhookJobOutcome> {
  const now = hooks.now ?? (() => new Date());
  const event = await client.webhookEvent.findFirst({ where: { id: payload.eventId, shopId: payload.shopId } });
  // applied or parked meanwhile (a duplicate job), or erased with its shop
  if (!event || (event.status !== "pending" && event.status !== "processing")) return "skipped";
  const shop = await (hooks.shops ?? shopLookup(client, 0)).get(event.shopId);
  if (!shop) return "skipped";
  try {
    const outcome = await applyEvent(client, shop, event);
    if (outcome.shopErased) return "applied";
    await client.webhookEvent.updateMany({
      where: { id: event.id, shopId: shop.id },
      data: { status: "applied", processedAt: now(), lastError: null, attempts: job.attempt },
    });
    if (outcome.dataChanged) {
      await markShopDataChanged(client, shop, now());
      await hooks.onDataChanged?.(shop.id);
    }
    return "applied";
  } catch (error) {
    if (error instanceof InvalidWebhookPayload) {
      // The stored body cannot be read (it no longer passes its topic's schema): no retry can help, so it is
      // parked at once with the reason, for the Sync health page, instead of being retried eight times.
      await client.webhookEvent.updateMany({
        where: { id: event.id, shopId: shop.id },
        data: { status: "parked", lastError: errorMessage(error), attempts: job.attempt },
      });
      return "parked";
    }
    await client.webhookEvent.updateMany({
      where: { id: event.id, shopId: shop.id },
      data: {
        status: "pending",
        lastError: errorMessage(error),
        attempts: job.attempt,
        nextAttemptAt: new Date(now().getTime() + HANDOFF_HORIZON_MS),
      },
    });
    throw error;
  }
}

/** The queue gave up on an event's job: park the event with its error until someone replays it. */
export async function parkWebhookEvent(client: Db, payload: WebhookJob, error: unknown): Promise<void> {
  await client.webhookEvent.updateMany({
    where: { id: payload.eventId, shopId: payload.shopId, status: { in: ["pending", "processing"] } },
    data: { status: "parked", lastError: errorMessage(error) },
  });
}

export interface InboxRunResult {
  applied: number;
  failed: number;
  parked: number;
  /** shops whose customers or orders changed */
  changedShops: Set<number>;
}

/**
 * Hands due events to a queue and runs that queue's webhook jobs until none is due: tests and the CLI
 * use it to apply the inbox without a background worker. Same jobs, same queue loop as the worker.
 */
export async function applyDueEvents(
  client: Db,
  options: { now?: () => Date; shopId?: number; queue?: JobQueue } = {},
): Promise<InboxRunResult> {
  const now = options.now ?? (() => new Date());
  const queue = options.queue ?? new EmbeddedJobQueue(client, now, () => undefined);
  const result: InboxRunResult = { applied: 0, failed: 0, parked: 0, changedShops: new Set() };
  const shops = shopLookup(client, SHOP_TTL_MS);
  await queueDueEvents(client, queue, { now: now(), shopId: options.shopId });
  const apply = jobHandler(
    JobNames.applyWebhook,
    async (payload, job) => {
      const outcome = await applyWebhookJob(client, payload, job, {
        now,
        shops,
        onDataChanged: async (shopId) => {
          result.changedShops.add(shopId);
        },
      });
      if (outcome === "applied") result.applied++;
      if (outcome === "parked") result.parked++;
    },
    async (payload, error) => {
      await parkWebhookEvent(client, payload, error);
      result.parked++;
    },
  );
  await queue.drain({
    [JobNames.applyWebhook]: async (job) => {
      try {
        await apply(job);
      } catch (error) {
        if (job.attempt < job.maxAttempts) result.failed++;
        throw error;
      }
    },
  });
  return result;
}

/** Puts a parked event back in the queue (the Sync health page's replay button). */
export async function replayEvent(client: Db, shopId: number, eventId: number): Promise<boolean> {
  const updated = await client.webhookEvent.updateMany({
    where: { id: eventId, shopId, status: "parked" },
    data: { status: "pending", attempts: 0, nextAttemptAt: new Date(), lastError: null },
  });
  return updated.count === 1;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
