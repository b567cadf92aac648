import { db } from "./db/client.server";
import { ensureShop, type ShopRef } from "./db/shops.server";
import { authenticate } from "./shopify.server";

export type AdminRequestContext = Awaited<ReturnType<typeof authenticate.admin>> & { shop: ShopRef };

/**
 * The preamble of every embedded admin loader and action: authenticates the request (a missing or bad
 * session token throws the library's redirect or 401, which Remix returns as is) and resolves the shop
 * the session belongs to. Every read and write after it is scoped by `shop`.
 */
export async function requireShop(request: Request): Promise<AdminRequestContext> {
  const context = await authenticate.admin(request);
  const shop = await ensureShop(db(), context.session.shop);
  return { ...context, shop };
}
