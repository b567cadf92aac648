/**
 * Data access for Shopify Flow triggers (decision 026): the customers' current signals (CustomerMetrics and
 * PointsAccount), the state they were last evaluated against (CustomerSignalState) and the trigger outbox
 * (FlowTriggerEvent: one row per real change, unique by shop and key; pending → sent | failed).
 */
import type { RecordedSignals, SignalEvaluation } from "../domain/flow/evaluate";
import type { CustomerSignals, FlowTriggerKind } from "../domain/flow/triggers";
import type { Db } from "./client.server";
import { findInChunks } from "./in-chunks";
import type { ShopRef } from "./shops.server";

export type FlowEventStatus = "pending" | "sent" | "failed";

export interface FlowEventRow {
  id: number;
  customerId: bigint;
  trigger: string;
  key: string;
  payload: string;
  status: string;
  attempts: number;
  error: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** Whether any customer of the shop was evaluated before (no: the first evaluation records without firing). */
export async function hasSignalState(client: Db, shop: ShopRef): Promise<boolean> {
  return (await client.customerSignalState.findFirst({ where: { shopId: shop.id }, select: { customerId: true } })) !== null;
}

const METRICS_SELECT = {
  customerId: true,
  segment: true,
  pAlive: true,
  predictedClv12mMinor: true,
  futureLoyalScore: true,
} as const;

type MetricsRow = {
  customerId: bigint;
  segment: string;
  pAlive: number | null;
  predictedClv12mMinor: number | null;
  futureLoyalScore: number | null;
};

/** Completes metrics rows with points, drops deleted or redacted customers, and reads their recorded state. */
async function signalsOf(
  client: Db,
  shop: ShopRef,
  metrics: MetricsRow[],
): Promise<{ signals: CustomerSignals[]; recorded: Map<bigint, RecordedSignals> }> {
  const ids = metrics.map((row) => row.customerId);
  const [gone, accounts, states] = await Promise.all([
    findInChunks(ids, (chunk) =>
      client.customer.findMany({
        where: { shopId: shop.id, id: { in: chunk }, deletedAt: { not: null } },
        select: { id: true },
      }),
    ),
    findInChunks(ids, (chunk) =>
      client.pointsAccount.findMany({
        where: { shopId: shop.id, customerId: { in: chunk } },
        select: { customerId: true, balance: true, tier: true },
      }),
    ),
    findInChunks(ids, (chunk) =>
      client.customerSignalState.findMany({
        where: { shopId: shop.id, customerId: { in: chunk } },
        select: { customerId: true, segment: true, futureLoyal: true, churnRisk: true, tier: true, updatedAt: true },
      }),
    ),
  ]);
  const goneIds = new Set(gone.map((row) => row.id));
  const points = new Map(accounts.map((row) => [row.customerId, row]));
  const signals = metrics
    .filter((row) => !goneIds.has(row.customerId))
    .map((row) => ({
      customerId: row.customerId,
      segment: row.segment,
      pAlive: row.pAlive,
      predictedClv12mMinor: row.predictedClv12mMinor,
      futureLoyalScore: row.futureLoyalScore,
      pointsBalance: points.get(row.customerId)?.balance ?? 0,
      tier: points.get(row.customerId)?.tier ?? null,
    }));
  const recorded = new Map(
    states.map((row) => [
      row.customerId,
      {
        segment: row.segment,
        futureLoyal: row.futureLoyal,
        churnRisk: row.churnRisk,
        tier: row.tier,
        version: row.updatedAt.getTime(),
      },
    ]),
  );
  return { signals, recorded };
}

/** A page of the shop's customers with metrics, in customer id order after `afterCustomerId`. */
export async function readSignalPage(
  client: Db,
  shop: ShopRef,
  afterCustomerId: bigint | null,
  take: number,
): Promise<{ signals: CustomerSignals[]; recorded: Map<bigint, RecordedSignals>; last: bigint | null }> {
  const metrics = await client.customerMetrics.findMany({
    where: { shopId: shop.id, ...(afterCustomerId !== null ? { customerId: { gt: afterCustomerId } } : {}) },
    select: METRICS_SELECT,
    orderBy: { customerId: "asc" },
    take,
  });
  const last = metrics.length > 0 ? metrics[metrics.length - 1].customerId : null;
  return { ...(await signalsOf(client, shop, metrics)), last };
}

/** The given customers' signals (customers without metrics, deleted or redacted are left out). */
export async function readSignalsOf(
  client: Db,
  shop: ShopRef,
  customerIds: readonly bigint[],
): Promise<{ signals: CustomerSignals[]; recorded: Map<bigint, RecordedSignals> }> {
  const metrics = await findInChunks([...new Set(customerIds)], (chunk) =>
    client.customerMetrics.findMany({ where: { shopId: shop.id, customerId: { in: chunk } }, select: METRICS_SELECT }),
  );
  return signalsOf(client, shop, metrics);
}

/** One customer's signals (null when they have no metrics or are deleted/redacted). */
export async function readCustomerSignals(client: Db, shop: ShopRef, customerId: bigint): Promise<CustomerSignals | null> {
  return (await readSignalsOf(client, shop, [customerId])).signals[0] ?? null;
}

/**
 * Writes an evaluation in one transaction: the events and the new state together, so a crash leaves either
 * both or neither. An event whose key exists already (another evaluation recorded the same change meanwhile)
 * fails the transaction with Prisma's P2002; the caller reads the page again.
 */
export async function writeSignalEvaluation(client: Db, shop: ShopRef, evaluation: SignalEvaluation, now: Date): Promise<void> {
  if (evaluation.events.length === 0 && evaluation.states.length === 0) return;
  await client.$transaction(async (tx) => {
    if (evaluation.events.length > 0) {
      await tx.flowTriggerEvent.createMany({
        data: evaluation.events.map((event) => ({
          shopId: shop.id,
          customerId: event.customerId,
          trigger: event.trigger,
          key: event.key,
          payload: JSON.stringify(event.payload),
          createdAt: now,
        })),
      });
    }
    const inserts = evaluation.states.filter((state) => !state.existed);
    if (inserts.length > 0) {
      await tx.customerSignalState.createMany({
        data: inserts.map(({ existed: _existed, ...state }) => ({ shopId: shop.id, ...state, updatedAt: now })),
      });
    }
    for (const { existed, customerId, ...state } of evaluation.states) {
      if (!existed) continue;
      await tx.customerSignalState.update({
        where: { shopId_customerId: { shopId: shop.id, customerId } },
        data: { ...state, updatedAt: now },
      });
    }
  });
}

/** Records one event (points expiring, journey step); false when its key was recorded already. */
export async function insertFlowEvent(
  client: Db,
  shop: ShopRef,
  event: { customerId: bigint; trigger: FlowTriggerKind; key: string; payload: Record<string, unknown> },
  now: Date,
): Promise<boolean> {
  try {
    await client.flowTriggerEvent.create({
      data: {
        shopId: shop.id,
        customerId: event.customerId,
        trigger: event.trigger,
        key: event.key,
        payload: JSON.stringify(event.payload),
        createdAt: now,
      },
    });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return false;
    throw error;
  }
}

/** Which of these keys are recorded already (so a daily rerun builds no payload twice). */
export async function existingFlowEventKeys(client: Db, shop: ShopRef, keys: readonly string[]): Promise<Set<string>> {
  const rows = await findInChunks([...keys], (chunk) =>
    client.flowTriggerEvent.findMany({ where: { shopId: shop.id, key: { in: chunk } }, select: { key: true } }),
  );
  return new Set(rows.map((row) => row.key));
}

const EVENT_SELECT = {
  id: true,
  customerId: true,
  trigger: true,
  key: true,
  payload: true,
  status: true,
  attempts: true,
  error: true,
  createdAt: true,
  sentAt: true,
} as const;

export async function pendingFlowEvents(client: Db, shop: ShopRef, take: number): Promise<FlowEventRow[]> {
  return client.flowTriggerEvent.findMany({
    where: { shopId: shop.id, status: "pending" },
    orderBy: { id: "asc" },
    take,
    select: EVENT_SELECT,
  });
}

export async function flowEventsOf(client: Db, shop: ShopRef, where: { trigger?: string; customerId?: bigint } = {}) {
  return client.flowTriggerEvent.findMany({
    where: { shopId: shop.id, ...where },
    orderBy: { id: "asc" },
    select: EVENT_SELECT,
  });
}

/** Customers of these ids that are deleted or redacted (their pending events are not sent). */
export async function goneCustomers(client: Db, shop: ShopRef, customerIds: readonly bigint[]): Promise<Set<bigint>> {
  const rows = await findInChunks([...new Set(customerIds)], (chunk) =>
    client.customer.findMany({
      where: { shopId: shop.id, id: { in: chunk }, deletedAt: { not: null } },
      select: { id: true },
    }),
  );
  return new Set(rows.map((row) => row.id));
}

export async function markFlowEvent(
  client: Db,
  shop: ShopRef,
  id: number,
  update: { status: FlowEventStatus; attempts: number; error?: string | null; sentAt?: Date | null },
): Promise<void> {
  await client.flowTriggerEvent.updateMany({
    where: { shopId: shop.id, id },
    data: { status: update.status, attempts: update.attempts, error: update.error ?? null, sentAt: update.sentAt ?? null },
  });
}

export async function shopsWithPendingFlowEvents(client: Db): Promise<number[]> {
  const rows = await client.flowTriggerEvent.findMany({
    where: { status: "pending", shop: { installState: "installed" } },
    distinct: ["shopId"],
    select: { shopId: true },
  });
  return rows.map((row) => row.shopId);
}

/** Events written since `since`, per trigger and status (the Settings card). */
export async function flowEventCounts(
  client: Db,
  shop: ShopRef,
  since: Date,
): Promise<{ trigger: string; status: string; count: number }[]> {
  const rows = await client.flowTriggerEvent.groupBy({
    by: ["trigger", "status"],
    where: { shopId: shop.id, createdAt: { gte: since } },
    _count: { _all: true },
  });
  return rows.map((row) => ({ trigger: row.trigger, status: row.status, count: row._count._all }));
}

/** The shop's points accounts with a balance, a page at a time (points-expiring scan). */
export async function pointsAccountsWithBalance(client: Db, shop: ShopRef, afterCustomerId: bigint | null, take: number) {
  return client.pointsAccount.findMany({
    where: {
      shopId: shop.id,
      balance: { gt: 0 },
      ...(afterCustomerId !== null ? { customerId: { gt: afterCustomerId } } : {}),
    },
    orderBy: { customerId: "asc" },
    take,
    select: { customerId: true, balance: true },
  });
}
