import type { CampaignGroupForPush, MetricsForPush, PointsForPush, PushedState } from "../domain/pushback/plan";
import { parsePushedState } from "../domain/pushback/plan";
import type { Db } from "./client.server";
import { findInChunks, inChunks } from "./in-chunks";
import type { ShopRef } from "./shops.server";
import { upsertRows } from "./upsert.server";

/**
 * Data access for pushing Kizuna's values back to Shopify: what to push, and what was pushed
 * (CustomerPushState: the ONE "last pushed" record of every tag and `$app:kizuna` metafield).
 */

export interface PushRow {
  customerId: bigint;
  metrics: MetricsForPush | null;
  points: PointsForPush | null;
  /** the points account changed since it was last pushed: its version (updatedAt), to record once pushed */
  pointsVersion: Date | null;
  pushed: PushedState | null;
  /** the customer was deleted or redacted in Shopify */
  deleted: boolean;
  /** running campaigns whose groups are tagged, that the customer belongs to */
  campaignGroups: CampaignGroupForPush[];
}

/**
 * Members of these campaigns carry their group's tag: the merchant opted in, the codes are live and the
 * campaign has not ended (by the merchant, or by its end date passing — the next push takes the tags off).
 */
function taggedCampaigns(now: Date) {
  return {
    tagMembers: true,
    status: { in: ["active", "paused"] },
    liveAt: { not: null },
    OR: [{ endsAt: null }, { endsAt: { gt: now } }],
  };
}

function groupOf(member: { campaignId: number; groupName: string }): CampaignGroupForPush {
  return { campaignId: member.campaignId, group: member.groupName === "holdout" ? "holdout" : "treatment" };
}

function byCampaign(a: CampaignGroupForPush, b: CampaignGroupForPush): number {
  return a.campaignId - b.campaignId;
}

const PAGE = 5000;

const METRICS_SELECT = {
  customerId: true,
  segment: true,
  rScore: true,
  fScore: true,
  mScore: true,
  predictedClv12mMinor: true,
  pAlive: true,
  futureLoyalScore: true,
} as const;

const ACCOUNT_SELECT = {
  customerId: true,
  balance: true,
  tier: true,
  rollingSpendMinor: true,
  updatedAt: true,
  pushedAt: true,
} as const;

interface AccountRow {
  customerId: bigint;
  balance: number;
  tier: string | null;
  rollingSpendMinor: number;
  updatedAt: Date;
  pushedAt: Date | null;
}

function pointsOf(account: AccountRow): Pick<PushRow, "points" | "pointsVersion"> {
  const dirty = account.pushedAt === null || account.pushedAt < account.updatedAt;
  return {
    points: { balance: account.balance, tier: account.tier, rollingSpendMinor: account.rollingSpendMinor },
    pointsVersion: dirty ? account.updatedAt : null,
  };
}

function byCustomerId(a: PushRow, b: PushRow): number {
  return a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0;
}

/**
 * Every customer Kizuna has analysed, pushed to before or holds points for, page by page in customer id
 * order. Customers that only have a push state (no longer analysed) come too, so their Kizuna tags can
 * be removed; members who were never analysed come too, so their points reach the storefront.
 */
export async function* pushRows(client: Db, shop: ShopRef, now: Date = new Date()): AsyncGenerator<PushRow[]> {
  let after: bigint | null = null;
  for (;;) {
    const idFilter: { gt: bigint } | undefined = after === null ? undefined : { gt: after };
    const where = { shopId: shop.id, ...(idFilter ? { customerId: idFilter } : {}) };
    const [metrics, states, accounts, members] = await Promise.all([
      client.customerMetrics.findMany({ where, orderBy: { customerId: "asc" }, take: PAGE, select: METRICS_SELECT }),
      client.customerPushState.findMany({
        where,
        orderBy: { customerId: "asc" },
        take: PAGE,
        select: { customerId: true, tags: true, metafields: true },
      }),
      client.pointsAccount.findMany({ where, orderBy: { customerId: "asc" }, take: PAGE, select: ACCOUNT_SELECT }),
      client.campaignMember.findMany({
        where: { ...where, campaign: taggedCampaigns(now) },
        orderBy: { customerId: "asc" },
        take: PAGE,
        select: { customerId: true },
      }),
    ]);
    if (metrics.length === 0 && states.length === 0 && accounts.length === 0 && members.length === 0) return;
    // All lists are sorted; this page covers ids up to the smallest last id of a full list.
    const lastOf = (list: { customerId: bigint }[]) => (list.length === PAGE ? list[list.length - 1].customerId : null);
    const limits: bigint[] = [lastOf(metrics), lastOf(states), lastOf(accounts), lastOf(members)].filter(
      (id): id is bigint => id !== null,
    );
    // biome-ignore lint/complexity/useMathMinMax: Math.min does not take bigints
    const upTo: bigint | null = limits.length ? limits.reduce((a, b) => (a < b ? a : b)) : null;
    const within = (id: bigint) => upTo === null || id <= upTo;
    const byId = new Map<bigint, PushRow>();
    const row = (customerId: bigint) => {
      let existing = byId.get(customerId);
      if (!existing) {
        existing = {
          customerId,
          metrics: null,
          points: null,
          pointsVersion: null,
          pushed: null,
          deleted: false,
          campaignGroups: [],
        };
        byId.set(customerId, existing);
      }
      return existing;
    };
    for (const metric of metrics) if (within(metric.customerId)) row(metric.customerId).metrics = metric;
    for (const state of states)
      if (within(state.customerId)) row(state.customerId).pushed = parsePushedState(state.tags, state.metafields);
    for (const account of accounts) if (within(account.customerId)) Object.assign(row(account.customerId), pointsOf(account));
    // The page is the id range (after, upTo]: a range, not an IN list, stays within the parameter limit.
    const range = { ...(after === null ? {} : { gt: after }), ...(upTo === null ? {} : { lte: upTo }) };
    const [deleted, groups] = await Promise.all([
      client.customer.findMany({
        where: { shopId: shop.id, id: range, deletedAt: { not: null } },
        select: { id: true },
      }),
      // every group of the range (a customer may be in several campaigns), not only the first PAGE rows
      client.campaignMember.findMany({
        where: { shopId: shop.id, customerId: range, campaign: taggedCampaigns(now) },
        select: { customerId: true, campaignId: true, groupName: true },
      }),
    ]);
    for (const member of groups) row(member.customerId).campaignGroups.push(groupOf(member));
    for (const entry of byId.values()) entry.campaignGroups.sort(byCampaign);
    for (const customer of deleted) {
      const entry = byId.get(customer.id);
      if (entry) entry.deleted = true;
    }
    yield [...byId.values()].sort(byCustomerId);
    if (upTo === null) return;
    after = upTo;
  }
}

/**
 * Only the members whose points account changed since it was last pushed (balance, tier or spend), a page
 * at a time after `afterCustomerId`, with what the push needs to plan them like every other customer.
 */
export async function changedPointsRows(
  client: Db,
  shop: ShopRef,
  options: { afterCustomerId: bigint | null; take: number; now?: Date },
): Promise<PushRow[]> {
  const accounts = await client.pointsAccount.findMany({
    where: {
      shopId: shop.id,
      ...(options.afterCustomerId === null ? {} : { customerId: { gt: options.afterCustomerId } }),
      OR: [{ pushedAt: null }, { pushedAt: { lt: client.pointsAccount.fields.updatedAt } }],
    },
    orderBy: { customerId: "asc" },
    take: options.take,
    select: ACCOUNT_SELECT,
  });
  if (accounts.length === 0) return [];
  return pushRowsOf(
    client,
    shop,
    accounts.map((account) => account.customerId),
    accounts,
    options.now ?? new Date(),
  );
}

/**
 * The given customers (an incremental analytics update's), with what the push needs to plan them like every
 * other customer.
 */
export async function customerPushRows(
  client: Db,
  shop: ShopRef,
  customerIds: bigint[],
  now: Date = new Date(),
): Promise<PushRow[]> {
  const accounts = await findInChunks(customerIds, (chunk) =>
    client.pointsAccount.findMany({ where: { shopId: shop.id, customerId: { in: chunk } }, select: ACCOUNT_SELECT }),
  );
  return pushRowsOf(client, shop, customerIds, accounts, now);
}

async function pushRowsOf(client: Db, shop: ShopRef, ids: bigint[], accounts: AccountRow[], now: Date): Promise<PushRow[]> {
  const [metrics, states, deleted, groups] = await Promise.all([
    findInChunks(ids, (chunk) =>
      client.customerMetrics.findMany({ where: { shopId: shop.id, customerId: { in: chunk } }, select: METRICS_SELECT }),
    ),
    findInChunks(ids, (chunk) =>
      client.customerPushState.findMany({
        where: { shopId: shop.id, customerId: { in: chunk } },
        select: { customerId: true, tags: true, metafields: true },
      }),
    ),
    findInChunks(ids, (chunk) =>
      client.customer.findMany({ where: { shopId: shop.id, id: { in: chunk }, deletedAt: { not: null } }, select: { id: true } }),
    ),
    findInChunks(ids, (chunk) =>
      client.campaignMember.findMany({
        where: { shopId: shop.id, customerId: { in: chunk }, campaign: taggedCampaigns(now) },
        select: { customerId: true, campaignId: true, groupName: true },
      }),
    ),
  ]);
  const groupsById = new Map<bigint, CampaignGroupForPush[]>();
  for (const member of groups) {
    const list = groupsById.get(member.customerId) ?? [];
    list.push(groupOf(member));
    groupsById.set(member.customerId, list);
  }
  const metricsById = new Map(metrics.map((metric) => [metric.customerId, metric]));
  const statesById = new Map(states.map((state) => [state.customerId, parsePushedState(state.tags, state.metafields)]));
  const deletedIds = new Set(deleted.map((customer) => customer.id));
  const accountsById = new Map(accounts.map((account) => [account.customerId, account]));
  return ids.map((customerId) => {
    const account = accountsById.get(customerId);
    return {
      customerId,
      metrics: metricsById.get(customerId) ?? null,
      ...(account ? pointsOf(account) : { points: null, pointsVersion: null }),
      pushed: statesById.get(customerId) ?? null,
      deleted: deletedIds.has(customerId),
      campaignGroups: (groupsById.get(customerId) ?? []).sort(byCampaign),
    };
  });
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
  for (const chunk of inChunks(customerIds)) {
    await client.customerPushState.deleteMany({ where: { shopId: shop.id, customerId: { in: chunk } } });
  }
}

export async function pushStateOf(client: Db, shop: ShopRef, customerId: bigint): Promise<PushedState | null> {
  const row = await client.customerPushState.findUnique({
    where: { shopId_customerId: { shopId: shop.id, customerId } },
    select: { tags: true, metafields: true },
  });
  return row ? parsePushedState(row.tags, row.metafields) : null;
}

/**
 * Records that members' points were pushed as they were at `version` (their updatedAt then). An account
 * that changed meanwhile is left due, so the change is pushed next time.
 */
export async function markPointsPushed(
  client: Db,
  shop: ShopRef,
  accounts: { customerId: bigint; version: Date }[],
): Promise<void> {
  for (const { customerId, version } of accounts) {
    await client.pointsAccount.updateMany({
      where: { shopId: shop.id, customerId, updatedAt: version },
      data: { pushedAt: version, updatedAt: version },
    });
  }
}
