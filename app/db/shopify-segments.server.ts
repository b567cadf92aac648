import type { ShopifySegmentLinkState } from "../domain/segments-sync/plan";
import type { Db } from "./client.server";
import type { ShopRef } from "./shops.server";

/** ShopifySegmentLink: which Shopify segment stands for which Kizuna segment (decision 027). */

export interface ShopifySegmentLinkRow extends ShopifySegmentLinkState {
  syncedAt: Date;
}

export async function listShopifySegmentLinks(client: Db, shop: ShopRef): Promise<ShopifySegmentLinkRow[]> {
  return client.shopifySegmentLink.findMany({
    where: { shopId: shop.id },
    orderBy: { segmentKey: "asc" },
    select: { segmentKey: true, shopifySegmentId: true, name: true, query: true, syncedAt: true },
  });
}

export async function saveShopifySegmentLink(client: Db, shop: ShopRef, link: ShopifySegmentLinkState, syncedAt: Date) {
  await client.shopifySegmentLink.upsert({
    where: { shopId_segmentKey: { shopId: shop.id, segmentKey: link.segmentKey } },
    create: { shopId: shop.id, ...link, syncedAt },
    update: { shopifySegmentId: link.shopifySegmentId, name: link.name, query: link.query, syncedAt },
  });
}

/** The language the shop's own admin texts are written in (Shopify segment names). */
export async function shopLocale(client: Db, shop: ShopRef): Promise<string> {
  const record = await client.shop.findUniqueOrThrow({ where: { id: shop.id }, select: { locale: true } });
  return record.locale;
}
