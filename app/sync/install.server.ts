import type { Db } from "../db/client.server";
import { registerShop } from "../db/shops.server";
import { jobQueue } from "../jobs/index.server";
import { JobNames } from "../jobs/catalog";
import { fetchShopProfile } from "../shopify/shop-profile.server";
import type { AdminGraphql } from "../shopify/request-graphql.server";

/** After OAuth / token exchange: remember the shop, queue its first full sync (once) and the metafield definitions. */
export async function onShopInstalled(client: Db, shopDomain: string, graphql: AdminGraphql): Promise<void> {
  const profile = await fetchShopProfile(graphql);
  const shop = await registerShop(client, shopDomain, profile);
  const alreadySynced = await client.syncRun.findFirst({
    where: { shopId: shop.id, kind: "backfill", status: "completed" },
    select: { id: true },
  });
  if (!alreadySynced) {
    await jobQueue().enqueue(JobNames.backfill, { shopId: shop.id }, { shopId: shop.id, singletonKey: `backfill:${shop.id}` });
  }
  // the `$app:kizuna` definitions (filterable in Shopify's segments) exist before the first push writes values
  await jobQueue().enqueue(
    JobNames.shopifySegmentsSync,
    { shopId: shop.id },
    { shopId: shop.id, singletonKey: `shopify-segments:${shop.id}` },
  );
}
