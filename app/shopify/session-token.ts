import { createHmac, randomUUID } from "node:crypto";

/**
 * A session token as Shopify admin issues it to an embedded app (HS256 JWT signed with the app secret).
 * The demo uses it to open the app through the real embedded-auth path without Shopify admin around it.
 */
export function signSessionToken(options: {
  shopDomain: string;
  apiKey: string;
  apiSecret: string;
  userId?: string;
  now?: number;
  ttlSeconds?: number;
}): string {
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const header = encode({ alg: "HS256", typ: "JWT" });
  const payload = encode({
    iss: `https://${options.shopDomain}/admin`,
    dest: `https://${options.shopDomain}`,
    aud: options.apiKey,
    sub: options.userId ?? "1",
    exp: now + (options.ttlSeconds ?? 60),
    nbf: now - 5,
    iat: now - 5,
    jti: randomUUID(),
    sid: randomUUID(),
  });
  const signature = createHmac("sha256", options.apiSecret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/** The URL Shopify admin would load the embedded app with. */
export function embeddedAppUrl(appUrl: string, shopDomain: string, token: string, locale = "ja", path = "/app"): string {
  const url = new URL(path, appUrl);
  url.searchParams.set("embedded", "1");
  url.searchParams.set("shop", shopDomain);
  url.searchParams.set("host", Buffer.from(`admin.shopify.com/store/${shopDomain.split(".")[0]}`).toString("base64url"));
  url.searchParams.set("locale", locale);
  url.searchParams.set("id_token", token);
  return url.href;
}
