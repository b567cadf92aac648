import { config } from "../config.server";
import type { Db } from "../db/client.server";
import { findShop, type ShopRef } from "../db/shops.server";
import { verifyAppProxyRequest } from "../shopify/app-proxy";

/*
 * Requests from the storefront through Shopify's app proxy (/apps/kizuna/* → /proxy/*). Nothing in the
 * request is trusted before its signature is verified; then only the verified shop and
 * logged_in_customer_id say whose data it is. An unsigned or altered request is answered 401; a signed
 * one for a shop that is not installed (never, uninstalled or erased) 404, with no data.
 */

const NO_STORE = { "Cache-Control": "private, no-store" };

export function proxyJson(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: NO_STORE });
}

export function proxyUnauthorized(): Response {
  return proxyJson({ error: "This request did not come signed from the shop's storefront." }, 401);
}

export function proxyShopNotFound(): Response {
  return proxyJson({ error: "NOT_FOUND", message: "This shop does not use Kizuna." }, 404);
}

export type ProxyAuth = { ok: true; shop: ShopRef; customerId: bigint | null } | { ok: false; response: Response };

export async function authenticateProxyRequest(client: Db, request: Request, now = Date.now()): Promise<ProxyAuth> {
  const verified = verifyAppProxyRequest(new URL(request.url), config().SHOPIFY_API_SECRET, now);
  if (!verified.ok) return { ok: false, response: proxyUnauthorized() };
  const shop = await findShop(client, verified.shop);
  if (shop?.installState !== "installed") return { ok: false, response: proxyShopNotFound() };
  const id = verified.loggedInCustomerId;
  if (id !== null && !/^\d{1,20}$/.test(id)) return { ok: false, response: proxyUnauthorized() };
  return { ok: true, shop: { id: shop.id, domain: shop.domain }, customerId: id === null ? null : BigInt(id) };
}
