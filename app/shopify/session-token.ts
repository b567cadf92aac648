import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

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

export interface VerifiedSessionToken {
  /** the shop the token was issued for (from `dest`) */
  shopDomain: string;
  /** the subject: a customer gid for customer account extensions, a staff user id in the admin */
  sub: string | null;
}

const LEEWAY_SECONDS = 5;

/**
 * Verifies a session token as Shopify issues it to extensions (customer accounts, checkout): HS256 signed
 * with the app secret, `aud` the app's API key, within `nbf`/`exp` (a few seconds of clock skew allowed),
 * `dest` an https shop origin. Returns null for anything else; the caller answers 401.
 */
export function verifySessionToken(
  token: string,
  app: { apiKey: string; apiSecret: string },
  now = Date.now(),
): VerifiedSessionToken | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts;
  const expected = createHmac("sha256", app.apiSecret).update(`${header}.${payload}`).digest();
  let given: Buffer;
  try {
    given = Buffer.from(signature, "base64url");
  } catch {
    return null;
  }
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let claims: Record<string, unknown>;
  try {
    const head = JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: unknown };
    if (head.alg !== "HS256") return null;
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return null;
  }
  const seconds = Math.floor(now / 1000);
  const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audience.includes(app.apiKey)) return null;
  if (typeof claims.exp !== "number" || claims.exp + LEEWAY_SECONDS < seconds) return null;
  if (typeof claims.nbf === "number" && claims.nbf - LEEWAY_SECONDS > seconds) return null;
  const dest = typeof claims.dest === "string" ? /^https:\/\/([a-z0-9][a-z0-9.-]*[a-z0-9])\/?$/i.exec(claims.dest) : null;
  if (!dest) return null;
  return { shopDomain: dest[1].toLowerCase(), sub: typeof claims.sub === "string" ? claims.sub : null };
}
