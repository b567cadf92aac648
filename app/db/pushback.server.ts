import type { MetricsForPush, PointsForPush, PushedState } from "../pushback/plan";
import { parsePushedState } from "../pushback/plan";
import type { Db } from "./client.server";
import type { ShopRef } from "./shops.server";
import { upsertRows } from "./upsert.server";

/** Data access for pushing segments back to Shopify: what to push, what was pushed, and the run's progress. */

export interface PushRow {
  customerId: bigint;
  metrics: MetricsForPush | null;
  points: PointsForPush | null;
  pushed: PushedState | null;
  /** the customer was deleted or redacted in Shopify */
  deleted: boolean;
}

const PAGE = 5000;

/**
 * Every customer Kizuna has analysed or pushed to before, page by page in customer id order. Customers
 * that only have a push state (no longer analysed) come too, so their Kizuna tags can be removed.
 */
export async function* pushRows(client: Db, shop: ShopRef): AsyncGenerator<PushRow[]> {
  let after: bigint | null = null;
  for (;;) {
    const idFilter: { gt: bigint } | undefined = after === null ? undefined : { gt: after };
    const [metrics, states] = await Promise.all([
      client.customerMetrics.findMany({
        where: { shopId: shop.id, ...(idFilter ? { customerId: idFilter } : {}) },
        orderBy: { customerId: "asc" },
        take: PAGE,
        select: {
          customerId: true,
          segment: true,
          rScore: true,
          fScore: true,
          mScore: true,
          predictedClv12mMinor: true,
          pAlive: true,
        },
      }),
      client.customerPushState.findMany({
        where: { shopId: shop.id, ...(idFilter ? { customerId: idFilter } : {}) },
        orderBy: { customerId: "asc" },
        take: PAGE,
        select: { customerId: true, tags: true, metafields: true },
      }),
    ]);
    if (metrics.length === 0 && states.length === 0) return;
    // Both lists are sorted; this page covers ids up to the smaller of the two last ids (when a list is full).
    const lastOf = (list: { customerId: bigint }[]) => (list.length === PAGE ? list[list.length - 1].customerId : null);
    const limits: bigint[] = [lastOf(metrics), lastOf(states)].filter((id): id is bigint => id !== null);
    // biome-ignore lint/complexity/useMathMinMax: Math.min does not take bigints
    const upTo: bigint | null = limits.length ? limits.reduce((a, b) => (a < b ? a : b)) : null;
    const within = (id: bigint) => upTo === null || id <= upTo;
    const byId = new Map<bigint, PushRow>();
    const row = (customerId: bigint) => {
      let existing = byId.get(customerId);
      if (!existing) {
        existing = { customerId, metrics: null, points: null, pushed: null, deleted: false };
        byId.set(customerId, existing);
      }
      return existing;
    };
    for (const metric of metrics) if (within(metric.customerId)) row(metric.customerId).metrics = metric;
    for (const state of states)
      if (within(state.customerId)) row(state.customerId).pushed = parsePushedState(state.tags, state.metafields);
    // The page is the id range (after, upTo]: a range, not an IN list, stays within SQLite's parameter limit.
    const range = { ...(after === null ? {} : { gt: after }), ...(upTo === null ? {} : { lte: upTo }) };
    const [accounts, deleted] = await Promise.all([
      client.pointsAccount.findMany({
        where: { shopId: shop.id, customerId: range },
        select: { customerId: true, balance: true, tier: true, rollingSpendMinor: true },
      }),
      client.customer.findMany({
        where: { shopId: shop.id, id: range, deletedAt: { not: null } },
        select: { id: true },
      }),
    ]);
    for (const account of accounts) {
      const entry = byId.get(account.customerId);
      if (entry) entry.points = { balance: account.balance, tier: account.tier, rollingSpendMinor: account.rollingSpendMinor };
    }
    for (const customer of deleted) {
      const entry = byId.get(customer.id);
      if (entry) entry.deleted = true;
    }
    yield [...byId.values()].sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
    if (upTo === null) return;
    after = upTo;
  }
}

/** Records what was written to these customers in Shopify. */
export async function savePushStates(
  client: Db,
  shop: ShopRef,
  states: { customerId: bigint; state: PushedState }[],
  at: Date,
): Promise<void> {
  await upsertRows(
    client,
    { table: "CustomerPushState", key: ["shopId", "customerId"], update: ["tags", "metafields", "pushedAt"] },
    states.map(({ customerId, state }) => ({
      shopId: shop.id,
      customerId,
      tags: JSON.stringify(state.tags),
      metafields: JSON.stringify(state.metafields),
      pushedAt: at,
    })),
  );
}

/** Forgets customers that no longer exist in Shopify. */
export async function deletePushStates(client: Db, shop: ShopRef, customerIds: bigint[]): Promise<void> {
  if (customerIds.length === 0) return;
  await client.customerPushState.deleteMany({ where: { shopId: shop.id, customerId: { in: customerIds } } });
}

export async function pushStateOf(client: Db, shop: ShopRef, customerId: bigint): Promise<PushedState | null> {
  const row = await client.customerPushState.findUnique({
    where: { shopId_customerId: { shopId: shop.id, customerId } },
    select: { tags: true, metafields: true },
  });
  return row ? parsePushedState(row.tags, row.metafields) : null;
}

// ------------------------------------------------------------------------------------------ the run
