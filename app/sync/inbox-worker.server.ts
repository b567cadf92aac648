import type { Db } from "../db/client.server";
import type { JobNames, ParsedJobPayload } from "../jobs/catalog";
import { parseShopSettings } from "../domain/settings/shop-settings";
import { applyClaimedEvents, errorMessage, type InboxShop, MAX_ATTEMPTS } from "./apply-batch.server";
import { claimInboxBatch, INBOX_LEASE_MS } from "./inbox-claim.server";

/**
 * The webhook inbox's way to the store copy (decision 023). Intake stores each verified delivery as a
 * pending WebhookEvent; every worker process claims due events in batches (./inbox-claim.server: SKIP LOCKED
 * on PostgreSQL, a conditional update on SQLite, only the oldest unfinished event of each order or customer).
 * A batch is applied in waves of multi-row statements, one transaction each (./apply-batch.server), so workers
 * side by side share the inbox. The events of one order are applied in the order they arrived.
 * A failing event is retried with the `sync.apply-webhook` retry policy (../jobs/catalog) and parked, with its
 * error, for the Sync health page's replay when it has failed too often; a worker that dies leaves its claims
 * to expire.
 */
export { MAX_ATTEMPTS };
/** events a worker claims at once (applied in waves of one transaction each) */
export const INBOX_BATCH = 500;
/** how long the worker trusts a shop row it has read (its currency, the points switch) */
export const SHOP_TTL_MS = 2_000;

type WebhookJob = ParsedJobPayload<typeof JobNames.applyWebhook>;

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

/** The queue gave up on an event's job: park the event with its error until someone replays it. */
export async function parkWebhookEvent(client: Db, payload: WebhookJob, error: unknown): Promise<void> {
  await client.webhookEvent.updateMany({
    where: { id: payload.eventId, shopId: payload.shopId, status: { in: ["pending", "processing"] } },
    data: { status: "parked", lastError: errorMessage(error) },
  });
}

export interface InboxRunResult {
  applied: number;
  /** failed and to be retried */
  failed: number;
  parked: number;
  /** shops whose customers or orders changed */
  changedShops: Set<number>;
}

export interface InboxBatchResult extends InboxRunResult {
  /** events this worker claimed (0: nothing was due) */
  claimed: number;
}

export interface InboxHooks {
  now?: () => Date;
  shops?: ShopLookup;
  /** after the batch committed, once per shop whose customers or orders it changed */
  onDataChanged?: (shopId: number) => Promise<void>;
  /** as each of the batch's transactions commits, with the ids it applied in the order it applied them (tests) */
  onApplied?: (eventIds: number[]) => void;
}

/**
 * Claims up to `limit` due events and applies them (./apply-batch.server: waves of multi-row statements, one
 * transaction each; a wave that fails is applied event by event, so one bad event costs only itself a retry).
 */
export async function applyInboxBatch(
  client: Db,
  options: InboxHooks & { limit?: number; shopId?: number } = {},
): Promise<InboxBatchResult> {
  const now = options.now ?? (() => new Date());
  const shops = options.shops ?? shopLookup(client, 0);
  const result: InboxBatchResult = { claimed: 0, applied: 0, failed: 0, parked: 0, changedShops: new Set() };
  const claims = await claimInboxBatch(client, { now: now(), limit: options.limit ?? INBOX_BATCH, shopId: options.shopId });
  result.claimed = claims.length;
  if (claims.length === 0) return result;
  const events = await client.webhookEvent.findMany({
    where: { id: { in: claims.map((claim) => claim.id) } },
    select: { id: true, shopId: true, topic: true, payload: true, triggeredAt: true, receivedAt: true },
    orderBy: { id: "asc" },
  });
  const attemptOf = new Map(claims.map((claim) => [claim.id, claim.attempts]));
  await applyClaimedEvents(client, events, attemptOf, { now, shops, onApplied: options.onApplied }, result);
  for (const shopId of result.changedShops) await options.onDataChanged?.(shopId);
  return result;
}

/**
 * Applies the inbox until nothing is due (tests and the CLI use it instead of a background worker): the
 * same claims and batches as the worker.
 */
export async function applyDueEvents(client: Db, options: { now?: () => Date; shopId?: number } = {}): Promise<InboxRunResult> {
  const total: InboxRunResult = { applied: 0, failed: 0, parked: 0, changedShops: new Set() };
  const shops = shopLookup(client, SHOP_TTL_MS);
  for (;;) {
    const batch = await applyInboxBatch(client, { ...options, shops });
    if (batch.claimed === 0) return total;
    total.applied += batch.applied;
    total.failed += batch.failed;
    total.parked += batch.parked;
    for (const shopId of batch.changedShops) total.changedShops.add(shopId);
  }
}

/**
 * A `sync.apply-webhook` job queued before decision 023 (one job per event): its event goes back to the
 * inbox, due now, unless a worker has claimed it since.
 */
export async function handBackWebhookJob(client: Db, payload: WebhookJob, now = new Date()): Promise<void> {
  await client.webhookEvent.updateMany({
    where: {
      id: payload.eventId,
      shopId: payload.shopId,
      status: "processing",
      nextAttemptAt: { gt: new Date(now.getTime() + INBOX_LEASE_MS) },
    },
    data: { status: "pending", nextAttemptAt: now },
  });
}

/** Puts a parked event back in the queue (the Sync health page's replay button). */
export async function replayEvent(client: Db, shopId: number, eventId: number): Promise<boolean> {
  const updated = await client.webhookEvent.updateMany({
    where: { id: eventId, shopId, status: "parked" },
    data: { status: "pending", attempts: 0, nextAttemptAt: new Date(), lastError: null },
  });
  return updated.count === 1;
}
