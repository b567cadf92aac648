import type { Campaign, Prisma } from "@prisma/client";
import type { Db } from "./client.server";
import { findInChunks } from "./in-chunks";
import type { ShopRef } from "./shops.server";

/** Campaigns, their members (treated / hold-out) and what the results need, always scoped by shop. */

export type CampaignStatus = "draft" | "creating" | "active" | "paused" | "ended" | "failed";
export type CampaignRecord = Campaign;

/** A saved customer filter, stored as JSON in audienceRef. */
export interface AudienceFilter {
  segments?: string[];
  minOrders?: number;
  minNetSpendMinor?: number;
  /** days since the last order */
  maxRecencyDays?: number;
  minRecencyDays?: number;
  minPAlive?: number;
  loyalOnly?: boolean;
}

export type Audience = { type: "segment"; segment: string } | { type: "candidates" } | { type: "filter"; filter: AudienceFilter };

/** The audience a campaign row was created for (audienceType + audienceRef, as `createCampaign` stores it). */
export function storedAudience(type: string, ref: string): Audience {
  if (type === "segment") return { type: "segment", segment: ref };
  if (type === "candidates") return { type: "candidates" };
  let filter: AudienceFilter = {};
  try {
    const parsed: unknown = JSON.parse(ref);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) filter = parsed as AudienceFilter;
  } catch {
    // an unreadable filter is shown as "saved filter"
  }
  return { type: "filter", filter };
}

/** Customer ids of an audience, from the latest metrics; deleted customers are never eligible. */
export async function audienceCustomerIds(client: Db, shop: ShopRef, audience: Audience): Promise<bigint[]> {
  const where: Prisma.CustomerMetricsWhereInput = { shopId: shop.id };
  if (audience.type === "segment") where.segment = audience.segment;
  else if (audience.type === "candidates") where.futureLoyalScore = { not: null };
  else {
    const filter = audience.filter;
    if (filter.segments?.length) where.segment = { in: filter.segments };
    if (filter.minOrders != null) where.ordersCount = { gte: filter.minOrders };
    if (filter.minNetSpendMinor != null) where.netSpendMinor = { gte: filter.minNetSpendMinor };
    if (filter.maxRecencyDays != null || filter.minRecencyDays != null) {
      where.recencyDays = {
        ...(filter.maxRecencyDays != null ? { lte: filter.maxRecencyDays } : {}),
        ...(filter.minRecencyDays != null ? { gte: filter.minRecencyDays } : {}),
      };
    }
    if (filter.minPAlive != null) where.pAlive = { gte: filter.minPAlive };
    if (filter.loyalOnly) where.isLoyal = true;
  }
  const rows = await client.customerMetrics.findMany({ where, select: { customerId: true }, orderBy: { customerId: "asc" } });
  const ids = rows.map((row) => row.customerId);
  // chunks of IN_LIST_MAX: 5,000 ids per statement passed only because Prisma splits unordered lists itself
  const gone = await findInChunks(ids, (chunk) =>
    client.customer.findMany({ where: { shopId: shop.id, id: { in: chunk }, deletedAt: { not: null } }, select: { id: true } }),
  );
  const deleted = new Set(gone.map((row) => row.id));
  return ids.filter((id) => !deleted.has(id));
}

export interface NewCampaign {
  name: string;
  audienceType: Audience["type"];
  audienceRef: string;
  valueType: "percentage" | "fixed";
  value: number;
  minimumSubtotalMinor: number | null;
  startsAt: Date;
  endsAt: Date | null;
  codeMode: "shared" | "unique";
  sharedCode: string | null;
  holdoutShare: number;
  tagMembers: boolean;
}

/** The row exists from the start as "creating", so a failure half-way is visible and never "active". */
export async function insertCreatingCampaign(client: Db, shop: ShopRef, campaign: NewCampaign): Promise<CampaignRecord> {
  return client.campaign.create({ data: { shopId: shop.id, ...campaign, status: "creating" } });
}

export async function insertCampaignMembers(
  client: Db,
  shop: ShopRef,
  campaignId: number,
  members: { customerId: bigint; groupName: "treatment" | "holdout"; code: string | null }[],
): Promise<void> {
  for (let start = 0; start < members.length; start += 1000) {
    await client.campaignMember.createMany({
      data: members.slice(start, start + 1000).map((member) => ({ shopId: shop.id, campaignId, ...member })),
    });
  }
}

export async function updateCampaign(
  client: Db,
  shop: ShopRef,
  campaignId: number,
  data: Partial<
    Pick<CampaignRecord, "status" | "shopifyDiscountId" | "error" | "pendingCodeJobs" | "sharedCode" | "liveAt" | "endedAt">
  >,
): Promise<void> {
  await client.campaign.updateMany({ where: { id: campaignId, shopId: shop.id }, data });
}

/** Codes Shopify refused are taken back from their members. */
export async function clearMemberCodes(client: Db, shop: ShopRef, campaignId: number, codes: string[]): Promise<void> {
  if (codes.length === 0) return;
  await client.campaignMember.updateMany({ where: { shopId: shop.id, campaignId, code: { in: codes } }, data: { code: null } });
}

export async function findCampaign(client: Db, shop: ShopRef, campaignId: number): Promise<CampaignRecord | null> {
  return client.campaign.findFirst({ where: { id: campaignId, shopId: shop.id } });
}

export interface CampaignListItem extends CampaignRecord {
  treated: number;
  heldOut: number;
}

export async function listCampaigns(client: Db, shop: ShopRef): Promise<CampaignListItem[]> {
  const [campaigns, counts] = await Promise.all([
    client.campaign.findMany({ where: { shopId: shop.id }, orderBy: { createdAt: "desc" }, take: 200 }),
    client.campaignMember.groupBy({ by: ["campaignId", "groupName"], where: { shopId: shop.id }, _count: { _all: true } }),
  ]);
  const count = (campaignId: number, group: string) =>
    counts.find((row) => row.campaignId === campaignId && row.groupName === group)?._count._all ?? 0;
  return campaigns.map((campaign) => ({
    ...campaign,
    treated: count(campaign.id, "treatment"),
    heldOut: count(campaign.id, "holdout"),
  }));
}

export async function campaignMembers(client: Db, shop: ShopRef, campaignId: number) {
  return client.campaignMember.findMany({
    where: { shopId: shop.id, campaignId },
    select: { customerId: true, groupName: true, code: true },
    orderBy: { customerId: "asc" },
  });
}

export interface WindowOrder {
  customerId: bigint;
  totalMinor: number;
  totalRefundedMinor: number;
  discountCodes: string;
}

/** Orders with a customer placed in [from, to), cancelled and test orders excluded. */
export async function ordersInWindow(client: Db, shop: ShopRef, from: Date, to: Date): Promise<WindowOrder[]> {
  const rows = await client.order.findMany({
    where: { shopId: shop.id, processedAt: { gte: from, lt: to }, customerId: { not: null }, cancelledAt: null, test: false },
    select: { customerId: true, totalMinor: true, totalRefundedMinor: true, discountCodes: true },
  });
  return rows.flatMap((row) => (row.customerId === null ? [] : [{ ...row, customerId: row.customerId }]));
}

export interface CampaignMemberExportRow {
  customerId: bigint;
  groupName: string;
  code: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
}

/** A campaign's members with their names, `batchSize` at a time in customer id order (keyset, no offsets). */
export async function* iterateCampaignMembers(
  client: Db,
  shop: ShopRef,
  campaignId: number,
  batchSize = 1000,
): AsyncGenerator<CampaignMemberExportRow[]> {
  let after: bigint | null = null;
  for (;;) {
    const members: { customerId: bigint; groupName: string; code: string | null }[] = await client.campaignMember.findMany({
      where: { shopId: shop.id, campaignId, ...(after === null ? {} : { customerId: { gt: after } }) },
      select: { customerId: true, groupName: true, code: true },
      orderBy: { customerId: "asc" },
      take: batchSize,
    });
    if (members.length === 0) return;
    const customers = await findInChunks(
      members.map((member) => member.customerId),
      (chunk) =>
        client.customer.findMany({
          where: { shopId: shop.id, id: { in: chunk } },
          select: { id: true, firstName: true, lastName: true, email: true },
        }),
    );
    const byId = new Map(customers.map((customer) => [customer.id, customer]));
    yield members.map((member) => {
      const customer = byId.get(member.customerId);
      return {
        ...member,
        firstName: customer?.firstName ?? null,
        lastName: customer?.lastName ?? null,
        email: customer?.email ?? null,
      };
    });
    after = members[members.length - 1].customerId;
  }
}

/** Group counts of one campaign. */
export async function campaignGroupSizes(
  client: Db,
  shop: ShopRef,
  campaignId: number,
): Promise<{ treated: number; heldOut: number }> {
  const counts = await client.campaignMember.groupBy({
    by: ["groupName"],
    where: { shopId: shop.id, campaignId },
    _count: { _all: true },
  });
  const count = (group: string) => counts.find((row) => row.groupName === group)?._count._all ?? 0;
  return { treated: count("treatment"), heldOut: count("holdout") };
}
