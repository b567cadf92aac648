import type { Db } from "../db/client.server";
import { ensureShop } from "../db/shops.server";
import { upsertBatches } from "../db/upsert.server";
import { eventResource, isWebhookTopic, WebhookPayloads, type WebhookTopic } from "./webhook-payloads";

/**
 * The webhook inbox's front door. Shopify wants a 2xx within 5 seconds and delivers at least once, so a
 * verified delivery is only validated and stored here (keyed by its webhook id: a duplicate is a no-op);
 * the worker applies it later.
 */
export interface VerifiedDelivery {
  shopDomain: string;
  topic: string;
  webhookId: string;
  apiVersion: string | null;
  eventId: string | null;
  triggeredAt: string | null;
  rawBody: string;
}

export type IntakeResult =
  | { outcome: "stored" }
  | { outcome: "duplicate" }
  | { outcome: "rejected"; status: 400 | 422; error: string };

// Every delivery names its shop; looking it up once a minute instead of per request keeps intake fast.
const SHOP_CACHE_MS = 60_000;
const shopCache = new Map<string, { shop: { id: number; domain: string }; at: number }>();

async function cachedShop(client: Db, domain: string) {
  const hit = shopCache.get(domain);
  if (hit && Date.now() - hit.at < SHOP_CACHE_MS) return hit.shop;
  const shop = await ensureShop(client, domain);
  shopCache.set(domain, { shop, at: Date.now() });
  return shop;
}

export async function storeWebhook(client: Db, delivery: VerifiedDelivery, routeTopic: WebhookTopic): Promise<IntakeResult> {
  try {
    return await storeForShop(client, await cachedShop(client, delivery.shopDomain), delivery, routeTopic);
  } catch (error) {
    // The shop was erased (shop/redact) since it was cached: look it up again, once.
    if (!shopCache.has(delivery.shopDomain)) throw error;
    shopCache.delete(delivery.shopDomain);
    return storeForShop(client, await cachedShop(client, delivery.shopDomain), delivery, routeTopic);
  }
}

async function storeForShop(
  client: Db,
  shop: { id: number; domain: string },
  delivery: VerifiedDelivery,
  routeTopic: WebhookTopic,
): Promise<IntakeResult> {
  const reject = async (status: 400 | 422, error: string): Promise<IntakeResult> => {
    // Recorded for the Sync health page, parked so the worker never applies it.
    await insertEvent(client, shop.id, delivery, {
      status: "parked",
      lastError: error,
      resourceId: null,
      resourceUpdatedAt: null,
    });
    return { outcome: "rejected", status, error };
  };

  if (!isWebhookTopic(delivery.topic)) return reject(400, `Unknown webhook topic "${delivery.topic}"`);
  if (delivery.topic !== routeTopic) {
    return reject(400, `A "${delivery.topic}" webhook was sent to the "${routeTopic}" endpoint`);
  }
  let body: unknown;
  try {
    body = JSON.parse(delivery.rawBody);
  } catch {
    return reject(400, `The ${delivery.topic} webhook body is not valid JSON`);
  }
  const parsed = WebhookPayloads[delivery.topic].safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"} ${issue.message}`).join("; ");
    return reject(422, `The ${delivery.topic} webhook payload is invalid: ${problems}`);
  }
  const resource = eventResource(delivery.topic, parsed.data as Record<string, unknown>);
  return insertEvent(client, shop.id, delivery, {
    status: "pending",
    lastError: null,
    resourceId: resource.id,
    resourceUpdatedAt: resource.updatedAt,
  });
}

async function insertEvent(
  client: Db,
  shopId: number,
  delivery: VerifiedDelivery,
  fields: { status: string; lastError: string | null; resourceId: bigint | null; resourceUpdatedAt: Date | null },
): Promise<IntakeResult> {
  // INSERT … ON CONFLICT DO NOTHING on (shopId, webhookId): a retried or duplicated delivery writes nothing.
  // This is the hot path of every webhook, so it goes through the fast batch writer rather than a Prisma call.
  const now = new Date();
  const written = await upsertBatches(client, [
    {
      spec: { table: "WebhookEvent", key: ["shopId", "webhookId"], update: [] },
      rows: [
        {
          shopId,
          webhookId: delivery.webhookId,
          topic: delivery.topic,
          apiVersion: delivery.apiVersion,
          eventId: delivery.eventId,
          triggeredAt: delivery.triggeredAt ? new Date(delivery.triggeredAt) : null,
          payload: delivery.rawBody,
          receivedAt: now,
          nextAttemptAt: now,
          attempts: 0,
          ...fields,
        },
      ],
    },
  ]);
  return written === 1 ? { outcome: "stored" } : { outcome: "duplicate" };
}
