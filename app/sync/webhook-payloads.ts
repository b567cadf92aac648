import { z } from "zod";

/**
 * The webhook topics Kizuna subscribes to (shopify.app.toml) and the part of each payload it relies on.
 * Shopify's REST-style bodies carry many more fields; they are kept (passthrough) and stored as received.
 */
// Shopify ids are 64-bit; ids above 2^53 lose digits in JSON.parse, so the exact id is read from
// admin_graphql_api_id when the payload has one (see eventResource).
const ShopifyId = z.union([
  z.number().refine((n) => Number.isInteger(n) && n > 0, "must be a positive integer id"),
  z.string().regex(/^\d+$/, "must be a numeric id"),
]);
const Timestamp = z.string().refine((value) => !Number.isNaN(Date.parse(value)), "must be an ISO 8601 timestamp");

const OrderPayload = z.looseObject({
  id: ShopifyId,
  updated_at: Timestamp,
  created_at: Timestamp,
  line_items: z.array(z.looseObject({ id: ShopifyId })),
});

const CustomerPayload = z.looseObject({ id: ShopifyId, updated_at: Timestamp, created_at: Timestamp });

export const WebhookPayloads = {
  "app/uninstalled": z.looseObject({}),
  "app/scopes_update": z.looseObject({ current: z.array(z.string()).optional() }),
  "customers/create": CustomerPayload,
  "customers/update": CustomerPayload,
  "customers/delete": z.looseObject({ id: ShopifyId }),
  "orders/create": OrderPayload,
  "orders/updated": OrderPayload,
  "orders/cancelled": OrderPayload,
  "refunds/create": z.looseObject({ id: ShopifyId, order_id: ShopifyId, created_at: Timestamp }),
  "bulk_operations/finish": z.looseObject({ admin_graphql_api_id: z.string(), status: z.string() }),
  "customers/data_request": z.looseObject({
    shop_domain: z.string(),
    customer: z.looseObject({ id: ShopifyId }),
    orders_requested: z.array(ShopifyId).optional(),
  }),
  "customers/redact": z.looseObject({
    shop_domain: z.string(),
    customer: z.looseObject({ id: ShopifyId }),
    orders_to_redact: z.array(ShopifyId).optional(),
  }),
  "shop/redact": z.looseObject({ shop_domain: z.string() }),
} as const;

export type WebhookTopic = keyof typeof WebhookPayloads;
export const WEBHOOK_TOPICS = Object.keys(WebhookPayloads) as WebhookTopic[];

export function isWebhookTopic(topic: string): topic is WebhookTopic {
  return Object.hasOwn(WebhookPayloads, topic);
}

/** The Shopify object an event is about and its version, so the worker can apply events in order. */
export function eventResource(
  topic: WebhookTopic,
  payload: Record<string, unknown>,
): { id: bigint | null; updatedAt: Date | null } {
  const id = (value: unknown) => (value === undefined || value === null ? null : BigInt(value as number | string));
  const exactId = (record: Record<string, unknown>) => gidNumber(record.admin_graphql_api_id) ?? id(record.id);
  const time = (value: unknown) => (typeof value === "string" ? new Date(value) : null);
  switch (topic) {
    case "customers/create":
    case "customers/update":
    case "orders/create":
    case "orders/updated":
    case "orders/cancelled":
      return { id: exactId(payload), updatedAt: time(payload.updated_at) };
    case "customers/delete":
      return { id: id(payload.id), updatedAt: null };
    case "refunds/create":
      return { id: id(payload.order_id), updatedAt: time(payload.created_at) };
    case "customers/redact":
    case "customers/data_request":
      return { id: id((payload.customer as { id?: unknown } | undefined)?.id), updatedAt: null };
    default:
      return { id: null, updatedAt: null };
  }
}

/** The numeric part of a GraphQL id such as gid://shopify/Order/123, exactly. */
export function gidNumber(value: unknown): bigint | null {
  if (typeof value !== "string") return null;
  const match = /\/(\d+)(?:\?.*)?$/.exec(value);
  return match ? BigInt(match[1]) : null;
}
