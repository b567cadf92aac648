import type { ShopRef } from "../db/shops.server";
import { JobNames } from "../jobs/catalog";
import { jobQueue } from "../jobs/index.server";

/** Queues the one push pipeline for a shop (one queued at a time); it diffs and sends what changed. */
export async function queueShopPush(shop: ShopRef): Promise<void> {
  await jobQueue().enqueue(JobNames.push, { shopId: shop.id }, { shopId: shop.id, singletonKey: `push:${shop.id}` });
}
