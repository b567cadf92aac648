import { describe, expect, it } from "vitest";
import { appProxySignedMessage, signAppProxyQuery, verifyAppProxyRequest } from "./app-proxy";

// The worked example on shopify.dev "Authenticate app proxies": secret "hush", shop-name.myshopify.com.
const DOC_SECRET = "hush";
const DOC_NOW = 1_317_327_555_000;
const DOC_LOGGED_IN =
  "https://kizuna.example/proxy/extra/path/components?extra=1&extra=2&shop=shop-name.myshopify.com&logged_in_customer_id=1&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555&signature=4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb";
const DOC_GUEST =
  "https://kizuna.example/proxy/extra/path/components?extra=1&extra=2&shop=shop-name.myshopify.com&logged_in_customer_id=&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555&signature=e072b6d7e6622d85912a5214b860d3100dc1e73d9bc29f43796ac8c9ff8093cb";

const SECRET = "kizuna-test-secret";
const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);

function signedUrl(params: Record<string, string | string[]>, secret = SECRET): URL {
  const url = new URL("https://kizuna.example/proxy/points");
  for (const [key, value] of Object.entries(params)) {
    for (const item of typeof value === "string" ? [value] : value) url.searchParams.append(key, item);
  }
  url.searchParams.set("signature", signAppProxyQuery(url.searchParams, secret));
  return url;
}

const base = {
  shop: "kizuna-demo.myshopify.com",
  logged_in_customer_id: "7208000000001",
  path_prefix: "/apps/kizuna",
  timestamp: String(NOW / 1000),
};

describe("app proxy signature", () => {
  it("builds Shopify's message: sorted, repeated values joined by ',', no separators", () => {
    expect(appProxySignedMessage(new URL(DOC_LOGGED_IN).searchParams)).toBe(
      "extra=1,2logged_in_customer_id=1path_prefix=/apps/awesome_reviewsshop=shop-name.myshopify.comtimestamp=1317327555",
    );
    expect(appProxySignedMessage({ b: "2", a: ["1", "x"], signature: "ignored" })).toBe("a=1,xb=2");
  });

  it("accepts Shopify's documented examples", () => {
    expect(verifyAppProxyRequest(new URL(DOC_LOGGED_IN), DOC_SECRET, DOC_NOW)).toEqual({
      ok: true,
      shop: "shop-name.myshopify.com",
      loggedInCustomerId: "1",
    });
    expect(verifyAppProxyRequest(new URL(DOC_GUEST), DOC_SECRET, DOC_NOW)).toEqual({
      ok: true,
      shop: "shop-name.myshopify.com",
      loggedInCustomerId: null,
    });
  });

  it("accepts what signAppProxyQuery signs, including guests", () => {
    expect(verifyAppProxyRequest(signedUrl(base), SECRET, NOW)).toEqual({
      ok: true,
      shop: "kizuna-demo.myshopify.com",
      loggedInCustomerId: "7208000000001",
    });
    expect(verifyAppProxyRequest(signedUrl({ ...base, logged_in_customer_id: "" }), SECRET, NOW)).toMatchObject({
      ok: true,
      loggedInCustomerId: null,
    });
  });

  it("rejects a signature made with another secret", () => {
    expect(verifyAppProxyRequest(signedUrl(base, "attacker"), SECRET, NOW)).toEqual({
      ok: false,
      reason: "The app proxy signature does not match.",
    });
  });

  it("rejects a changed parameter (e.g. another customer id)", () => {
    const url = signedUrl(base);
    url.searchParams.set("logged_in_customer_id", "7208000000002");
    expect(verifyAppProxyRequest(url, SECRET, NOW)).toMatchObject({
      ok: false,
      reason: "The app proxy signature does not match.",
    });
    const added = signedUrl(base);
    added.searchParams.append("extra", "1");
    expect(verifyAppProxyRequest(added, SECRET, NOW)).toMatchObject({ ok: false });
  });

  it("rejects a missing, malformed or truncated signature", () => {
    const url = signedUrl(base);
    const signature = url.searchParams.get("signature") ?? "";
    url.searchParams.delete("signature");
    expect(verifyAppProxyRequest(url, SECRET, NOW)).toEqual({ ok: false, reason: "The request has no app proxy signature." });
    url.searchParams.set("signature", signature.slice(0, 62));
    expect(verifyAppProxyRequest(url, SECRET, NOW)).toMatchObject({ ok: false });
    url.searchParams.set("signature", `${signature.slice(0, 62)}zz`);
    expect(verifyAppProxyRequest(url, SECRET, NOW)).toMatchObject({ ok: false });
  });

  it("rejects duplicated single-value parameters", () => {
    const url = signedUrl({ ...base, shop: ["kizuna-demo.myshopify.com", "other.myshopify.com"] });
    expect(verifyAppProxyRequest(url, SECRET, NOW)).toEqual({
      ok: false,
      reason: 'The "shop" parameter appears more than once.',
    });
  });

  it("rejects stale and far-future timestamps, accepts within 5 minutes", () => {
    const stale = signedUrl({ ...base, timestamp: String(NOW / 1000 - 301) });
    expect(verifyAppProxyRequest(stale, SECRET, NOW)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("outside the allowed 5 minutes"),
    });
    const future = signedUrl({ ...base, timestamp: String(NOW / 1000 + 301) });
    expect(verifyAppProxyRequest(future, SECRET, NOW)).toMatchObject({ ok: false });
    const recent = signedUrl({ ...base, timestamp: String(NOW / 1000 - 299) });
    expect(verifyAppProxyRequest(recent, SECRET, NOW)).toMatchObject({ ok: true });
    expect(verifyAppProxyRequest(new URL(DOC_LOGGED_IN), DOC_SECRET, NOW)).toMatchObject({ ok: false });
    const noTimestamp = signedUrl({ shop: base.shop });
    expect(verifyAppProxyRequest(noTimestamp, SECRET, NOW)).toEqual({ ok: false, reason: "The request has no valid timestamp." });
  });

  it("rejects a signed request without a valid shop, and an empty secret", () => {
    expect(verifyAppProxyRequest(signedUrl({ ...base, shop: "evil.example.com" }), SECRET, NOW)).toEqual({
      ok: false,
      reason: "The request has no valid shop domain.",
    });
    expect(verifyAppProxyRequest(signedUrl(base, ""), "", NOW)).toMatchObject({ ok: false });
  });
});
