import { createHmac, randomUUID } from "node:crypto";
import { Session } from "@shopify/shopify-api";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { BROWSER_USER_AGENT, TEST_APP } from "./env";

export const TEST_SHOP = "kizuna-test.myshopify.com";

/** An offline session as a real install stores it: what authenticate.admin looks up. */
export function offlineSession(shop = TEST_SHOP, accessToken = "shpat_test_token"): Session {
  return new Session({ id: `offline_${shop}`, shop, state: "installed", isOnline: false, accessToken, scope: TEST_APP.scopes });
}

/** A document request from Shopify admin into the embedded app, carrying a session token signed with the app secret. */
export async function embeddedAdminRequest(pathAndQuery: string, shop = TEST_SHOP, init: RequestInit = {}): Promise<Request> {
  const { token } = await getJwt(shop.replace(".myshopify.com", ""), TEST_APP.apiKey, TEST_APP.apiSecret);
  const url = new URL(pathAndQuery, TEST_APP.appUrl);
  url.searchParams.set("embedded", "1");
  url.searchParams.set("shop", shop);
  url.searchParams.set("host", Buffer.from(`admin.shopify.com/store/${shop.split(".")[0]}`).toString("base64url"));
  url.searchParams.set("id_token", token);
  const headers = new Headers(init.headers);
  headers.set("User-Agent", BROWSER_USER_AGENT);
  headers.set("Authorization", `Bearer ${token}`);
  return new Request(url, { ...init, headers });
}

export interface WebhookDeliveryOptions {
  topic: string;
  body: string | object;
  shop?: string;
  webhookId?: string;
  secret?: string;
  path?: string;
}

/** A webhook delivery exactly as Shopify sends it: raw body signed with HMAC-SHA256 (base64) of the app secret. */
export function webhookRequest(options: WebhookDeliveryOptions): Request {
  const raw = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  const hmac = createHmac("sha256", options.secret ?? TEST_APP.apiSecret)
    .update(raw, "utf8")
    .digest("base64");
  return new Request(new URL(options.path ?? `/webhooks/${options.topic}`, TEST_APP.appUrl), {
    method: "POST",
    body: raw,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": options.topic,
      "X-Shopify-Shop-Domain": options.shop ?? TEST_SHOP,
      "X-Shopify-API-Version": "2026-07",
      "X-Shopify-Webhook-Id": options.webhookId ?? randomUUID(),
      "X-Shopify-Event-Id": randomUUID(),
      "X-Shopify-Triggered-At": new Date().toISOString(),
      "X-Shopify-Hmac-Sha256": hmac,
    },
  });
}
