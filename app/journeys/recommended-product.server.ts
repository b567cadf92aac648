import type { Db } from "../db/client.server";
import {
  type CachedProduct,
  cachedProducts,
  lastOrderProducts,
  latestProductAssociations,
  saveProducts,
} from "../db/products.server";
import type { ShopRef } from "../db/shops.server";
import { type ProductAssociations, productCacheIsStale, recommendedProductIds } from "../domain/journeys/recommendation";
import type { AdminClient } from "../shopify/admin-client.server";
import { fetchProductsForMail } from "../shopify/products.server";
import type { MessageContext } from "./channel";

export type RecommendedProduct = NonNullable<MessageContext["product"]>;

export interface RecommendationDeps {
  /** null: no Shopify call, the cache only (a stale row is still shown) */
  admin: AdminClient | null;
  now: Date;
  /** the storefront (https://…), for a product whose online-store URL Shopify does not give */
  storefrontUrl: string;
  /** the associations, when the caller already read them */
  associations?: ProductAssociations | null;
  log?: (line: string) => void;
}

/**
 * The recommended product of each customer (decision 020): bought together with their last order's products,
 * else the shop's best seller, shown only if Shopify has it active. Product details come from the Product
 * cache, refreshed through the Admin API when missing or older than 24 h; if Shopify cannot be asked, a stale
 * row is used and a missing one is skipped. A customer without a product to show is absent from the map
 * (the message then leaves its product block out).
 */
export async function recommendedProducts(
  client: Db,
  shop: ShopRef,
  customerIds: readonly bigint[],
  deps: RecommendationDeps,
): Promise<Map<bigint, RecommendedProduct>> {
  const result = new Map<bigint, RecommendedProduct>();
  if (customerIds.length === 0) return result;
  const associations = deps.associations !== undefined ? deps.associations : await latestProductAssociations(client, shop);
  if (!associations) return result;
  const bought = await lastOrderProducts(client, shop, customerIds);
  const candidates = new Map<bigint, string[]>();
  const wanted = new Set<string>();
  for (const customerId of customerIds) {
    const ids = recommendedProductIds(bought.get(customerId) ?? [], associations);
    candidates.set(customerId, ids);
    for (const id of ids) wanted.add(id);
  }
  if (wanted.size === 0) return result;
  const ids = [...wanted].map((id) => BigInt(id));
  const products = await cachedProducts(client, shop, ids);
  const due = ids.filter((id) => {
    const row = products.get(id);
    return !row || productCacheIsStale(row.fetchedAt, deps.now);
  });
  if (due.length > 0 && deps.admin) {
    try {
      const fetched = await fetchProductsForMail(deps.admin, due);
      await saveProducts(client, shop, fetched, deps.now);
      for (const product of fetched) products.set(product.id, { ...product, fetchedAt: deps.now });
    } catch (error) {
      // a message without a fresh product is better than no message: the cache (if any) stands in
      deps.log?.(`[journeys] ${shop.domain}: products for mail not read (${String(error)})`);
    }
  }
  for (const [customerId, ranked] of candidates) {
    for (const id of ranked) {
      const product = products.get(BigInt(id));
      if (!product || (product.status !== null && product.status !== "ACTIVE")) continue;
      result.set(customerId, productForMail(product, deps.storefrontUrl));
      break;
    }
  }
  return result;
}

function productForMail(product: CachedProduct, storefrontUrl: string): RecommendedProduct {
  const url =
    product.onlineStoreUrl ??
    (product.handle ? `${storefrontUrl}/products/${encodeURIComponent(product.handle)}` : storefrontUrl);
  return { title: product.title, url, imageUrl: product.imageUrl, priceMinor: product.priceMinor };
}
