import { registerShop, type ShopRef } from "../../app/db/shops.server";
import { db } from "../../app/db/client.server";
import { webhookRequest } from "../support/shopify-requests";
import { handleWebhookRequest } from "../../app/sync/webhook-route.server";
import type { WebhookTopic } from "../../app/sync/webhook-payloads";

/** Bodies and helpers shared by the intake tests: Shopify's REST shapes, with every field Kizuna reads. */
export function orderBody(overrides: Record<string, unknown> = {}) {
  return {
    id: 820982911946154500,
    admin_graphql_api_id: "gid://shopify/Order/820982911946154508",
    name: "#1001",
    email: "taro@example.jp",
    created_at: "2026-10-01T09:00:00+09:00",
    processed_at: "2026-10-01T09:00:00+09:00",
    updated_at: "2026-10-01T09:00:00+09:00",
    cancelled_at: null,
    cancel_reason: null,
    currency: "JPY",
    presentment_currency: "JPY",
    financial_status: "paid",
    subtotal_price: "3000",
    total_discounts: "0",
    total_tax: "273",
    total_price: "3000",
    customer: { id: 115310627314723950, admin_graphql_api_id: "gid://shopify/Customer/115310627314723954" },
    line_items: [
      {
        id: 866550311766439000,
        admin_graphql_api_id: "gid://shopify/LineItem/866550311766439020",
        title: "静岡深蒸し茶",
        quantity: 1,
        price: "3000",
        product_id: 632910392,
        variant_id: 808950810,
      },
    ],
    refunds: [],
    test: false,
    ...overrides,
  };
}

export function customerBody(overrides: Record<string, unknown> = {}) {
  return {
    id: 706405506930370000,
    admin_graphql_api_id: "gid://shopify/Customer/706405506930370084",
    email: "hanako@example.jp",
    first_name: "花子",
    last_name: "山田",
    created_at: "2026-09-01T10:00:00+09:00",
    updated_at: "2026-10-02T10:00:00+09:00",
    tags: "",
    ...overrides,
  };
}

let shopCounter = 0;
/** A freshly installed shop, as afterAuth registers it. */
export async function installedShop(prefix: string): Promise<ShopRef> {
  shopCounter++;
  const record = await registerShop(db(), `${prefix}-${shopCounter}-${process.pid}.myshopify.com`, {
    name: prefix,
    currency: "JPY",
    timezone: "Asia/Tokyo",
  });
  return { id: record.id, domain: record.domain };
}

/** Delivers one signed webhook through the route handler, as Shopify would. */
export async function deliver(
  topic: WebhookTopic,
  body: string | object,
  options: { shop: string; webhookId?: string; route?: WebhookTopic; secret?: string },
) {
  const response = await handleWebhookRequest(
    webhookRequest({ topic, body, shop: options.shop, webhookId: options.webhookId, secret: options.secret }),
    options.route ?? topic,
  );
  return { status: response.status, text: await response.text() };
}

export async function storedEvent(shopId: number, webhookId: string) {
  return db().webhookEvent.findUnique({ where: { shopId_webhookId: { shopId, webhookId } } });
}
