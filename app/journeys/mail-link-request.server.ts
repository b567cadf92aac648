import type { Shop } from "@prisma/client";
import { config } from "../config.server";
import type { Db } from "../db/client.server";
import { findShop } from "../db/shops.server";
import { type Locale, resolveLocale } from "../i18n";
import { APP_PROXY_PATH, mailLinkKey } from "../mail/links";
import { goneLinkPage, htmlResponse, invalidLinkPage } from "../mail/pages";
import { verifyAppProxyRequest } from "../shopify/app-proxy";

/**
 * The first half of every mail-link route (/apps/kizuna/unsubscribe, /apps/kizuna/click): Shopify's app
 * proxy signature says which shop the request is for, the shop must be installed, then the link's own
 * signature is checked by the route for that shop. Anything wrong is answered with a page in the customer's
 * language, and nothing changes: 403 for a forged request, 404 for a shop that does not use Kizuna.
 */
export type MailLinkRequest =
  | { ok: true; shop: Pick<Shop, "id" | "domain" | "name" | "locale">; url: URL; key: Buffer; locale: Locale; pathPrefix: string }
  | { ok: false; response: Response };

export async function mailLinkRequest(client: Db, request: Request, now = Date.now()): Promise<MailLinkRequest> {
  const url = new URL(request.url);
  const browserLocale = resolveLocale(request.headers.get("accept-language"), "ja");
  const secret = config().SHOPIFY_API_SECRET;
  const proxy = verifyAppProxyRequest(url, secret, now);
  if (!proxy.ok) return { ok: false, response: htmlResponse(invalidLinkPage(browserLocale), 403) };
  const shop = await findShop(client, proxy.shop);
  if (shop?.installState !== "installed") return { ok: false, response: htmlResponse(goneLinkPage(browserLocale), 404) };
  const prefix = url.searchParams.get("path_prefix");
  return {
    ok: true,
    shop: { id: shop.id, domain: shop.domain, name: shop.name, locale: shop.locale },
    url,
    key: mailLinkKey(secret),
    locale: resolveLocale(shop.locale),
    // where the storefront serves the app proxy (the merchant may change the prefix in Shopify admin)
    pathPrefix: prefix && /^\/[a-z]+\/[a-z0-9_-]+$/i.test(prefix) ? prefix : APP_PROXY_PATH,
  };
}

/** The answer to a link whose own signature is wrong or that is cut short: 400 malformed, 403 forged. */
export function invalidLinkResponse(locale: Locale, reason: "missing" | "malformed" | "signature"): Response {
  return htmlResponse(invalidLinkPage(locale), reason === "signature" ? 403 : 400);
}
