import { verifySessionToken } from "../shopify/session-token";
import type { Db } from "../db/client.server";
import { getPointsAccount, loadLedger } from "../db/points.server";
import { findShop, type ShopRef } from "../db/shops.server";
import { balanceExpiresAt } from "../domain/points";
import { type StorefrontPoints, storefrontPoints } from "./customer-points.server";
import { loadPointsProgram } from "./program.server";

/**
 * Points in Shopify's customer accounts (decision 027): the customer account UI extension asks with its
 * session token. Whose points they are comes from the verified token only (dest = the shop, sub = the
 * customer's gid), never from the request: a customer id in the query or body is ignored.
 */

export type CustomerAccountPoints =
  | { state: "notMember"; reason: "programOff" | "noAccount" }
  | ({ state: "member"; expiring: { points: number; expires_at: string } | null } & StorefrontPoints);

export type CustomerAccountAuth =
  | { ok: true; shop: ShopRef; customerId: bigint }
  | { ok: false; status: 401 | 404; error: string };

/** The token's shop and customer, checked against the installed shops. */
export async function authenticateCustomerAccountToken(
  client: Db,
  token: string | null,
  app: { apiKey: string; apiSecret: string },
  now = Date.now(),
): Promise<CustomerAccountAuth> {
  const claims = token ? verifySessionToken(token, app, now) : null;
  if (!claims) return { ok: false, status: 401, error: "The session token is missing, expired or not signed for this app." };
  const customer = /^gid:\/\/shopify\/Customer\/(\d{1,20})$/.exec(claims.sub ?? "");
  if (!customer) return { ok: false, status: 401, error: "The session token names no signed-in customer." };
  const shop = await findShop(client, claims.shopDomain);
  if (shop?.installState !== "installed") return { ok: false, status: 404, error: "This shop does not use Kizuna." };
  return { ok: true, shop: { id: shop.id, domain: shop.domain }, customerId: BigInt(customer[1]) };
}

export async function customerAccountPoints(
  client: Db,
  shop: ShopRef,
  customerId: bigint,
  now: Date = new Date(),
): Promise<CustomerAccountPoints> {
  const { settings } = await loadPointsProgram(client, shop);
  if (!settings.enabled) return { state: "notMember", reason: "programOff" };
  const account = await getPointsAccount(client, shop, customerId);
  if (!account) return { state: "notMember", reason: "noAccount" };
  const points = await storefrontPoints(client, shop, customerId, settings);
  let expiring: { points: number; expires_at: string } | null = null;
  if (points.points_balance > 0) {
    const at = balanceExpiresAt(settings, await loadLedger(client, shop, customerId));
    // "soon": within the next 60 days
    if (at !== null && at - now.getTime() <= 60 * 86_400_000) {
      expiring = { points: points.points_balance, expires_at: new Date(at).toISOString() };
    }
  }
  return { state: "member", expiring, ...points };
}
