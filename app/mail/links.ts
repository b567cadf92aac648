import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Signed links in mail: the unsubscribe link and the click redirect, both on the storefront's app proxy
 * (shopify.app.toml [app_proxy]: prefix "apps", subpath "kizuna" → /apps/kizuna/* → our /proxy/*). Each
 * names the outbox row (JourneyMessage.id) and carries an HMAC-SHA256 over the shop, the row and, for a
 * click, the target, keyed by a key derived from the app secret. Nobody can make a link for another row,
 * shop or target without the secret; verification is constant-time. The routes also verify Shopify's app
 * proxy signature, which is what says which shop the request is for.
 */
export const APP_PROXY_PATH = "/apps/kizuna";
export const UNSUBSCRIBE_PATH = `${APP_PROXY_PATH}/unsubscribe`;
export const CLICK_PATH = `${APP_PROXY_PATH}/click`;

/** A key of its own for mail links, so a link token can never be replayed as any other signature of the app. */
export function mailLinkKey(appSecret: string): Buffer {
  if (!appSecret) throw new Error("The app secret (SHOPIFY_API_SECRET) is needed to sign mail links.");
  return createHmac("sha256", appSecret).update("kizuna mail links v1", "utf8").digest();
}

type Purpose = "unsubscribe" | "click";

function token(key: Buffer, purpose: Purpose, shop: string, outboxId: number, target = ""): string {
  // JSON keeps the fields apart: no choice of values makes two different links sign the same text.
  return createHmac("sha256", key)
    .update(JSON.stringify([purpose, shop, outboxId, target]), "utf8")
    .digest("base64url");
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given, "utf8");
  const b = Buffer.from(expected, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The target a click link may send to: an absolute http(s) URL, normalised. */
export function linkTarget(target: string): string | null {
  try {
    const url = new URL(target);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

function storefrontOrigin(storefrontUrl: string): string {
  return new URL(storefrontUrl).origin;
}

export interface LinkSigner {
  unsubscribeUrl(outboxId: number): string;
  /** the signed redirect for `target`; a target that is not an http(s) URL is returned unchanged (mailto:, #…) */
  clickUrl(outboxId: number, target: string): string;
}

/** Signs links for one shop: `shop` is its myshopify domain, `storefrontUrl` where customers reach it. */
export function linkSigner(key: Buffer, shop: string, storefrontUrl: string): LinkSigner {
  const origin = storefrontOrigin(storefrontUrl);
  return {
    unsubscribeUrl(outboxId) {
      const query = new URLSearchParams({ m: String(outboxId), t: token(key, "unsubscribe", shop, outboxId) });
      return `${origin}${UNSUBSCRIBE_PATH}?${query}`;
    },
    clickUrl(outboxId, target) {
      const normalised = linkTarget(target);
      if (!normalised) return target;
      const query = new URLSearchParams({
        m: String(outboxId),
        u: normalised,
        t: token(key, "click", shop, outboxId, normalised),
      });
      return `${origin}${CLICK_PATH}?${query}`;
    },
  };
}

export type LinkVerification<T> = ({ ok: true } & T) | { ok: false; reason: "missing" | "malformed" | "signature" };

function outboxIdOf(params: URLSearchParams): number | null {
  const values = params.getAll("m");
  if (values.length !== 1 || !/^[1-9]\d{0,15}$/.test(values[0])) return null;
  const id = Number(values[0]);
  return Number.isSafeInteger(id) ? id : null;
}

function single(params: URLSearchParams, name: string): string | null {
  const values = params.getAll(name);
  return values.length === 1 ? values[0] : null;
}

/** Checks an unsubscribe link's `m` and `t` for `shop` (the shop the app proxy signature vouches for). */
export function verifyUnsubscribeLink(
  key: Buffer,
  shop: string,
  params: URLSearchParams,
): LinkVerification<{ outboxId: number }> {
  if (!params.has("m") || !params.has("t")) return { ok: false, reason: "missing" };
  const outboxId = outboxIdOf(params);
  const given = single(params, "t");
  if (outboxId === null || given === null) return { ok: false, reason: "malformed" };
  if (!sameToken(given, token(key, "unsubscribe", shop, outboxId))) return { ok: false, reason: "signature" };
  return { ok: true, outboxId };
}

/** Checks a click link's `m`, `u` and `t`: only a target we signed for this shop and row passes. */
export function verifyClickLink(
  key: Buffer,
  shop: string,
  params: URLSearchParams,
): LinkVerification<{ outboxId: number; target: string }> {
  if (!params.has("m") || !params.has("u") || !params.has("t")) return { ok: false, reason: "missing" };
  const outboxId = outboxIdOf(params);
  const target = single(params, "u");
  const given = single(params, "t");
  if (outboxId === null || target === null || given === null || linkTarget(target) !== target) {
    return { ok: false, reason: "malformed" };
  }
  if (!sameToken(given, token(key, "click", shop, outboxId, target))) return { ok: false, reason: "signature" };
  return { ok: true, outboxId, target };
}
