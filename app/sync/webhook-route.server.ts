import { createHmac, timingSafeEqual } from "node:crypto";
import { config } from "../config.server";
import { db } from "../db/client.server";
import { storeWebhook } from "./webhook-intake.server";
import type { WebhookTopic } from "./webhook-payloads";

/**
 * The action of every `webhooks.*` route (decision 007). The body is read once, as a stream, with a size
 * limit, and its HMAC-SHA256 (the app secret, base64 in X-Shopify-Hmac-Sha256) is computed chunk by chunk:
 * an oversized body is refused with 413 as soon as it is known to be too large, a forgery gets 401 and
 * nothing is written. A genuine delivery is answered 200 whether it is stored pending, stored parked with
 * its reason, a duplicate, or dropped because its shop is not installed: Shopify retries anything else.
 */

// Shopify names each delivery's shop: <name>.myshopify.com (the same rule as app-proxy signatures).
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

const REQUIRED_HEADERS = ["x-shopify-topic", "x-shopify-shop-domain", "x-shopify-webhook-id"] as const;

const status = (code: number, error?: string) =>
  error ? Response.json({ error }, { status: code }) : new Response(null, { status: code });

function isShopDomain(domain: string): boolean {
  const custom = config().SHOP_CUSTOM_DOMAIN;
  return SHOP_DOMAIN.test(domain) || (custom !== undefined && custom !== "" && domain === custom);
}

class BodyTooLarge extends Error {}

/** Reads the body once, feeding every chunk to the HMAC; stops reading at `limit` bytes. */
async function readSignedBody(request: Request, secret: string, limit: number): Promise<{ body: Buffer; digest: Buffer }> {
  const hmac = createHmac("sha256", secret);
  const chunks: Buffer[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        throw new BodyTooLarge();
      }
      hmac.update(value);
      chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    }
  }
  return { body: Buffer.concat(chunks, size), digest: hmac.digest() };
}

export async function handleWebhookRequest(request: Request, routeTopic: WebhookTopic): Promise<Response> {
  if (request.method !== "POST") return status(405);
  const headers = request.headers;
  const signature = Buffer.from(headers.get("x-shopify-hmac-sha256") ?? "", "base64");
  if (signature.length === 0) return status(401);
  const missing = REQUIRED_HEADERS.filter((name) => !headers.get(name));
  if (missing.length > 0) return status(400, `Missing webhook headers: ${missing.join(", ")}`);
  const shopDomain = headers.get("x-shopify-shop-domain") ?? "";
  if (!isShopDomain(shopDomain)) return status(400, "X-Shopify-Shop-Domain is not a shop domain");

  const settings = config();
  const limit = settings.KIZUNA_WEBHOOK_MAX_BYTES;
  const declared = Number(headers.get("content-length") ?? Number.NaN);
  if (declared > limit) return status(413, `Webhook bodies are limited to ${limit} bytes`);
  let signed: { body: Buffer; digest: Buffer };
  try {
    signed = await readSignedBody(request, settings.SHOPIFY_API_SECRET, limit);
  } catch (error) {
    if (error instanceof BodyTooLarge) return status(413, `Webhook bodies are limited to ${limit} bytes`);
    throw error;
  }
  if (signature.length !== signed.digest.length || !timingSafeEqual(signature, signed.digest)) return status(401);

  const result = await storeWebhook(
    db(),
    {
      shopDomain,
      topic: headers.get("x-shopify-topic") ?? "",
      webhookId: headers.get("x-shopify-webhook-id") ?? "",
      apiVersion: headers.get("x-shopify-api-version"),
      eventId: headers.get("x-shopify-event-id"),
      triggeredAt: headers.get("x-shopify-triggered-at"),
      rawBody: signed.body.toString("utf8"),
    },
    routeTopic,
  );
  // The outcome is for logs and tests; Shopify only reads the status.
  return result.outcome === "parked" ? Response.json({ parked: result.error }, { status: 200 }) : status(200);
}
