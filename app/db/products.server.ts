/**
 * The Product cache (what a mail needs to show a product: title, link, image, price; refreshed from
 * Shopify after 24 h) and what the recommendation reads: each customer's last order's products and the
 * frequently-bought-together associations of the latest analytics. Every statement is scoped by shop.
 */
import { analyticsSummarySchema } from "../domain/analytics/summary";
import type { ProductAssociations } from "../domain/journeys/recommendation";
import type { Db } from "./client.server";
import { findInChunks } from "./in-chunks";
import type { ShopRef } from "./shops.server";

export interface CachedProduct {
  id: bigint;
  title: string;
  handle: string | null;
  onlineStoreUrl: string | null;
  imageUrl: string | null;
  priceMinor: number | null;
  status: string | null;
  fetchedAt: Date;
}

export async function cachedProducts(client: Db, shop: ShopRef, ids: readonly bigint[]): Promise<Map<bigint, CachedProduct>> {
  const rows = await findInChunks([...ids], (chunk) =>
    client.product.findMany({
      where: { shopId: shop.id, id: { in: chunk } },
      select: {
        id: true,
        title: true,
        handle: true,
        onlineStoreUrl: true,
        imageUrl: true,
        priceMinor: true,
        status: true,
        fetchedAt: true,
      },
    }),
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/** Writes products read from Shopify into the cache (insert or refresh). */
export async function saveProducts(
  client: Db,
  shop: ShopRef,
  products: readonly Omit<CachedProduct, "fetchedAt">[],
  fetchedAt: Date,
): Promise<void> {
  for (const product of products) {
    const data = {
      title: product.title,
      handle: product.handle,
      onlineStoreUrl: product.onlineStoreUrl,
      imageUrl: product.imageUrl,
      priceMinor: product.priceMinor,
      status: product.status,
      fetchedAt,
    };
    await client.product.upsert({
      where: { shopId_id: { shopId: shop.id, id: product.id } },
      create: { shopId: shop.id, id: product.id, ...data },
      update: data,
    });
  }
}

/** Each customer's latest order (not a test, not cancelled) as the product ids on it, as strings. */
export async function lastOrderProducts(
  client: Db,
  shop: ShopRef,
  customerIds: readonly bigint[],
): Promise<Map<bigint, string[]>> {
  const latest = await findInChunks([...customerIds], (chunk) =>
    client.order.groupBy({
      by: ["customerId"],
      where: { shopId: shop.id, customerId: { in: chunk }, test: false, cancelledAt: null },
      _max: { processedAt: true },
    }),
  );
  const orders = await findInChunks(
    latest.filter((row) => row.customerId !== null && row._max.processedAt !== null),
    (chunk) =>
      client.order.findMany({
        where: {
          shopId: shop.id,
          test: false,
          cancelledAt: null,
          OR: chunk.map((row) => ({ customerId: row.customerId, processedAt: row._max.processedAt as Date })),
        },
        select: { id: true, customerId: true },
      }),
    200,
  );
  const customerOfOrder = new Map(orders.map((order) => [order.id, order.customerId as bigint]));
  const items = await findInChunks([...customerOfOrder.keys()], (chunk) =>
    client.lineItem.findMany({
      where: { shopId: shop.id, orderId: { in: chunk }, productId: { not: null } },
      select: { orderId: true, productId: true },
    }),
  );
  const result = new Map<bigint, string[]>();
  for (const item of items) {
    const customerId = customerOfOrder.get(item.orderId);
    if (customerId === undefined || item.productId === null) continue;
    const list = result.get(customerId) ?? [];
    const id = String(item.productId);
    if (!list.includes(id)) list.push(id);
    result.set(customerId, list);
  }
  return result;
}

const associationsSchema = analyticsSummarySchema.shape.associations;

/** The frequently-bought-together associations of the shop's latest analytics, or null (none computed yet). */
export async function latestProductAssociations(client: Db, shop: ShopRef): Promise<ProductAssociations | null> {
  const row = await client.analyticsResult.findFirst({
    where: { shopId: shop.id },
    orderBy: [{ computedAt: "desc" }, { id: "desc" }],
    select: { summary: true },
  });
  if (!row) return null;
  let summary: unknown;
  try {
    summary = JSON.parse(row.summary);
  } catch {
    return null;
  }
  const parsed = associationsSchema.safeParse((summary as { associations?: unknown } | null)?.associations);
  return parsed.success ? parsed.data : null;
}
