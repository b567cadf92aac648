import type { Db } from "../db/client.server";
import { markShopDataChanged } from "../db/shops.server";
import { parseShopSettings } from "../settings/shop-settings";
import { applyEvent } from "./apply-event.server";

/**
 * Drains the webhook inbox. Several workers (processes, machines) may run this at once: an event is
 * claimed by a conditional update before it is applied, and a claim left by a killed worker expires.
 * A failing event is retried with backoff and parked, with its error, after MAX_ATTEMPTS.
 */
export const MAX_ATTEMPTS = 8;
const CLAIM_LEASE_MS = 2 * 60_000;
const BATCH = 200;

export function eventRetryDelayMs(attempt: number): number {
  return Math.min(1_000 * 2 ** attempt, 15 * 60_000);
}

export interface InboxRunResult {
  applied: number;
  failed: number;
  parked: number;
  /** shops whose customers or orders changed */
  changedShops: Set<number>;
}

export async function applyDueEvents(client: Db, options: { now?: () => Date; shopId?: number } = {}): Promise<InboxRunResult> {
  const now = options.now ?? (() => new Date());
  const result: InboxRunResult = { applied: 0, failed: 0, parked: 0, changedShops: new Set() };
  const due = await client.webhookEvent.findMany({
    where: {
      ...(options.shopId ? { shopId: options.shopId } : {}),
      status: { in: ["pending", "processing"] },
      nextAttemptAt: { lte: now() },
    },
    orderBy: { id: "asc" },
    take: BATCH,
  });
  const shops = new Map<number, { id: number; domain: string; currency: string; pointsEnabled: boolean } | null>();
  for (const candidate of due) {
    const claimedAt = now();
    const claim = await client.webhookEvent.updateMany({
      where: { id: candidate.id, status: candidate.status, attempts: candidate.attempts },
      data: {
        status: "processing",
        attempts: candidate.attempts + 1,
        nextAttemptAt: new Date(claimedAt.getTime() + CLAIM_LEASE_MS),
      },
    });
    if (claim.count !== 1) continue;
    const event = candidate;
    if (!shops.has(event.shopId)) {
      const record = await client.shop.findUnique({
        where: { id: event.shopId },
        select: { id: true, domain: true, currency: true, settings: true },
      });
      shops.set(
        event.shopId,
        record && {
          id: record.id,
          domain: record.domain,
          currency: record.currency,
          pointsEnabled: parseShopSettings(record.settings).points.enabled,
        },
      );
    }
    const shop = shops.get(event.shopId);
    if (!shop) continue; // the shop was erased meanwhile, and its events with it
    try {
      const outcome = await applyEvent(client, shop, event);
      if (outcome.shopErased) {
        shops.set(event.shopId, null);
        continue;
      }
      await client.webhookEvent.update({
        where: { id: event.id },
        data: { status: "applied", processedAt: now(), lastError: null },
      });
      if (outcome.dataChanged) result.changedShops.add(shop.id);
      result.applied++;
    } catch (error) {
      const attempt = candidate.attempts + 1;
      const parked = attempt >= MAX_ATTEMPTS;
      await client.webhookEvent.update({
        where: { id: event.id },
        data: {
          status: parked ? "parked" : "pending",
          lastError: error instanceof Error ? error.message : String(error),
          nextAttemptAt: new Date(now().getTime() + eventRetryDelayMs(attempt)),
        },
      });
      if (parked) result.parked++;
      else result.failed++;
    }
  }
  for (const shopId of result.changedShops) {
    const shop = shops.get(shopId);
    if (shop) await markShopDataChanged(client, shop, now());
  }
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
