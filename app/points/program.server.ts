import type { Db } from "../db/client.server";
import { getShopSettings } from "../db/settings.server";
import type { ShopRef } from "../db/shops.server";
import type { Tier } from "../domain/points";
import { JobNames } from "../jobs/catalog";
import { jobQueue } from "../jobs/index.server";
import type { JobQueue } from "../jobs/queue.server";
import type { ShopSettings } from "../domain/settings/shop-settings";

/** The points program's background jobs. Payloads carry the shop id (and the order id for apply-order). */
export const POINTS_JOBS = {
  applyOrder: JobNames.pointsApplyOrder,
  daily: JobNames.pointsDaily,
  pushMetafields: JobNames.pointsPushMetafields,
  recoverRedemptions: JobNames.pointsRecoverRedemptions,
} as const;

export type PointsSettings = ShopSettings["points"];

export interface PointsProgram {
  settings: PointsSettings;
  currency: string;
  timezone: string;
}

export async function loadPointsProgram(client: Db, shop: ShopRef): Promise<PointsProgram> {
  const [settings, row] = await Promise.all([
    getShopSettings(client, shop),
    client.shop.findUniqueOrThrow({ where: { id: shop.id }, select: { currency: true, timezone: true } }),
  ]);
  return {
    settings: settings.points,
    currency: row.currency,
    timezone: row.timezone,
  };
}

/** The tier id if the settings still have it, else null (the entry tier applies). */
export function knownTierId(settings: PointsSettings, tierId: string | null): string | null {
  return tierId !== null && settings.tiers.some((tier) => tier.id === tierId) ? tierId : null;
}

export function tierById(settings: PointsSettings, tierId: string | null): Tier | null {
  return settings.tiers.find((tier) => tier.id === tierId) ?? null;
}

export interface PointsDeps {
  queue?: JobQueue;
}

export function queueOf(deps: PointsDeps | undefined): JobQueue {
  return deps?.queue ?? jobQueue();
}

/**
 * The account changed (writeLedger moved its updatedAt past pushedAt): asks the push pipeline
 * (app/pushback/push.server.ts, scope "changed-points") to write it to Shopify soon. Points never write
 * metafields themselves. One queued push per shop at a time.
 */
export async function schedulePointsPush(shop: ShopRef, deps?: PointsDeps): Promise<void> {
  await queueOf(deps).enqueue(
    POINTS_JOBS.pushMetafields,
    { shopId: shop.id },
    { shopId: shop.id, singletonKey: `${POINTS_JOBS.pushMetafields}:${shop.id}` },
  );
}

/** A redemption whose discount could not be settled is looked at again after `at`. */
export async function scheduleRedemptionRecovery(shop: ShopRef, at: Date, deps?: PointsDeps): Promise<void> {
  await queueOf(deps).enqueue(
    POINTS_JOBS.recoverRedemptions,
    { shopId: shop.id },
    { shopId: shop.id, runAt: at, singletonKey: `${POINTS_JOBS.recoverRedemptions}:${shop.id}` },
  );
}

/** The daily maintenance run (birthdays, expiry, tiers, stuck redemptions); later runs are queued by the scheduler (app/jobs/runtime.server). */
export async function scheduleDailyPoints(shop: ShopRef, at: Date, deps?: PointsDeps): Promise<void> {
  await queueOf(deps).enqueue(
    POINTS_JOBS.daily,
    { shopId: shop.id },
    { shopId: shop.id, runAt: at, singletonKey: `${POINTS_JOBS.daily}:${shop.id}` },
  );
}
