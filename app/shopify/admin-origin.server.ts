import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";

/**
 * Where the Admin API of a shop lives. In production that is https://{shop}; when SHOPIFY_ADMIN_ORIGIN
 * names the local emulator, every Admin API call goes there instead. This file is the only place that
 * knows the difference: the emulator tells shops apart by their access token.
 */
export function adminApiUrl(shopDomain: string, apiVersion: string, origin = process.env.SHOPIFY_ADMIN_ORIGIN): string {
  const base = origin ? origin.replace(/\/+$/, "") : `https://${shopDomain}`;
  return `${base}/admin/api/${apiVersion}/graphql.json`;
}

const shopAdminUrl = /^https:\/\/[a-z0-9][a-z0-9-]*\.myshopify\.com(\/admin\/.*)$/i;

/** Points the Shopify library's own fetch (used by `admin.graphql` inside requests) at the emulator. */
export function routeAdminCallsToEmulator(origin: string | undefined): void {
  if (!origin) return;
  const base = origin.replace(/\/+$/, "");
  const realFetch = globalThis.fetch;
  setAbstractFetchFunc((input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const match = shopAdminUrl.exec(url);
    if (!match) return realFetch(input, init);
    if (input instanceof Request) return realFetch(new Request(`${base}${match[1]}`, input), init);
    return realFetch(`${base}${match[1]}`, init);
  });
}
