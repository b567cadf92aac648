import type { Db } from "../db/client.server";
import { ensureShop } from "../db/shops.server";
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
  | { outcome: "stored"; eventId: number }
  | { outcome: "duplicate" }
  | { outcome: "rejected"; status: 400 | 422; error: string };

export async function storeWebhook(client: Db, delivery: VerifiedDelivery, routeTopic: WebhookTopic): Promise<IntakeResult> {
  const shop = await ensureShop(client, delivery.shopDomain);
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
  try {
    const event = await client.webhookEvent.create({
      data: {
        shopId,
        webhookId: delivery.webhookId,
        topic: delivery.topic,
        apiVersion: delivery.apiVersion,
        eventId: delivery.eventId,
        triggeredAt: delivery.triggeredAt ? new Date(delivery.triggeredAt) : null,
        payload: delivery.rawBody,
        ...fields,
      },
      select: { id: true },
    });
    return { outcome: "stored", eventId: event.id };
  } catch (error) {
    if (isUniqueViolation(error)) return { outcome: "duplicate" };
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}
