import type { Db } from "./client.server";
import { dialectOf } from "./client.server";
import { findInChunks } from "./in-chunks";
import type { ShopRef } from "./shops.server";
import { type Cell, upsertRows } from "./upsert.server";

/**
 * The write side of journeys (decision 020): journeys, the durable schedule (JourneyEntry: one row per
 * customer pass, due at `dueAt`, leased through `lockedUntil`) and the outbox (JourneyMessage: one row per
 * message, unique key, stable Message-ID). Every query is scoped by shop; id lists go in chunks.
 */

export type JourneyStatus = "draft" | "active" | "paused" | "archived";
export type EntryState = "active" | "converted" | "completed" | "exited";
export type ExitReason = "goal" | "unsubscribed" | "redacted" | "deleted" | "condition" | "journey-ended";
export type OutboxStatus = "pending" | "sending" | "sent" | "rejected" | "bounced" | "suppressed" | "held-out" | "failed";

export interface JourneyRow {
  id: number;
  shopId: number;
  templateKey: string | null;
  name: string;
  status: string;
  definition: string;
  holdoutShare: number;
  holdoutSalt: string;
  attributionDays: number;
  activatedAt: Date | null;
}

const JOURNEY_SELECT = {
  id: true,
  shopId: true,
  templateKey: true,
  name: true,
  status: true,
  definition: true,
  holdoutShare: true,
  holdoutSalt: true,
  attributionDays: true,
  activatedAt: true,
} as const;

export interface NewJourney {
  templateKey: string | null;
  name: string;
  /** JSON text, already validated (parseJourneyDefinition) */
  definition: string;
  holdoutShare: number;
  holdoutSalt: string;
  attributionDays: number;
}

export async function insertJourney(client: Db, shop: ShopRef, journey: NewJourney): Promise<JourneyRow> {
  return client.journey.create({ data: { shopId: shop.id, status: "draft", ...journey }, select: JOURNEY_SELECT });
}

export async function findJourney(client: Db, shop: ShopRef, journeyId: number): Promise<JourneyRow | null> {
  return client.journey.findFirst({ where: { id: journeyId, shopId: shop.id }, select: JOURNEY_SELECT });
}

export async function journeysWithStatus(client: Db, shop: ShopRef, statuses: JourneyStatus[]): Promise<JourneyRow[]> {
  return client.journey.findMany({
    where: { shopId: shop.id, status: { in: statuses } },
    select: JOURNEY_SELECT,
    orderBy: { id: "asc" },
  });
}

/** Shops with at least one active journey (the scheduler keeps a run-due job queued for each). */
export async function shopsWithActiveJourneys(client: Db): Promise<number[]> {
  const rows = await client.journey.findMany({
    where: { status: "active", shop: { installState: "installed" } },
    select: { shopId: true },
    distinct: ["shopId"],
  });
  return rows.map((row) => row.shopId);
}

export async function hasLiveJourneys(client: Db, shop: ShopRef): Promise<boolean> {
  const count = await client.journey.count({ where: { shopId: shop.id, status: { in: ["active", "paused"] } } });
  return count > 0;
}

/**
 * Sets a journey's status. Archiving ends its active entries (exit reason journey-ended); pausing keeps them
 * where they are (the worker only claims entries of active journeys).
 */
export async function updateJourneyStatus(
  client: Db,
  shop: ShopRef,
  journeyId: number,
  status: JourneyStatus,
  now: Date,
): Promise<boolean> {
  return client.$transaction(async (tx) => {
    const changed = await tx.journey.updateMany({
      where: { id: journeyId, shopId: shop.id },
      data: { status, ...(status === "active" ? { activatedAt: now } : {}) },
    });
    if (changed.count === 0) return false;
    if (status === "archived") {
      await tx.journeyEntry.updateMany({
        where: { shopId: shop.id, journeyId, state: "active" },
        data: { state: "exited", exitReason: "journey-ended", dueAt: null, lockedUntil: null, finishedAt: now },
      });
    }
    return true;
  });
}

export async function updateJourneyDefinition(
  client: Db,
  shop: ShopRef,
  journeyId: number,
  fields: Partial<Pick<NewJourney, "name" | "definition" | "holdoutShare" | "attributionDays">>,
): Promise<boolean> {
  const changed = await client.journey.updateMany({ where: { id: journeyId, shopId: shop.id }, data: fields });
  return changed.count > 0;
}

// ------------------------------------------------------------------------------------------ entries

export interface NewEntry {
  customerId: bigint;
  triggerKey: string;
  groupName: "treatment" | "holdout";
  enteredAt: Date;
  dueAt: Date;
}

/**
 * Enrols customers; an entry that already exists for (journey, customer, trigger key) is left alone, so
 * enrolling the same trigger twice (a retried job, a re-run daily scan) adds nothing. Returns how many were new.
 */
export async function insertEntries(client: Db, shop: ShopRef, journeyId: number, entries: NewEntry[]): Promise<number> {
  const now = new Date();
  const rows: Record<string, Cell>[] = entries.map((entry) => ({
    shopId: shop.id,
    journeyId,
    customerId: entry.customerId,
    groupName: entry.groupName,
    state: "active",
    stepIndex: 0,
    dueAt: entry.dueAt,
    enteredAt: entry.enteredAt,
    triggerKey: entry.triggerKey,
    createdAt: now,
    updatedAt: now,
  }));
  let inserted = 0;
  for (let start = 0; start < rows.length; start += 500) {
    inserted += await upsertRows(
      client,
      { table: "JourneyEntry", key: ["journeyId", "customerId", "triggerKey"], update: [] },
      rows.slice(start, start + 500),
    );
  }
  return inserted;
}

export interface EntryHistory {
  customerId: bigint;
  enteredAt: Date;
  state: string;
  triggerKey: string;
}

/** Earlier entries of these customers in a journey (for the re-entry rule). */
export async function entriesOfCustomers(
  client: Db,
  shop: ShopRef,
  journeyId: number,
  customerIds: bigint[],
): Promise<EntryHistory[]> {
  return findInChunks(customerIds, (ids) =>
    client.journeyEntry.findMany({
      where: { shopId: shop.id, journeyId, customerId: { in: ids } },
      select: { customerId: true, enteredAt: true, state: true, triggerKey: true },
    }),
  );
}

export interface EntryRow {
  id: number;
  journeyId: number;
  customerId: bigint;
  groupName: string;
  state: string;
  stepIndex: number;
  dueAt: Date | null;
  enteredAt: Date;
  triggerKey: string;
}

const ENTRY_SELECT = {
  id: true,
  journeyId: true,
  customerId: true,
  groupName: true,
  state: true,
  stepIndex: true,
  dueAt: true,
  enteredAt: true,
  triggerKey: true,
} as const;

/**
 * Claims up to `limit` due entries of the shop's active journeys for `leaseMs`: a lease another worker
 * cannot take until it expires (then it can: the worker that held it died). One statement: on PostgreSQL
 * the candidates are locked with FOR UPDATE SKIP LOCKED, so concurrent workers take different rows; on
 * SQLite writes are serialised and the conditional UPDATE … RETURNING is atomic by itself.
 */
export async function claimDueEntries(
  client: Db,
  shop: ShopRef,
  now: Date,
  options: { leaseMs: number; limit: number },
): Promise<EntryRow[]> {
  const postgres = dialectOf(client) === "postgresql";
  const at = (date: Date) => (postgres ? date : date.getTime());
  const p = (n: number) => (postgres ? `$${n}` : "?");
  const sql =
    `UPDATE "JourneyEntry" SET "lockedUntil" = ${p(1)} WHERE "id" IN (` +
    `SELECT e."id" FROM "JourneyEntry" e WHERE e."shopId" = ${p(2)} AND e."state" = 'active' AND e."dueAt" <= ${p(3)} ` +
    `AND (e."lockedUntil" IS NULL OR e."lockedUntil" < ${p(4)}) ` +
    `AND e."journeyId" IN (SELECT j."id" FROM "Journey" j WHERE j."shopId" = ${p(5)} AND j."status" = 'active') ` +
    `ORDER BY e."dueAt", e."id" LIMIT ${p(6)}${postgres ? " FOR UPDATE SKIP LOCKED" : ""}) RETURNING "id"`;
  const claimed = await client.$queryRawUnsafe<{ id: number }[]>(
    sql,
    at(new Date(now.getTime() + options.leaseMs)),
    shop.id,
    at(now),
    at(now),
    shop.id,
    options.limit,
  );
  if (claimed.length === 0) return [];
  const rows = await client.journeyEntry.findMany({
    where: { shopId: shop.id, id: { in: claimed.map((row) => Number(row.id)) } },
    select: ENTRY_SELECT,
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
  });
  return rows;
}

/** Moves an entry to its next step (due at `dueAt`) and releases its lease. */
export async function advanceEntry(
  client: Db,
  shop: ShopRef,
  entryId: number,
  next: { stepIndex: number; dueAt: Date },
): Promise<void> {
  await client.journeyEntry.updateMany({
    where: { id: entryId, shopId: shop.id, state: "active" },
    data: { stepIndex: next.stepIndex, dueAt: next.dueAt, lockedUntil: null },
  });
}

export async function finishEntry(
  client: Db,
  shop: ShopRef,
  entryId: number,
  end: {
    state: Exclude<EntryState, "active">;
    exitReason?: ExitReason | null;
    at: Date;
    convertedOrderId?: bigint | null;
    convertedAt?: Date | null;
  },
): Promise<boolean> {
  const changed = await client.journeyEntry.updateMany({
    where: { id: entryId, shopId: shop.id, state: "active" },
    data: {
      state: end.state,
      exitReason: end.exitReason ?? null,
      dueAt: null,
      lockedUntil: null,
      finishedAt: end.at,
      ...(end.convertedOrderId != null ? { convertedOrderId: end.convertedOrderId, convertedAt: end.convertedAt ?? end.at } : {}),
    },
  });
  return changed.count > 0;
}

/** The customer's active entries (for exits on an order, an unsubscribe, a redaction). */
export async function activeEntriesOfCustomer(client: Db, shop: ShopRef, customerId: bigint): Promise<EntryRow[]> {
  return client.journeyEntry.findMany({
    where: { shopId: shop.id, customerId, state: "active" },
    select: ENTRY_SELECT,
  });
}

/** Ends every active entry of a customer (unsubscribed, deleted, redacted). Returns how many. */
export async function exitCustomerEntries(
  client: Db,
  shop: ShopRef,
  customerId: bigint,
  reason: ExitReason,
  at: Date,
): Promise<number> {
  const changed = await client.journeyEntry.updateMany({
    where: { shopId: shop.id, customerId, state: "active" },
    data: { state: "exited", exitReason: reason, dueAt: null, lockedUntil: null, finishedAt: at },
  });
  return changed.count;
}

// ------------------------------------------------------------------------------------------ outbox

export interface OutboxRow {
  id: number;
  journeyId: number;
  entryId: number;
  stepIndex: number;
  customerId: bigint;
  key: string;
  status: string;
  messageId: string;
  /** email | line: the channel the message was decided for when the row was written */
  channel: string;
  retryKey: string | null;
  templateKey: string;
  locale: string;
  discountCode: string | null;
  attempts: number;
  sendingAt: Date | null;
  sentAt: Date | null;
}

const OUTBOX_SELECT = {
  id: true,
  journeyId: true,
  entryId: true,
  stepIndex: true,
  customerId: true,
  key: true,
  status: true,
  messageId: true,
  channel: true,
  retryKey: true,
  templateKey: true,
  locale: true,
  discountCode: true,
  attempts: true,
  sendingAt: true,
  sentAt: true,
} as const;

export interface NewOutboxRow {
  journeyId: number;
  entryId: number;
  stepIndex: number;
  customerId: bigint;
  channel: string;
  /** a marketing message: only these count in the frequency cap */
  marketing: boolean;
  key: string;
  messageId: string;
  templateKey: string;
  locale: string;
  /** `sending`: written as the send is about to happen (one statement instead of insert, then mark) */
  status: "pending" | "sending" | "held-out" | "suppressed";
  detail?: string | null;
  discountCode?: string | null;
  /** LINE's X-Line-Retry-Key, fixed here before the first attempt */
  retryKey?: string | null;
}

/**
 * Writes a step's outbox row unless its key exists, and returns the stored row: a step that runs again
 * (after a crash) gets the row of its first run — same Message-ID, its status tells what already happened.
 * One INSERT … RETURNING in the usual case; a key already taken (a run that lost its lease) reads the row.
 */
export async function insertOutboxRow(
  client: Db,
  shop: ShopRef,
  row: NewOutboxRow,
  now: Date,
): Promise<OutboxRow & { created: boolean }> {
  const sending = row.status === "sending";
  try {
    const created = await client.journeyMessage.create({
      data: {
        shopId: shop.id,
        journeyId: row.journeyId,
        entryId: row.entryId,
        stepIndex: row.stepIndex,
        customerId: row.customerId,
        channel: row.channel,
        marketing: row.marketing,
        key: row.key,
        status: row.status,
        detail: row.detail ?? null,
        templateKey: row.templateKey,
        locale: row.locale,
        messageId: row.messageId,
        retryKey: row.retryKey ?? null,
        discountCode: row.discountCode ?? null,
        attempts: sending ? 1 : 0,
        sendingAt: sending ? now : null,
        // held-out rows are dated at the would-be send (the report measures conversion from it)
        sentAt: row.status === "held-out" ? now : null,
        createdAt: now,
      },
      select: OUTBOX_SELECT,
    });
    return { ...created, created: true };
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
    const stored = await client.journeyMessage.findUniqueOrThrow({
      where: { shopId_key: { shopId: shop.id, key: row.key } },
      select: OUTBOX_SELECT,
    });
    return { ...stored, created: false };
  }
}

/** The outbox rows of these entries (a claimed batch), by key: what earlier runs already did. */
export async function outboxRowsOfEntries(client: Db, shop: ShopRef, entryIds: number[]): Promise<Map<string, OutboxRow>> {
  const rows = await findInChunks(entryIds, (ids) =>
    client.journeyMessage.findMany({ where: { shopId: shop.id, entryId: { in: ids } }, select: OUTBOX_SELECT }),
  );
  return new Map(rows.map((row) => [row.key, row]));
}

/** Which of these customers have a mail suppression (unsubscribed, bounced, complained). */
export async function suppressedCustomers(client: Db, shop: ShopRef, customerIds: bigint[]): Promise<Set<bigint>> {
  const rows = await findInChunks(customerIds, (ids) =>
    client.mailSuppression.findMany({ where: { shopId: shop.id, customerId: { in: ids } }, select: { customerId: true } }),
  );
  return new Set(rows.map((row) => row.customerId));
}

/** Points balance and tier id of these customers (those with an account). */
export async function pointsOfCustomers(
  client: Db,
  shop: ShopRef,
  customerIds: bigint[],
): Promise<Map<bigint, { balance: number; tier: string | null }>> {
  const rows = await findInChunks(customerIds, (ids) =>
    client.pointsAccount.findMany({
      where: { shopId: shop.id, customerId: { in: ids } },
      select: { customerId: true, balance: true, tier: true },
    }),
  );
  return new Map(rows.map((row) => [row.customerId, { balance: row.balance, tier: row.tier }]));
}

/** pending (or a `sending` left by a crash) → sending, one more attempt. */
export async function markOutboxSending(client: Db, shop: ShopRef, outboxId: number, now: Date): Promise<void> {
  await client.journeyMessage.updateMany({
    where: { id: outboxId, shopId: shop.id, status: { in: ["pending", "sending"] } },
    data: { status: "sending", attempts: { increment: 1 }, sendingAt: now },
  });
}

export async function markOutboxSent(
  client: Db,
  shop: ShopRef,
  outboxId: number,
  result: { toAddress: string; subject: string; at: Date; discountCode?: string | null },
): Promise<void> {
  await client.journeyMessage.updateMany({
    where: { id: outboxId, shopId: shop.id, status: "sending" },
    data: {
      status: "sent",
      toAddress: result.toAddress,
      subject: result.subject,
      sentAt: result.at,
      detail: null,
      ...(result.discountCode !== undefined ? { discountCode: result.discountCode } : {}),
    },
  });
}

export async function markOutboxRejected(
  client: Db,
  shop: ShopRef,
  outboxId: number,
  result: { status: "rejected" | "bounced" | "failed"; detail: string; toAddress: string | null; subject: string | null },
): Promise<void> {
  await client.journeyMessage.updateMany({
    where: { id: outboxId, shopId: shop.id, status: { in: ["pending", "sending"] } },
    data: { status: result.status, detail: result.detail.slice(0, 500), toAddress: result.toAddress, subject: result.subject },
  });
}

/** A pending row that will not be sent after all (consent lost, address gone, suppressed meanwhile). */
export async function markOutboxSuppressed(client: Db, shop: ShopRef, outboxId: number, detail: string): Promise<void> {
  await client.journeyMessage.updateMany({
    where: { id: outboxId, shopId: shop.id, status: "pending" },
    data: { status: "suppressed", detail },
  });
}

export async function isSuppressed(client: Db, shop: ShopRef, customerId: bigint): Promise<boolean> {
  const row = await client.mailSuppression.findUnique({
    where: { shopId_customerId: { shopId: shop.id, customerId } },
    select: { customerId: true },
  });
  return row !== null;
}

/**
 * The latest marketing journey message sent (or being sent) to each customer, across all journeys: what the
 * frequency cap counts. A transactional journey message neither counts nor is held by the cap.
 */
export async function lastMessageSentAt(client: Db, shop: ShopRef, customerIds: bigint[]): Promise<Map<bigint, Date>> {
  const rows = await findInChunks(customerIds, (ids) =>
    client.journeyMessage.groupBy({
      by: ["customerId"],
      where: { shopId: shop.id, customerId: { in: ids }, marketing: true, status: { in: ["sent", "sending"] } },
      _max: { sentAt: true, sendingAt: true },
    }),
  );
  const last = new Map<bigint, Date>();
  for (const row of rows) {
    const times = [row._max.sentAt, row._max.sendingAt].filter((d): d is Date => d instanceof Date);
    if (times.length) last.set(row.customerId, new Date(Math.max(...times.map((d) => d.getTime()))));
  }
  return last;
}

/**
 * A customer's redaction or deletion, inside the caller's transaction: their messages lose the address and
 * subject (the personal fields), and their active entries end so nothing more is sent.
 */
export async function eraseJourneyPersonalData(client: Db, shop: ShopRef, customerId: bigint, at: Date): Promise<void> {
  await client.journeyMessage.updateMany({
    where: { shopId: shop.id, customerId },
    data: { toAddress: null, subject: null },
  });
  // a message not yet handed to the channel will not be
  await client.journeyMessage.updateMany({
    where: { shopId: shop.id, customerId, status: "pending" },
    data: { status: "suppressed", detail: "redacted" },
  });
  await client.journeyEntry.updateMany({
    where: { shopId: shop.id, customerId, state: "active" },
    data: { state: "exited", exitReason: "redacted", dueAt: null, lockedUntil: null, finishedAt: at },
  });
}

// ------------------------------------------------------------------------------------------ what steps read

export interface JourneyCustomer {
  id: bigint;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  locale: string | null;
  emailMarketing: string | null;
  birthDate: string | null;
  deletedAt: Date | null;
  redacted: boolean;
}

export async function journeyCustomers(client: Db, shop: ShopRef, customerIds: bigint[]): Promise<Map<bigint, JourneyCustomer>> {
  const [rows, redacted] = await Promise.all([
    findInChunks(customerIds, (ids) =>
      client.customer.findMany({
        where: { shopId: shop.id, id: { in: ids } },
        select: {
          id: true,
          firstName: true,
          lastName: true,
          email: true,
          locale: true,
          emailMarketing: true,
          birthDate: true,
          deletedAt: true,
        },
      }),
    ),
    findInChunks(customerIds, (ids) =>
      client.redactedCustomer.findMany({ where: { shopId: shop.id, customerId: { in: ids } }, select: { customerId: true } }),
    ),
  ]);
  const redactedIds = new Set(redacted.map((row) => row.customerId));
  return new Map(rows.map((row) => [row.id, { ...row, redacted: redactedIds.has(row.id) }]));
}

export interface CustomerOrder {
  id: bigint;
  customerId: bigint;
  processedAt: Date;
  cancelledAt: Date | null;
  test: boolean;
  totalMinor: number;
  totalRefundedMinor: number;
}

const ORDER_SELECT = {
  id: true,
  customerId: true,
  processedAt: true,
  cancelledAt: true,
  test: true,
  totalMinor: true,
  totalRefundedMinor: true,
} as const;

export async function findOrder(client: Db, shop: ShopRef, orderId: bigint): Promise<CustomerOrder | null> {
  const row = await client.order.findUnique({ where: { shopId_id: { shopId: shop.id, id: orderId } }, select: ORDER_SELECT });
  return row && row.customerId !== null ? { ...row, customerId: row.customerId } : null;
}

/** Real orders (not cancelled, not test) of these customers processed after `since`. */
export async function ordersSince(client: Db, shop: ShopRef, customerIds: bigint[], since: Date): Promise<CustomerOrder[]> {
  const rows = await findInChunks(customerIds, (ids) =>
    client.order.findMany({
      where: { shopId: shop.id, customerId: { in: ids }, processedAt: { gt: since }, cancelledAt: null, test: false },
      select: ORDER_SELECT,
      orderBy: { processedAt: "asc" },
    }),
  );
  return rows.flatMap((row) => (row.customerId === null ? [] : [{ ...row, customerId: row.customerId }]));
}

/** How many real orders a customer had up to and including `orderId`'s time (the n of "n-th order"). */
export async function orderNumberOf(client: Db, shop: ShopRef, order: CustomerOrder): Promise<number> {
  return client.order.count({
    where: {
      shopId: shop.id,
      customerId: order.customerId,
      cancelledAt: null,
      test: false,
      OR: [{ processedAt: { lt: order.processedAt } }, { processedAt: order.processedAt, id: { lte: order.id } }],
    },
  });
}

export async function currentSegments(client: Db, shop: ShopRef, customerIds: bigint[]): Promise<Map<bigint, string>> {
  const rows = await findInChunks(customerIds, (ids) =>
    client.customerMetrics.findMany({
      where: { shopId: shop.id, customerId: { in: ids } },
      select: { customerId: true, segment: true },
    }),
  );
  return new Map(rows.map((row) => [row.customerId, row.segment]));
}

export async function shopForJourneys(
  client: Db,
  shop: ShopRef,
): Promise<{ name: string; domain: string; currency: string; timezone: string; locale: string; settings: string }> {
  return client.shop.findUniqueOrThrow({
    where: { id: shop.id },
    select: { name: true, domain: true, currency: true, timezone: true, locale: true, settings: true },
  });
}
