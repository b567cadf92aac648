import { type Db, dialectOf } from "../db/client.server";
import { markShopDataChanged } from "../db/shops.server";
import { JobNames, type ParsedJobPayload, retryDelayMs, retryPolicy } from "../jobs/catalog";
import { parseShopSettings } from "../domain/settings/shop-settings";
import { applyEvent, InvalidWebhookPayload, type StoredEvent } from "./apply-event.server";
import { claimInboxBatch, INBOX_LEASE_MS, retakeClaims } from "./inbox-claim.server";

/**
 * The webhook inbox's way to the store copy (decision 023). Intake stores each verified delivery as a
 * pending WebhookEvent; every worker process claims due events in batches (./inbox-claim.server: SKIP LOCKED
 * on PostgreSQL, a conditional update on SQLite, only the oldest unfinished event of each order or customer).
 * On PostgreSQL a batch is applied in one transaction, so workers side by side share the inbox; SQLite (one
 * writer) applies a batch's events one by one. The events of one order are applied in the order they arrived.
 * A failing event is retried with the `sync.apply-webhook` retry policy (../jobs/catalog) and parked, with its
 * error, for the Sync health page's replay when it has failed too often; a worker that dies leaves its claims
 * to expire.
 */
export const MAX_ATTEMPTS = retryPolicy(JobNames.applyWebhook).maxAttempts;
/** events a worker claims at once (and, on PostgreSQL, applies in one transaction) */
export const INBOX_BATCH = 50;
/** how long the worker trusts a shop row it has read (its currency, the points switch) */
export const SHOP_TTL_MS = 2_000;

type WebhookJob = ParsedJobPayload<typeof JobNames.applyWebhook>;

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
  /** after the batch committed, with the ids it applied in the order it applied them (tests) */
  onApplied?: (eventIds: number[]) => void;
}

const BATCH_TIMEOUT_MS = 60_000;

/**
 * Claims up to `limit` due events and applies them, on PostgreSQL in one transaction. When that fails (an
 * event throws, a deadlock with another worker's batch), it is rolled back and its events are applied one by
 * one, each as before batches existed, so one bad event costs only itself a retry.
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
  let applied: number[] = [];
  if (dialectOf(client) === "sqlite") {
    // One writer at a time: a transaction held across a whole batch would make intake's own writer (another
    // connection in the same process, decision 007) wait on it synchronously, blocking the very event loop the
    // batch needs to finish. SQLite applies the claimed events one by one, each in its own short transactions.
    applied = await applyOneByOne(client, events, attemptOf, { now, shops }, result);
    if (applied.length > 0) options.onApplied?.(applied);
    for (const shopId of result.changedShops) await options.onDataChanged?.(shopId);
    return result;
  }
  try {
    applied = await client.$transaction(
      async (transaction) => {
        const tx = flattened(transaction as Db);
        const held = await retakeClaims(tx, claims, new Date(now().getTime() + INBOX_LEASE_MS));
        const done: number[] = [];
        const erased = new Set<number>();
        for (const event of events) {
          if (!held.has(event.id) || erased.has(event.shopId)) continue;
          const shop = await shops.get(event.shopId);
          if (!shop) {
            await parkEvent(tx, event.id, "The event's shop is gone", result);
            continue;
          }
          try {
            const outcome = await applyEvent(tx, shop, event);
            if (outcome.shopErased) {
              erased.add(shop.id); // its events went with it
              continue;
            }
            if (outcome.dataChanged) result.changedShops.add(shop.id);
            done.push(event.id);
          } catch (error) {
            // read before anything is written, so the transaction is still good: parked, the batch goes on
            if (!(error instanceof InvalidWebhookPayload)) throw error;
            await parkEvent(tx, event.id, errorMessage(error), result);
          }
        }
        if (done.length > 0) {
          await tx.webhookEvent.updateMany({
            where: { id: { in: done }, status: "processing" },
            data: { status: "applied", processedAt: now(), lastError: null },
          });
        }
        for (const shopId of result.changedShops) {
          const shop = await shops.get(shopId);
          if (shop) await markShopDataChanged(tx, shop, now());
        }
        return done;
      },
      { timeout: BATCH_TIMEOUT_MS, maxWait: BATCH_TIMEOUT_MS },
    );
    result.applied = applied.length;
  } catch (batchError) {
    result.parked = 0;
    result.changedShops.clear();
    applied = await applyOneByOne(client, events, attemptOf, { now, shops }, result, batchError);
  }
  if (applied.length > 0) options.onApplied?.(applied);
  for (const shopId of result.changedShops) await options.onDataChanged?.(shopId);
  return result;
}

/** The events of a failed batch, each on its own: applied, or retried later, or parked. */
async function applyOneByOne(
  client: Db,
  events: Array<StoredEvent & { shopId: number }>,
  attemptOf: Map<number, number>,
  hooks: { now: () => Date; shops: ShopLookup },
  result: InboxBatchResult,
  batchError?: unknown,
): Promise<number[]> {
  const done: number[] = [];
  const erased = new Set<number>();
  if (batchError !== undefined) {
    console.warn(`[inbox] a batch of ${events.length} failed (${errorMessage(batchError)}); applying its events one by one`);
  }
  for (const event of events) {
    const attempts = attemptOf.get(event.id) ?? 0;
    const mine = { id: event.id, attempts, status: "processing" };
    if (erased.has(event.shopId)) continue;
    const shop = await hooks.shops.get(event.shopId);
    if (!shop) continue;
    try {
      const outcome = await applyEvent(client, shop, event);
      if (outcome.shopErased) {
        erased.add(shop.id);
        continue;
      }
      const marked = await client.webhookEvent.updateMany({
        where: mine,
        data: { status: "applied", processedAt: hooks.now(), lastError: null },
      });
      if (marked.count === 1) done.push(event.id);
      if (outcome.dataChanged) {
        await markShopDataChanged(client, shop, hooks.now());
        result.changedShops.add(shop.id);
      }
    } catch (error) {
      const giveUp = error instanceof InvalidWebhookPayload || attempts >= MAX_ATTEMPTS;
      await client.webhookEvent.updateMany({
        where: mine,
        data: giveUp
          ? { status: "parked", lastError: errorMessage(error) }
          : {
              status: "pending",
              lastError: errorMessage(error),
              nextAttemptAt: new Date(hooks.now().getTime() + retryDelayMs(JobNames.applyWebhook, attempts)),
            },
      });
      if (giveUp) result.parked++;
      else result.failed++;
    }
  }
  result.applied = done.length;
  return done;
}

async function parkEvent(tx: Db, eventId: number, reason: string, result: InboxRunResult): Promise<void> {
  await tx.webhookEvent.updateMany({
    where: { id: eventId, status: "processing" },
    data: { status: "parked", lastError: reason },
  });
  result.parked++;
}

/**
 * The batch's transaction, handed to code that opens transactions of its own (the store copy, the points
 * ledger): their transactions become part of the batch's (Prisma has no nested transactions).
 */
function flattened(tx: Db): Db {
  const proxy: Db = new Proxy(tx, {
    get(target, property) {
      if (property === "$transaction") {
        return async (work: unknown) => {
          if (typeof work === "function") return (work as (inner: Db) => Promise<unknown>)(proxy);
          const results: unknown[] = [];
          for (const query of work as Array<Promise<unknown>>) results.push(await query);
          return results;
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return proxy;
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

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
