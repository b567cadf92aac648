import { randomInt } from "node:crypto";
import { z } from "zod";
import {
  audienceCustomerIds,
  type CampaignRecord,
  campaignMembers,
  clearMemberCodes,
  findCampaign,
  insertCampaignMembers,
  insertCreatingCampaign,
  ordersInWindow,
  updateCampaign,
} from "../db/campaigns.server";
import type { Db } from "../db/client.server";
import { getShop, type ShopRef } from "../db/shops.server";
import { type CampaignLift, type CustomerOutcome, campaignLift } from "../domain/campaign-lift";
import { JobNames } from "../jobs/catalog";
import { jobQueue } from "../jobs/index.server";
import type { AdminClient } from "../shopify/admin-client.server";
import {
  activateDiscount,
  addRedeemCodes,
  createCodeDiscount,
  DiscountCreationError,
  DiscountUpdateError,
  deactivateDiscount,
  redeemCodeCreationResult,
  type ShopifyUserError,
} from "../shopify/discounts.server";
import { queueShopPush } from "../pushback/schedule.server";
import type { CampaignInput } from "./form";
import { assignHoldout } from "./holdout";
import type { CampaignMessageKey } from "./messages";

/**
 * Discount campaigns measured against a hold-out group. Creating one: the Campaign row is written first as
 * "creating", members are split into treated and hold-out, then the discount is created in Shopify (one
 * shared code restricted to the treated customers, or one single-use code per treated customer). Only when
 * Shopify accepted it does the campaign become "active"; a refusal marks it "failed" with Shopify's reason.
 */

/** A mistake the merchant can fix in the form (e.g. nobody in the audience). */
export class CampaignInputError extends Error {
  override name = "CampaignInputError";
  constructor(
    readonly messageKey: CampaignMessageKey,
    readonly field?: string,
  ) {
    super(messageKey);
  }
}

/** Shopify refused the discount; the campaign row is "failed" and holds the reason. */
export class CampaignShopifyError extends Error {
  override name = "CampaignShopifyError";
  constructor(
    message: string,
    readonly userErrors: ShopifyUserError[],
    readonly campaignId: number,
  ) {
    super(message);
  }
}

export interface CreateCampaignOptions {
  now?: () => Date;
  /** how long to wait for Shopify to import unique codes before leaving them to the campaign job (default 15 s) */
  codeWaitMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** code generator (tests) */
  randomCode?: () => string;
}

const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export function randomCode(length = 8): string {
  let code = "";
  for (let i = 0; i < length; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

function audienceRef(audience: CampaignInput["audience"]): string {
  if (audience.type === "segment") return audience.segment;
  if (audience.type === "filter") return JSON.stringify(audience.filter);
  return "";
}

export async function createCampaign(
  client: Db,
  shop: ShopRef,
  admin: AdminClient,
  input: CampaignInput,
  options: CreateCampaignOptions = {},
): Promise<CampaignRecord> {
  const now = options.now ?? (() => new Date());
  // Historical-only customers of a history import (negative ids) are not in Shopify: no code can reach them.
  const eligible = (await audienceCustomerIds(client, shop, input.audience)).filter((id) => id > 0n);
  if (eligible.length === 0) throw new CampaignInputError("campaigns.error.emptyAudience", "audienceType");
  const shopRecord = await getShop(client, shop);
  const makeCode = options.randomCode ?? (() => randomCode());
  const sharedCode = input.codeMode === "shared" ? (input.sharedCode ?? `KIZUNA-${makeCode()}`) : null;
  const campaign = await insertCreatingCampaign(client, shop, {
    name: input.name,
    audienceType: input.audience.type,
    audienceRef: audienceRef(input.audience),
    valueType: input.value.kind,
    value: input.value.kind === "percentage" ? input.value.percent : input.value.amountMinor,
    minimumSubtotalMinor: input.minimumSubtotalMinor,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    codeMode: input.codeMode,
    sharedCode,
    holdoutShare: input.holdoutShare,
    tagMembers: input.tagMembers,
  });
  const { treatment, holdout } = assignHoldout(campaign.id, eligible, input.holdoutShare);
  const uniquePrefix = `KZ${campaign.id}`;
  const codeOf = new Map<bigint, string>();
  if (input.codeMode === "unique") for (const customerId of treatment) codeOf.set(customerId, `${uniquePrefix}-${makeCode()}`);
  await insertCampaignMembers(client, shop, campaign.id, [
    ...treatment.map((customerId) => ({ customerId, groupName: "treatment" as const, code: codeOf.get(customerId) ?? null })),
    ...holdout.map((customerId) => ({ customerId, groupName: "holdout" as const, code: null })),
  ]);

  const value =
    input.value.kind === "percentage"
      ? ({ kind: "percentage", percent: input.value.percent } as const)
      : ({ kind: "fixed", amountMinor: input.value.amountMinor, currency: shopRecord.currency } as const);
  const codes = [...codeOf.values()];
  let discountId: string;
  try {
    ({ discountId } = await createCodeDiscount(admin, {
      title: input.name,
      code: sharedCode ?? codes[0],
      customerIds: treatment,
      value,
      minimumSubtotalMinor: input.minimumSubtotalMinor,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      // unique codes are single-use each; a shared code once per customer
      usageLimit: input.codeMode === "unique" ? 1 : null,
      appliesOncePerCustomer: true,
      currency: shopRecord.currency,
    }));
  } catch (error) {
    await failCampaign(client, shop, campaign.id, error);
    throw toCampaignError(error, campaign.id);
  }
  await updateCampaign(client, shop, campaign.id, { shopifyDiscountId: discountId });

  if (input.codeMode === "unique" && codes.length > 1) {
    let jobs: string[];
    try {
      jobs = await addRedeemCodes(admin, discountId, codes.slice(1));
    } catch (error) {
      // the discount must not stay usable for a campaign that failed
      await deactivateDiscount(admin, discountId).catch(() => undefined);
      await failCampaign(client, shop, campaign.id, error);
      throw toCampaignError(error, campaign.id);
    }
    await updateCampaign(client, shop, campaign.id, { pendingCodeJobs: JSON.stringify(jobs) });
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const deadline = Date.now() + (options.codeWaitMs ?? 15_000);
    for (;;) {
      const status = await completePendingCodes(client, shop, admin, campaign.id, { now });
      if (status !== "creating") break;
      if (Date.now() > deadline) {
        // Shopify is still importing: the job finishes it (and retries with backoff until it is done)
        await jobQueue().enqueue(
          JobNames.campaignCodes,
          { campaignId: campaign.id, shopId: shop.id },
          { shopId: shop.id, singletonKey: `campaign-codes:${campaign.id}` },
        );
        break;
      }
      await sleep(options.pollMs ?? 500);
    }
  } else {
    await goLive(client, shop, campaign.id, { error: null }, now(), input.tagMembers);
  }
  return (await findCampaign(client, shop, campaign.id)) as CampaignRecord;
}

/**
 * Every code is usable from now on: the campaign is active and measured from this moment (an order placed
 * earlier the same day is not its result). Its members' group tags are pushed by the one push pipeline.
 */
async function goLive(
  client: Db,
  shop: ShopRef,
  campaignId: number,
  data: Parameters<typeof updateCampaign>[3],
  at: Date,
  tagMembers: boolean,
): Promise<void> {
  await updateCampaign(client, shop, campaignId, { ...data, status: "active", liveAt: at });
  if (tagMembers) await queueShopPush(shop);
}

async function failCampaign(client: Db, shop: ShopRef, campaignId: number, error: unknown): Promise<void> {
  await updateCampaign(client, shop, campaignId, { status: "failed", error: (error as Error).message });
}

function toCampaignError(error: unknown, campaignId: number): Error {
  if (error instanceof DiscountCreationError || error instanceof DiscountUpdateError) {
    return new CampaignShopifyError(error.message, error.userErrors, campaignId);
  }
  return error as Error;
}

const pendingJobs = z.array(z.string());

/**
 * Checks Shopify's unique-code imports of a "creating" campaign; once all are done the campaign is active
 * and codes Shopify refused are taken back from their members. Returns the campaign's status.
 */
export async function completePendingCodes(
  client: Db,
  shop: ShopRef,
  admin: AdminClient,
  campaignId: number,
  options: { now?: () => Date } = {},
): Promise<CampaignRecord["status"]> {
  const campaign = await findCampaign(client, shop, campaignId);
  if (!campaign) throw new CampaignInputError("campaigns.error.notFound");
  if (campaign.status !== "creating") return campaign.status;
  const jobs = pendingJobs.parse(JSON.parse(campaign.pendingCodeJobs));
  const remaining: string[] = [];
  const failed: { code: string; message: string }[] = [];
  for (const job of jobs) {
    const result = await redeemCodeCreationResult(admin, job);
    if (!result.done) remaining.push(job);
    else failed.push(...result.failed);
  }
  await clearMemberCodes(
    client,
    shop,
    campaignId,
    failed.map((entry) => entry.code),
  );
  const previous = campaign.error ? [campaign.error] : [];
  const error = failed.length
    ? [...previous, `${failed.length} codes were not created: ${failed[0].message}`].join("\n")
    : campaign.error;
  if (remaining.length > 0) {
    await updateCampaign(client, shop, campaignId, { pendingCodeJobs: JSON.stringify(remaining), error });
    return "creating";
  }
  await goLive(
    client,
    shop,
    campaignId,
    { pendingCodeJobs: "[]", error },
    (options.now ?? (() => new Date()))(),
    campaign.tagMembers,
  );
  return "active";
}

export type CampaignAction = "pause" | "resume" | "end";

/**
 * Pausing or ending deactivates the discount in Shopify; resuming activates it again. Ending records the
 * moment (results stop there) and takes the campaign's group tags off its members.
 */
export async function changeCampaignStatus(
  client: Db,
  shop: ShopRef,
  admin: AdminClient,
  campaignId: number,
  action: CampaignAction,
  options: { now?: () => Date } = {},
): Promise<CampaignRecord> {
  const campaign = await findCampaign(client, shop, campaignId);
  if (!campaign) throw new CampaignInputError("campaigns.error.notFound");
  const allowed: Record<CampaignAction, string[]> = {
    pause: ["active"],
    resume: ["paused"],
    end: ["active", "paused", "creating"],
  };
  if (!allowed[action].includes(campaign.status)) return campaign;
  if (campaign.shopifyDiscountId) {
    if (action === "resume") await activateDiscount(admin, campaign.shopifyDiscountId);
    else if (campaign.status !== "paused") await deactivateDiscount(admin, campaign.shopifyDiscountId);
  }
  const status = action === "pause" ? "paused" : action === "resume" ? "active" : "ended";
  await updateCampaign(client, shop, campaignId, {
    status,
    ...(action === "end" ? { endedAt: (options.now ?? (() => new Date()))() } : {}),
  });
  if (action === "end" && campaign.tagMembers) await queueShopPush(shop);
  return (await findCampaign(client, shop, campaignId)) as CampaignRecord;
}

export interface CampaignResults {
  campaign: CampaignRecord;
  /**
   * The window measured: from when the codes went live (or the start date, if later) to the planned end,
   * the moment it was ended, or now while it runs. Empty until the codes are live.
   */
  from: Date;
  to: Date;
  lift: CampaignLift;
  codesPending: boolean;
}

/** Treated vs hold-out over the campaign window, from the synced orders. */
export async function campaignResults(client: Db, shop: ShopRef, campaignId: number, now: Date): Promise<CampaignResults | null> {
  const campaign = await findCampaign(client, shop, campaignId);
  if (!campaign) return null;
  const { from, to } = measurementWindow(campaign, now);
  const [members, orders] = await Promise.all([
    campaignMembers(client, shop, campaignId),
    ordersInWindow(client, shop, from, to),
  ]);
  const outcomes = new Map<bigint, CustomerOutcome & { code: string | null }>();
  for (const member of members) {
    outcomes.set(member.customerId, { revenueMinor: 0, orders: 0, redemptions: 0, code: member.code?.toLowerCase() ?? null });
  }
  const sharedCode = campaign.sharedCode?.toLowerCase() ?? null;
  for (const order of orders) {
    const outcome = outcomes.get(order.customerId);
    if (!outcome) continue;
    outcome.orders++;
    outcome.revenueMinor += Math.max(0, order.totalMinor - order.totalRefundedMinor);
    const used = order.discountCodes
      .split(",")
      .map((code) => code.trim().toLowerCase())
      .filter(Boolean);
    if (used.some((code) => code === sharedCode || code === outcome.code)) outcome.redemptions++;
  }
  const treated: CustomerOutcome[] = [];
  const holdout: CustomerOutcome[] = [];
  for (const member of members) {
    const outcome = outcomes.get(member.customerId);
    if (!outcome) continue;
    (member.groupName === "holdout" ? holdout : treated).push(outcome);
  }
  return { campaign, from, to, lift: campaignLift(treated, holdout), codesPending: campaign.status === "creating" };
}

/** See CampaignResults: never before the codes existed, never after the campaign stopped. */
export function measurementWindow(
  campaign: Pick<CampaignRecord, "startsAt" | "endsAt" | "liveAt" | "endedAt">,
  now: Date,
): { from: Date; to: Date } {
  const end = Math.min(
    now.getTime(),
    campaign.endsAt?.getTime() ?? Number.POSITIVE_INFINITY,
    campaign.endedAt?.getTime() ?? Number.POSITIVE_INFINITY,
  );
  // not live yet: nothing to measure
  const start = campaign.liveAt ? Math.max(campaign.startsAt.getTime(), campaign.liveAt.getTime()) : end;
  return { from: new Date(start), to: new Date(Math.max(start, end)) };
}
