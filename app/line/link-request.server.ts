import type { Db } from "../db/client.server";
import { insertLinkCode, lineChannelOf, updateLineBotIdentity } from "../db/line.server";
import { getShop, type ShopRef } from "../db/shops.server";
import { resolveLocale, translator } from "../i18n";
import { LINK_CODE_TTL_MS, lineMessageUrl, newLinkCode } from "./link-code";
import { type LineClientFactory, lineClientFor } from "./shop-client.server";

/**
 * The storefront's "LINEで連携" (decision 025): a one-time code for the customer Shopify signed in (never a
 * customer id from the browser), valid for 15 minutes, and the LINE URL that opens a chat with the shop's
 * official account with "LINE連携コード：XXXXXXXX" pre-filled. The account's basic id is learned from LINE's
 * bot info when Kizuna does not have it yet.
 */
export type LineLinkRequest = { ok: true; url: string; code: string; expiresAt: Date } | { ok: false; reason: "NOT_CONFIGURED" };

export async function requestLineLink(
  client: Db,
  shop: ShopRef,
  customerId: bigint,
  now: Date,
  factory?: LineClientFactory,
): Promise<LineLinkRequest> {
  const channel = await lineChannelOf(client, shop);
  if (!channel) return { ok: false, reason: "NOT_CONFIGURED" };
  let basicId = channel.basicId;
  if (!basicId) {
    const connection = await lineClientFor(client, shop, factory);
    const info = await connection?.line.botInfo().catch(() => null);
    if (!info) return { ok: false, reason: "NOT_CONFIGURED" };
    basicId = info.basicId;
    await updateLineBotIdentity(client, shop, { basicId: info.basicId, botUserId: info.userId });
  }
  const code = newLinkCode();
  const expiresAt = new Date(now.getTime() + LINK_CODE_TTL_MS);
  await insertLinkCode(client, shop, { customerId, code, expiresAt, now });
  const t = translator(resolveLocale((await getShop(client, shop)).locale));
  return { ok: true, url: lineMessageUrl(basicId, t("line.link.prefilled", { code })), code, expiresAt };
}
