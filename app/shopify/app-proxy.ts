/*
 * Shopify app proxy signatures (storefront → /apps/kizuna/* → our server).
 *
 * Shopify adds `shop`, `logged_in_customer_id`, `path_prefix`, `timestamp` and `signature` to the
 * query. The signature is the hex HMAC-SHA256, keyed with the app's API secret, of every other
 * query parameter as `key=value`, sorted by key, concatenated with NO separator; a key given more
 * than once contributes its values joined by ",". (This is not the OAuth `hmac` scheme, which
 * joins with "&".) See shopify.dev "Authenticate app proxies".
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** How old (or how far in the future) a signed request may be. */
const APP_PROXY_TIMESTAMP_TOLERANCE_MS = 5 * 60 * 1000;

/** Parameters Shopify sends once; a second copy would make the signed and the read values differ. */
const SINGLE_VALUE_PARAMS = ["shop", "timestamp", "signature", "logged_in_customer_id", "path_prefix"] as const;

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export type AppProxyParams = URLSearchParams | Readonly<Record<string, string | readonly string[]>>;

export type AppProxyVerification = { ok: true; shop: string; loggedInCustomerId: string | null } | { ok: false; reason: string };

function groupParams(params: AppProxyParams): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  const add = (key: string, value: string) => {
    const values = grouped.get(key);
    if (values) values.push(value);
    else grouped.set(key, [value]);
  };
  if (params instanceof URLSearchParams) {
    for (const [key, value] of params) add(key, value);
  } else {
    for (const [key, value] of Object.entries(params)) {
      for (const item of typeof value === "string" ? [value] : value) add(key, item);
    }
  }
  return grouped;
}

/** The exact string Shopify signs: sorted `key=value` pairs (code-point order), no separators, `signature` left out. */
export function appProxySignedMessage(params: AppProxyParams): string {
  const grouped = groupParams(params);
  grouped.delete("signature");
  return [...grouped.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => `${key}=${grouped.get(key)?.join(",") ?? ""}`)
    .join("");
}

/** Signs decoded query parameters the way Shopify does; for tests and the local emulator. */
export function signAppProxyQuery(params: AppProxyParams, secret: string): string {
  return createHmac("sha256", secret).update(appProxySignedMessage(params), "utf8").digest("hex");
}

/**
 * Verifies a request that came through the app proxy. `now` is epoch milliseconds. Only the
 * parameters returned here (and others read from the same verified URL) may be trusted.
 */
export function verifyAppProxyRequest(url: URL, secret: string, now: number): AppProxyVerification {
  if (!secret) return { ok: false, reason: "The app secret is not configured (SHOPIFY_API_SECRET)." };
  const params = url.searchParams;
  for (const key of SINGLE_VALUE_PARAMS) {
    if (params.getAll(key).length > 1) return { ok: false, reason: `The "${key}" parameter appears more than once.` };
  }
  const signature = params.get("signature");
  if (!signature) return { ok: false, reason: "The request has no app proxy signature." };
  if (!/^[0-9a-f]{64}$/i.test(signature)) return { ok: false, reason: "The signature is not a SHA-256 hex digest." };

  const expected = Buffer.from(signAppProxyQuery(params, secret), "hex");
  const given = Buffer.from(signature, "hex");
  // timingSafeEqual throws on different lengths; the format check above makes them equal, this keeps it so.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "The app proxy signature does not match." };
  }

  // Checked after the signature, so an attacker learns nothing about the time window from forgeries.
  const timestamp = params.get("timestamp");
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "The request has no valid timestamp." };
  const age = now - Number(timestamp) * 1000;
  if (Math.abs(age) > APP_PROXY_TIMESTAMP_TOLERANCE_MS) {
    return { ok: false, reason: `The request timestamp is ${Math.round(age / 1000)} s from now, outside the allowed 5 minutes.` };
  }

  const shop = params.get("shop") ?? "";
  if (!SHOP_DOMAIN.test(shop)) return { ok: false, reason: "The request has no valid shop domain." };
  const customerId = params.get("logged_in_customer_id");
  return { ok: true, shop, loggedInCustomerId: customerId ? customerId : null };
}
