import { createHmac, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { handleWebhookRequest } from "../../app/sync/webhook-route.server";
import { TEST_APP } from "../support/env";
import { installedShop, orderBody, storedEvent } from "./intake-support";

// Issue 11.3: bodies were read whole (twice) before the HMAC was checked, with no limit. The default limit
// is 4 MiB (KIZUNA_WEBHOOK_MAX_BYTES).
const LIMIT = 4 * 1024 * 1024;
const CHUNK = 64 * 1024;

/** A request body produced on demand, counting what the handler pulled from it. */
function countedStream(total: number, chunk = CHUNK) {
  const pulled = { bytes: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= total) {
        controller.close();
        return;
      }
      const size = Math.min(chunk, total - pulled.bytes);
      pulled.bytes += size;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
  return { stream, pulled };
}

function headers(shop: string, hmac: string, extra: Record<string, string> = {}) {
  return {
    "Content-Type": "application/json",
    "X-Shopify-Topic": "orders/create",
    "X-Shopify-Shop-Domain": shop,
    "X-Shopify-API-Version": "2026-07",
    "X-Shopify-Webhook-Id": randomUUID(),
    "X-Shopify-Hmac-Sha256": hmac,
    ...extra,
  };
}

const url = new URL("/webhooks/orders/create", TEST_APP.appUrl);

describe("webhook bodies: bounded, read once, HMAC checked while streaming", () => {
  it("refuses with 413 a body whose Content-Length is over the limit, without reading it", async () => {
    const shop = await installedShop("body");
    const { stream, pulled } = countedStream(100 * 1024 * 1024);
    const request = new Request(url, {
      method: "POST",
      body: stream,
      duplex: "half",
      headers: headers(shop.domain, "Zm9yZ2Vk", { "Content-Length": String(100 * 1024 * 1024) }),
    } as RequestInit);
    const response = await handleWebhookRequest(request, "orders/create");
    expect(response.status).toBe(413);
    // The stream may have been primed with a chunk or two, never read through.
    expect(pulled.bytes).toBeLessThanOrEqual(4 * CHUNK);
  });

  it("stops reading a chunked body (no Content-Length) at the limit and answers 413", async () => {
    const shop = await installedShop("body");
    const { stream, pulled } = countedStream(64 * 1024 * 1024);
    const request = new Request(url, {
      method: "POST",
      body: stream,
      duplex: "half",
      headers: headers(shop.domain, "Zm9yZ2Vk"),
    } as RequestInit);
    const response = await handleWebhookRequest(request, "orders/create");
    expect(response.status).toBe(413);
    expect(pulled.bytes).toBeLessThanOrEqual(LIMIT + 4 * CHUNK);
    expect(await db().webhookEvent.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("verifies a genuine body that arrives in small chunks, split inside multi-byte characters, and stores it exactly", async () => {
    const shop = await installedShop("body");
    const raw = JSON.stringify(orderBody({ note: "ご注文ありがとうございます。🍵" }));
    const hmac = createHmac("sha256", TEST_APP.apiSecret).update(raw, "utf8").digest("base64");
    const bytes = Buffer.from(raw, "utf8");
    let offset = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(new Uint8Array(bytes.subarray(offset, offset + 7)));
        offset += 7;
      },
    });
    const webhookHeaders = headers(shop.domain, hmac, { "X-Shopify-Webhook-Id": "wh-chunked" });
    const request = new Request(url, { method: "POST", body: stream, duplex: "half", headers: webhookHeaders } as RequestInit);
    expect((await handleWebhookRequest(request, "orders/create")).status).toBe(200);
    const event = await storedEvent(shop.id, "wh-chunked");
    expect(event?.status).toBe("pending");
    expect(event?.payload).toBe(raw);
  });

  it("refuses a forged body under the limit with 401 and writes nothing; a signature of the wrong length too", async () => {
    const shop = await installedShop("body");
    const raw = JSON.stringify(orderBody());
    const forged = createHmac("sha256", "not-the-secret").update(raw, "utf8").digest("base64");
    for (const hmac of [forged, "c2hvcnQ=", ""]) {
      const request = new Request(url, { method: "POST", body: raw, headers: headers(shop.domain, hmac) });
      expect((await handleWebhookRequest(request, "orders/create")).status).toBe(401);
    }
    expect(await db().webhookEvent.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("accepts a genuine body just under the limit (a very large order)", async () => {
    const shop = await installedShop("body");
    const lineItem = (index: number) => ({
      id: 900000000 + index,
      title: `商品 ${index} ${"説明".repeat(200)}`,
      quantity: 1,
      price: "100",
    });
    const raw = JSON.stringify(orderBody({ line_items: Array.from({ length: 1_500 }, (_, i) => lineItem(i)) }));
    expect(Buffer.byteLength(raw)).toBeGreaterThan(1024 * 1024);
    expect(Buffer.byteLength(raw)).toBeLessThan(LIMIT);
    const hmac = createHmac("sha256", TEST_APP.apiSecret).update(raw, "utf8").digest("base64");
    const request = new Request(url, {
      method: "POST",
      body: raw,
      headers: headers(shop.domain, hmac, { "X-Shopify-Webhook-Id": "wh-large" }),
    });
    expect((await handleWebhookRequest(request, "orders/create")).status).toBe(200);
    expect((await storedEvent(shop.id, "wh-large"))?.status).toBe("pending");
  });

  it("refuses a delivery whose shop header is not a shop domain, and one without a webhook id", async () => {
    const raw = JSON.stringify(orderBody());
    const hmac = createHmac("sha256", TEST_APP.apiSecret).update(raw, "utf8").digest("base64");
    const badShop = new Request(url, { method: "POST", body: raw, headers: headers("evil.example.com", hmac) });
    expect((await handleWebhookRequest(badShop, "orders/create")).status).toBe(400);
    const noId = new Request(url, {
      method: "POST",
      body: raw,
      headers: headers("body-shop.myshopify.com", hmac, { "X-Shopify-Webhook-Id": "" }),
    });
    expect((await handleWebhookRequest(noId, "orders/create")).status).toBe(400);
    expect(await db().shop.count({ where: { domain: "evil.example.com" } })).toBe(0);
  });
});
