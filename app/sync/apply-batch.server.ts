import { type Db, dialectOf } from "../db/client.server";
import { REDACTED_PAYLOAD } from "../db/customer-privacy.server";
import { hasLiveJourneys } from "../db/journeys.server";
import { inChunks } from "../db/in-chunks";
import { markShopDataChanged } from "../db/shops.server";
import { type StoreChanges, storeChangesProgram } from "../db/store-copy.server";
import { type Cell, runSqlProgram, type SqlProgram, type SqlRow } from "../db/upsert.server";
import { JobNames, retryDelayMs, retryPolicy } from "../jobs/catalog";
import { journeysAfterOrderEvent } from "../journeys/enrol.server";
import { pointsAfterOrderEvent } from "../points/service.server";
import { applyEvent, InvalidWebhookPayload, isEchoOfPush, type StoredEvent } from "./apply-event.server";
import { INBOX_LEASE_MS } from "./inbox-claim.server";
import { isWebhookTopic, readWebhook, type WebhookChange } from "./webhook-payloads";

/**
 * A claimed batch of inbox events applied as a few multi-row statements (issue 14, decision 024). The events
 * are read first (an unreadable body is parked on its own); the store changes — customers, orders with their
 * lines and refunds, lone refunds — then go in waves: a wave holds at most one event per order and per
 * customer, so it is one SQL program (one transaction, the same versioned upserts as one event at a time), and
 * an event that must wait for an earlier one of its order or customer goes in a later wave. Every other topic
 * (privacy requests, shop/redact, uninstall, …) is a wave of its own, applied as before, so a redaction in the
 * middle of a batch sees what came before it and scrubs what comes after. Points and journeys follow each
 * written order after its wave committed, then its event is marked applied (a worker that dies in between
 * leaves the event claimed; it is applied again after the lease, and the ledger appends nothing twice). A wave
 * that fails is rolled back and its events are applied one by one, so one bad event costs only itself a retry.
 */
export const MAX_ATTEMPTS = retryPolicy(JobNames.applyWebhook).maxAttempts;

export type InboxShop = { id: number; domain: string; currency: string; pointsEnabled: boolean; tagPrefix: string };

export interface BatchResult {
  applied: number;
  failed: number;
  parked: number;
  changedShops: Set<number>;
}

export interface BatchHooks {
  now: () => Date;
  shops: { get(shopId: number): Promise<InboxShop | null> };
  /** right after a transaction marked events applied, with their ids in the order they were applied */
  onApplied?: (eventIds: number[]) => void;
}

type ClaimedEvent = StoredEvent & { shopId: number };

/** events read between two turns of the event loop */
const YIELD_EVERY = 50;

interface ReadEvent {
  event: ClaimedEvent;
  attempts: number;
  shop: InboxShop;
  change: WebhookChange;
}

const BATCHED_TOPICS = new Set<string>([
  "customers/create",
  "customers/update",
  "orders/create",
  "orders/updated",
  "orders/cancelled",
  "refunds/create",
]);

/** What must not share a wave with this event: its order and its customer. */
function keysOf(change: WebhookChange): string[] {
  switch (change.topic) {
    case "customers/create":
    case "customers/update":
      return [`c${change.customer.id}`];
    case "orders/create":
    case "orders/updated":
    case "orders/cancelled": {
      const { order } = change.order;
      // the customer too: points tiers and journey enrolment read the customer's other orders
      return order.customerId === null ? [`o${order.id}`] : [`o${order.id}`, `c${order.customerId}`];
    }
    case "refunds/create":
      return [`o${change.refund.orderId}`];
    default:
      return [];
  }
}

/** Splits the read events into waves, in order: batched topics share a wave when no key repeats. */
export function waves<T extends { change: WebhookChange }>(events: T[]): Array<{ batched: boolean; events: T[] }> {
  const levels: Array<{ batched: boolean; events: T[] }> = [];
  const levelOf = new Map<string, number>();
  let barrier = -1;
  for (const item of events) {
    if (!BATCHED_TOPICS.has(item.change.topic)) {
      levels.push({ batched: false, events: [item] });
      barrier = levels.length - 1;
      continue;
    }
    const keys = keysOf(item.change);
    let level = barrier + 1;
    for (const key of keys) level = Math.max(level, (levelOf.get(key) ?? -1) + 1);
    while (levels.length <= level) levels.push({ batched: true, events: [] });
    // a singular wave never takes a batched event: keys only point at batched waves after the barrier
    levels[level].events.push(item);
    for (const key of keys) levelOf.set(key, level);
  }
  return levels.filter((level) => level.events.length > 0);
}

export async function applyClaimedEvents(
  client: Db,
  events: ClaimedEvent[],
  attemptOf: Map<number, number>,
  hooks: BatchHooks,
  result: BatchResult,
): Promise<number[]> {
  const done: number[] = [];
  const read: ReadEvent[] = [];
  for (const [index, event] of events.entries()) {
    // Reading a body is CPU work: let the embedded worker's web process answer requests now and then.
    if (index > 0 && index % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    const attempts = attemptOf.get(event.id) ?? 0;
    const shop = await hooks.shops.get(event.shopId);
    if (!shop) {
      await park(client, event.id, attempts, "The event's shop is gone", result);
      continue;
    }
    if (!isWebhookTopic(event.topic)) {
      await park(client, event.id, attempts, `Unknown webhook topic "${event.topic}"`, result);
      continue;
    }
    const reading = readWebhook(event.topic, event.payload, { currency: shop.currency, receivedAt: event.receivedAt });
    if (!reading.ok) {
      await park(client, event.id, attempts, reading.error, result);
      continue;
    }
    read.push({ event, attempts, shop, change: reading.change });
  }
  const erased = new Set<number>();
  for (const wave of waves(read)) {
    const live = wave.events.filter((item) => !erased.has(item.shop.id));
    if (live.length === 0) continue;
    if (!wave.batched) {
      done.push(...(await applyOneByOne(client, live, hooks, result, erased)));
      continue;
    }
    const byShop = new Map<number, ReadEvent[]>();
    for (const item of live) byShop.set(item.shop.id, [...(byShop.get(item.shop.id) ?? []), item]);
    for (const group of byShop.values()) {
      try {
        done.push(...(await applyWave(client, group, hooks, result)));
      } catch (error) {
        console.warn(`[inbox] a wave of ${group.length} events failed (${errorMessage(error)}); applying them one by one`);
        done.push(...(await applyOneByOne(client, group, hooks, result, erased)));
      }
    }
  }
  return done;
}

class ClaimLost extends Error {}

/** One wave of one shop: one SQL program, then the points and journeys of its written orders. */
async function applyWave(client: Db, group: ReadEvent[], hooks: BatchHooks, result: BatchResult): Promise<number[]> {
  const shop = group[0].shop;
  const now = hooks.now();
  const changes: StoreChanges = { customers: [], orders: [], refunds: [] };
  const echoes = new Set<number>();
  for (const { event, change } of group) {
    const source = { triggeredAt: event.triggeredAt };
    if (change.topic === "customers/create" || change.topic === "customers/update") {
      if (change.topic === "customers/update" && (await isEchoOfPush(client, shop, change.customer))) echoes.add(event.id);
      changes.customers.push({ record: change.customer, source });
    } else if (change.topic === "orders/create" || change.topic === "orders/updated" || change.topic === "orders/cancelled") {
      changes.orders.push({ ...change.order, source });
    } else if (change.topic === "refunds/create") {
      changes.refunds.push(change.refund);
    }
  }
  const journeys = changes.orders.length > 0 && (await hasLiveJourneys(client, shop));
  const followsUp = (item: ReadEvent, written: Set<bigint>) => {
    const { change } = item;
    if (change.topic === "refunds/create") return shop.pointsEnabled;
    if ("order" in change) return written.has(change.order.order.id) && (shop.pointsEnabled || journeys);
    return false;
  };
  const dialect = dialectOf(client);
  const leaseUntil = new Date(now.getTime() + INBOX_LEASE_MS);

  const outcome = await runSqlProgram(client, function* (): SqlProgram<{
    written: Set<bigint>;
    changed: boolean;
    marked: SqlRow[];
  }> {
    // The claims still held (a lease that ran out may have been claimed again, which raised `attempts`).
    const held = yield* fenced(`UPDATE "WebhookEvent" SET "nextAttemptAt" = ?`, [leaseUntil], group);
    if (held !== group.length) throw new ClaimLost("a claim of the wave's events was lost");
    const { writtenOrders } = yield* storeChangesProgram(dialect, shop, changes, now);
    // A delivery about a redacted customer or order keeps no body once applied (decision 008).
    yield* forgetRedacted(shop.id, group);
    const changed = group.some(
      ({ event, change }) =>
        change.topic === "refunds/create" ||
        ("customer" in change && !echoes.has(event.id)) ||
        ("order" in change && writtenOrders.has(change.order.order.id)),
    );
    const finished = group.filter((item) => !followsUp(item, writtenOrders));
    const marked = finished.length > 0 ? ((yield* applied(finished, now)) as SqlRow[]) : [];
    if (changed) {
      yield { sql: `UPDATE "Shop" SET "dataChangedAt" = ?, "updatedAt" = ? WHERE "id" = ?`, params: [now, now, shop.id] };
    }
    return { written: writtenOrders, changed, marked };
  });

  const firstIds = outcome.marked.map((row) => Number(row.id));
  if (firstIds.length > 0) hooks.onApplied?.(firstIds);
  if (outcome.changed) result.changedShops.add(shop.id);
  const following = group.filter((item) => followsUp(item, outcome.written));
  for (const { change } of following) {
    const orderId = change.topic === "refunds/create" ? change.refund.orderId : "order" in change ? change.order.order.id : null;
    if (orderId === null) continue;
    // Each catches its own failure and queues a retry job: points never hold up the store copy.
    if (shop.pointsEnabled) await pointsAfterOrderEvent(client, shop, orderId);
    if (journeys && change.topic !== "refunds/create") await journeysAfterOrderEvent(client, shop, orderId);
  }
  const marked = [...firstIds];
  if (following.length > 0) {
    const rows = await runSqlProgram(client, function* (): SqlProgram<SqlRow[]> {
      return (yield* applied(following, hooks.now())) as SqlRow[];
    });
    const ids = rows.map((row) => Number(row.id));
    if (ids.length > 0) hooks.onApplied?.(ids);
    marked.push(...ids);
  }
  result.applied += marked.length;
  return marked;
}

/**
 * An update of the events whose claim is still this batch's (their `attempts` unchanged): `id IN (…)` per
 * attempt number (nearly always one), which the primary key serves, rather than one OR term per event.
 */
function* fenced(
  update: string,
  params: Cell[],
  group: ReadEvent[],
  tail = "",
): Generator<{ sql: string; params: Cell[] }, number | SqlRow[], SqlRow[] | number> {
  const byAttempts = new Map<number, number[]>();
  for (const item of group) byAttempts.set(item.attempts, [...(byAttempts.get(item.attempts) ?? []), item.event.id]);
  let changed = 0;
  const rows: SqlRow[] = [];
  for (const [attempts, all] of byAttempts) {
    for (const ids of inChunks(all)) {
      const result = yield {
        sql: `${update} WHERE "status" = 'processing' AND "attempts" = ? AND "id" IN (${ids.map(() => "?").join(", ")})${tail}`,
        params: [...params, attempts, ...ids],
      };
      if (typeof result === "number") changed += result;
      else rows.push(...result);
    }
  }
  return tail ? rows : changed;
}

function applied(
  group: ReadEvent[],
  now: Date,
): Generator<{ sql: string; params: Cell[] }, number | SqlRow[], SqlRow[] | number> {
  return fenced(
    `UPDATE "WebhookEvent" SET "status" = 'applied', "processedAt" = ?, "lastError" = NULL`,
    [now],
    group,
    ' RETURNING "id"',
  );
}

function* forgetRedacted(
  shopId: number,
  group: ReadEvent[],
): Generator<{ sql: string; params: Cell[] }, void, SqlRow[] | number> {
  const customers = new Map<bigint, number[]>();
  const orders = new Map<bigint, number[]>();
  const add = (map: Map<bigint, number[]>, id: bigint | null, eventId: number) => {
    if (id !== null) map.set(id, [...(map.get(id) ?? []), eventId]);
  };
  for (const { event, change } of group) {
    if ("customer" in change) {
      add(customers, change.customer.id, event.id);
    } else if ("order" in change) {
      add(customers, change.order.order.customerId, event.id);
      add(orders, change.order.order.id, event.id);
    } else if (change.topic === "refunds/create") {
      add(orders, change.refund.orderId, event.id);
    }
  }
  const forget = new Set<number>();
  for (const [table, column, map] of [
    ["RedactedCustomer", "customerId", customers],
    ["RedactedOrder", "orderId", orders],
  ] as const) {
    if (map.size === 0) continue;
    const ids = [...map.keys()];
    const rows = yield {
      sql: `SELECT "${column}" AS id FROM "${table}" WHERE "shopId" = ? AND "${column}" IN (${ids.map(() => "?").join(", ")})`,
      params: [shopId, ...ids],
    };
    for (const row of rows as SqlRow[]) for (const eventId of map.get(BigInt(row.id as bigint)) ?? []) forget.add(eventId);
  }
  if (forget.size === 0) return;
  const ids = [...forget];
  yield {
    sql: `UPDATE "WebhookEvent" SET "payload" = ? WHERE "shopId" = ? AND "id" IN (${ids.map(() => "?").join(", ")})`,
    params: [REDACTED_PAYLOAD, shopId, ...ids],
  };
}

/** Events on their own, each as before batches existed: applied, or retried later, or parked. */
async function applyOneByOne(
  client: Db,
  items: ReadEvent[],
  hooks: BatchHooks,
  result: BatchResult,
  erased: Set<number>,
): Promise<number[]> {
  const done: number[] = [];
  for (const { event, attempts, shop } of items) {
    const mine = { id: event.id, attempts, status: "processing" };
    if (erased.has(shop.id)) continue;
    try {
      const outcome = await applyEvent(client, shop, event);
      if (outcome.shopErased) {
        erased.add(shop.id); // its events went with it
        continue;
      }
      const marked = await client.webhookEvent.updateMany({
        where: mine,
        data: { status: "applied", processedAt: hooks.now(), lastError: null },
      });
      if (marked.count === 1) {
        done.push(event.id);
        result.applied++;
        hooks.onApplied?.([event.id]);
      }
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
  return done;
}

async function park(client: Db, eventId: number, attempts: number, reason: string, result: BatchResult): Promise<void> {
  const parked = await client.webhookEvent.updateMany({
    where: { id: eventId, attempts, status: "processing" },
    data: { status: "parked", lastError: reason },
  });
  result.parked += parked.count;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
