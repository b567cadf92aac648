import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../app/db/database-url.mjs";
import { APP_PROXY_PATH, linkSigner, mailLinkKey, verifyClickLink, verifyUnsubscribeLink } from "../../app/mail/links";

const key = mailLinkKey("app-secret");
const shop = "kizuna-demo.myshopify.com";
const signer = linkSigner(key, shop, "https://shop.example.jp/some/page");

function params(url: string): URLSearchParams {
  return new URL(url).searchParams;
}

describe("signed mail links", () => {
  it("are served on the storefront's app proxy path named in shopify.app.toml", () => {
    const toml = readFileSync(path.join(projectRoot, "shopify.app.toml"), "utf8");
    const proxy = toml.slice(toml.indexOf("[app_proxy]"));
    const prefix = /prefix\s*=\s*"([^"]+)"/.exec(proxy)?.[1];
    const subpath = /subpath\s*=\s*"([^"]+)"/.exec(proxy)?.[1];
    expect(APP_PROXY_PATH).toBe(`/${prefix}/${subpath}`);
    expect(signer.unsubscribeUrl(42)).toMatch(/^https:\/\/shop\.example\.jp\/apps\/kizuna\/unsubscribe\?m=42&t=[\w-]{43}$/);
  });

  it("verify for the shop and message they were made for", () => {
    expect(verifyUnsubscribeLink(key, shop, params(signer.unsubscribeUrl(42)))).toEqual({ ok: true, outboxId: 42 });
    const click = signer.clickUrl(42, "https://shop.example.jp/products/tea?variant=1&x=y");
    expect(verifyClickLink(key, shop, params(click))).toEqual({
      ok: true,
      outboxId: 42,
      target: "https://shop.example.jp/products/tea?variant=1&x=y",
    });
  });

  it("refuse another message id, another shop, another target, another key and a cut token", () => {
    const unsubscribe = params(signer.unsubscribeUrl(42));
    const otherMessage = new URLSearchParams(unsubscribe);
    otherMessage.set("m", "43");
    expect(verifyUnsubscribeLink(key, shop, otherMessage)).toEqual({ ok: false, reason: "signature" });
    expect(verifyUnsubscribeLink(key, "other.myshopify.com", unsubscribe)).toEqual({ ok: false, reason: "signature" });
    expect(verifyUnsubscribeLink(mailLinkKey("another-secret"), shop, unsubscribe)).toEqual({ ok: false, reason: "signature" });
    const cut = new URLSearchParams(unsubscribe);
    cut.set("t", (cut.get("t") ?? "").slice(0, 20));
    expect(verifyUnsubscribeLink(key, shop, cut)).toEqual({ ok: false, reason: "signature" });
    const doubled = new URLSearchParams(unsubscribe);
    doubled.append("m", "42");
    expect(verifyUnsubscribeLink(key, shop, doubled)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyUnsubscribeLink(key, shop, new URLSearchParams("m=42"))).toEqual({ ok: false, reason: "missing" });

    const click = params(signer.clickUrl(42, "https://shop.example.jp/products/tea"));
    const elsewhere = new URLSearchParams(click);
    elsewhere.set("u", "https://evil.example/phish");
    expect(verifyClickLink(key, shop, elsewhere)).toEqual({ ok: false, reason: "signature" });
    const script = new URLSearchParams(click);
    script.set("u", "javascript:alert(1)");
    expect(verifyClickLink(key, shop, script)).toEqual({ ok: false, reason: "malformed" });
    // an unsubscribe token is not a click token for the same message
    const swapped = new URLSearchParams(click);
    swapped.set("t", unsubscribe.get("t") ?? "");
    expect(verifyClickLink(key, shop, swapped)).toEqual({ ok: false, reason: "signature" });
  });

  it("leave links that are not http(s) as they are", () => {
    expect(signer.clickUrl(1, "mailto:shop@example.jp")).toBe("mailto:shop@example.jp");
    expect(signer.clickUrl(1, "#top")).toBe("#top");
  });
});
