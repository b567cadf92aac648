import type { Db } from "../db/client.server";
import { type DeliveryShop, type ShopRef, shopForDelivery } from "../db/shops.server";
import { type Cell, insertIfAbsent } from "../db/upsert.server";
import { replayEvent } from "./inbox-worker.server";
import { isWebhookTopic, readWebhook, type WebhookTopic } from "./webhook-payloads";

/**
 * The webhook inbox's front door. Shopify wants a 2xx within 5 seconds and delivers at least once, so a
 * verified delivery is only validated — with the one schema per topic the worker applies — and stored here
 * (keyed by its webhook id: a duplicate is a no-op); the worker applies it later. Decision 007.
 */
export interface VerifiedDelivery {
  shopDomain: string;
  topic: string;
  webhookId: string;
  apiVersion: string | null;
  eventId: string | null;
  triggeredAt: string | null;
  rawBody: string;
}

export type DropReason = "unknown-shop" | "erased-shop" | "uninstalled-shop";

export type IntakeResult =
  | { outcome: "stored" }
  | { outcome: "duplicate" }
  /** stored, but never applied until someone replays it: the reason shows on the Sync health page */
  | { outcome: "parked"; error: string }
  /** not stored: the shop is not installed (only an install creates a shop) */
  | { outcome: "dropped"; reason: DropReason };

/**
 * Topics still stored for an uninstalled shop: Kizuna keeps its data until shop/redact (48 hours after
 * uninstall), so requests to erase or export a customer's data must still be honoured, and a repeated
 * app/uninstalled is harmless. Changes to orders and customers are not: nothing runs for the shop any more.
 */
const UNINSTALLED_SHOP_TOPICS: ReadonlySet<string> = new Set<WebhookTopic>([
  "app/uninstalled",
  "shop/redact",
  "customers/redact",
  "customers/delete",
  "customers/data_request",
]);

const dropped: Record<DropReason, number> = { "unknown-shop": 0, "erased-shop": 0, "uninstalled-shop": 0 };

/** Deliveries acknowledged and dropped since the process started, by reason (each drop is also logged). */
export function droppedDeliveries(): Readonly<Record<DropReason, number>> {
  return { ...dropped };
}

function dropReason(shop: DeliveryShop | null, topic: string): DropReason | null {
  if (!shop) return "unknown-shop";
  if (shop.installState === "installed") return null;
  if (shop.installState === "uninstalled") return UNINSTALLED_SHOP_TOPICS.has(topic) ? null : "uninstalled-shop";
  return "erased-shop";
}

/**
 * Stores one verified delivery. The shop is read on every delivery (one indexed lookup): a cache would
 * serve a shop that shop/redact erased, or drop deliveries after a reinstall, in another process's window.
 */
export async function storeWebhook(
  client: Db,
  delivery: VerifiedDelivery,
  routeTopic: WebhookTopic,
  receivedAt = new Date(),
): Promise<IntakeResult> {
  const shop = await shopForDelivery(client, delivery.shopDomain);
  const reason = dropReason(shop, delivery.topic);
  if (reason || !shop) {
    const why = reason ?? "unknown-shop";
    dropped[why]++;
    console.warn(
      `[webhooks] dropped ${delivery.topic} ${delivery.webhookId} for ${delivery.shopDomain}: ${why} ` +
        `(dropped since start: ${dropped["unknown-shop"]} unknown, ${dropped["erased-shop"]} erased, ${dropped["uninstalled-shop"]} uninstalled)`,
    );
    return { outcome: "dropped", reason: why };
  }

  const park = async (error: string): Promise<IntakeResult> => {
    // Recorded for the Sync health page, parked so the worker never applies it.
    const written = await insertEvent(client, shop.id, delivery, receivedAt, {
      status: "parked",
      lastError: error,
      resourceId: null,
      resourceUpdatedAt: null,
    });
    return written ? { outcome: "parked", error } : { outcome: "duplicate" };
  };

  if (!isWebhookTopic(delivery.topic)) return park(`Unknown webhook topic "${delivery.topic}"`);
  if (delivery.topic !== routeTopic) return park(`A "${delivery.topic}" webhook was sent to the "${routeTopic}" endpoint`);
  const reading = readWebhook(delivery.topic, delivery.rawBody, { currency: shop.currency, receivedAt });
  if (!reading.ok) return park(reading.error);
  const written = await insertEvent(client, shop.id, delivery, receivedAt, {
    status: "pending",
    lastError: null,
    resourceId: reading.resource.id,
    resourceUpdatedAt: reading.resource.updatedAt,
  });
  return written ? { outcome: "stored" } : { outcome: "duplicate" };
}

/** X-Shopify-Triggered-At as a Date; a missing or malformed header is null (the worker uses the arrival time). */
function triggeredAtOf(header: string | null): Date | null {
  if (!header) return null;
  const at = new Date(header);
  return Number.isNaN(at.getTime()) ? null : at;
}

type InboxRow = Record<string, Cell>;

interface PendingGroup {
  rows: InboxRow[];
  waiters: Array<{ resolve: (written: boolean) => void; reject: (error: unknown) => void }>;
}

/**
 * Group commit: the deliveries that arrive while the event loop is busy, or while the previous group is being
 * written, are stored together in one transaction (one fsync, one lock), then each is answered. A delivery
 * waits at most one turn of the event loop plus the write of the group before it.
 */
const groups = new WeakMap<Db, { pending: PendingGroup | null; writing: Promise<void> | null }>();

function insertEvent(
  client: Db,
  shopId: number,
  delivery: VerifiedDelivery,
  receivedAt: Date,
  fields: { status: string; lastError: string | null; resourceId: bigint | null; resourceUpdatedAt: Date | null },
): Promise<boolean> {
  let state = groups.get(client);
  if (!state) {
    state = { pending: null, writing: null };
    groups.set(client, state);
  }
  const row: InboxRow = {
    shopId,
    webhookId: delivery.webhookId,
    topic: delivery.topic,
    apiVersion: delivery.apiVersion,
    eventId: delivery.eventId,
    triggeredAt: triggeredAtOf(delivery.triggeredAt),
    payload: delivery.rawBody,
    receivedAt,
    nextAttemptAt: receivedAt,
    attempts: 0,
    ...fields,
  };
  return new Promise<boolean>((resolve, reject) => {
    const current = state;
    if (!current.pending) {
      current.pending = { rows: [], waiters: [] };
      // the first of a group schedules its write after the deliveries already read in this turn
      if (!current.writing) setImmediate(() => void flush(client, current));
    }
    current.pending.rows.push(row);
    current.pending.waiters.push({ resolve, reject });
  });
}

async function flush(client: Db, state: { pending: PendingGroup | null; writing: Promise<void> | null }): Promise<void> {
  const group = state.pending;
  state.pending = null;
  if (!group) return;
  const write = (async () => {
    try {
      // INSERT … ON CONFLICT DO NOTHING on (shopId, webhookId): a retried or duplicated delivery writes nothing.
      const written = await insertIfAbsent(client, "WebhookEvent", ["shopId", "webhookId"], group.rows);
      for (const [index, waiter] of group.waiters.entries()) waiter.resolve(written[index]);
    } catch (error) {
      for (const waiter of group.waiters) waiter.reject(error);
    }
  })();
  state.writing = write;
  await write;
  state.writing = null;
  // what arrived while this group was written is the next group
  if (state.pending) await flush(client, state);
}

export type ReplayResult = { replayed: true } | { replayed: false; error: string | null };

/**
 * The Sync health page's replay: the parked event is read again with its topic's schema (as of now, against
 * the time it was received); if it still does not read it stays parked with the reason, else it is queued.
 */
export async function replayParkedEvent(client: Db, shop: ShopRef, eventId: number): Promise<ReplayResult> {
  const event = await client.webhookEvent.findFirst({
    where: { id: eventId, shopId: shop.id, status: "parked" },
    select: { id: true, topic: true, payload: true, receivedAt: true, shop: { select: { currency: true } } },
  });
  if (!event) return { replayed: false, error: null };
  const reading = isWebhookTopic(event.topic)
    ? readWebhook(event.topic, event.payload, { currency: event.shop.currency, receivedAt: event.receivedAt })
    : { ok: false as const, error: `Unknown webhook topic "${event.topic}"` };
  if (!reading.ok) {
    await client.webhookEvent.updateMany({
      where: { id: event.id, shopId: shop.id, status: "parked" },
      data: { lastError: reading.error },
    });
    return { replayed: false, error: reading.error };
  }
  // Parked at intake, it was stored without its resource: the worker orders events by it.
  await client.webhookEvent.updateMany({
    where: { id: event.id, shopId: shop.id, status: "parked" },
    data: { resourceId: reading.resource.id, resourceUpdatedAt: reading.resource.updatedAt },
  });
  return (await replayEvent(client, shop.id, event.id)) ? { replayed: true } : { replayed: false, error: null };
}
