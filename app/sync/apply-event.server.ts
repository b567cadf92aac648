import { z } from "zod";
import type { Db } from "../db/client.server";
import { eraseCustomer, eraseShop, exportCustomerData, saveDataExport } from "../db/customer-privacy.server";
import { markShopUninstalled, type ShopRef } from "../db/shops.server";
import { pointsAfterOrderEvent } from "../points/service.server";
import { applyOrderVersion, applyRefund, upsertCustomers } from "../db/store-copy.server";
import { noteBulkOperationFinished } from "./backfill.server";
import { customerFromWebhook, orderFromWebhook, refundFromWebhook } from "./records";
import { gidNumber, type WebhookTopic } from "./webhook-payloads";

/**
 * What one stored webhook does to Kizuna's copy of the store. Every branch is idempotent and versioned,
 * so a duplicate, a retry or an out-of-order delivery leaves the same final state.
 */
export interface StoredEvent {
  id: number;
  topic: string;
  payload: string;
  triggeredAt: Date | null;
  receivedAt: Date;
}

export interface ApplyOutcome {
  /** customers or orders changed: the shop's analytics are stale */
  dataChanged: boolean;
  /** the shop itself is gone (shop/redact): nothing more to record for this event */
  shopErased?: boolean;
}

const IdPayload = z.looseObject({ id: z.union([z.number(), z.string()]), admin_graphql_api_id: z.string().nullish() });
const PrivacyPayload = z.looseObject({
  customer: z.looseObject({
    id: z.union([z.number(), z.string()]),
    email: z.string().nullish(),
    phone: z.string().nullish(),
  }),
  orders_to_redact: z.array(z.union([z.number(), z.string()])).optional(),
  data_request: z.looseObject({ id: z.union([z.number(), z.string()]) }).optional(),
});

export async function applyEvent(
  client: Db,
  shop: ShopRef & { currency: string; pointsEnabled?: boolean },
  event: StoredEvent,
): Promise<ApplyOutcome> {
  // Points follow orders only when the program is on (the worker reads the settings once per batch).
  const withPoints = shop.pointsEnabled ?? true;
  const payload: unknown = JSON.parse(event.payload);
  const when = event.triggeredAt ?? event.receivedAt;
  switch (event.topic as WebhookTopic) {
    case "customers/create":
    case "customers/update":
      await upsertCustomers(client, shop, [customerFromWebhook(payload)]);
      return { dataChanged: true };
    case "customers/delete": {
      const body = IdPayload.parse(payload);
      await eraseCustomer(client, shop, gidNumber(body.admin_graphql_api_id) ?? BigInt(body.id), when);
      return { dataChanged: true };
    }
    case "orders/create":
    case "orders/updated":
    case "orders/cancelled": {
      const { order, lineItems, refunds } = orderFromWebhook(payload);
      const applied = await applyOrderVersion(client, shop, order, lineItems, refunds);
      if (applied && withPoints) await pointsAfterOrderEvent(client, shop, order.id);
      return { dataChanged: applied };
    }
    case "refunds/create": {
      const refund = refundFromWebhook(payload, shop.currency);
      await applyRefund(client, shop, refund);
      if (withPoints) await pointsAfterOrderEvent(client, shop, refund.orderId);
      return { dataChanged: true };
    }
    case "customers/redact": {
      const body = PrivacyPayload.parse(payload);
      await eraseCustomer(
        client,
        shop,
        BigInt(body.customer.id),
        when,
        (body.orders_to_redact ?? []).map((id) => BigInt(id)),
      );
      return { dataChanged: true };
    }
    case "customers/data_request": {
      const body = PrivacyPayload.parse(payload);
      const customerId = BigInt(body.customer.id);
      const content = await exportCustomerData(client, shop, customerId);
      await saveDataExport(client, shop, customerId, body.data_request ? String(body.data_request.id) : null, content);
      return { dataChanged: false };
    }
    case "shop/redact":
      await eraseShop(client, shop);
      return { dataChanged: false, shopErased: true };
    case "app/uninstalled":
      await markShopUninstalled(client, shop, when);
      return { dataChanged: false };
    case "app/scopes_update": {
      const current = z.looseObject({ current: z.array(z.string()) }).safeParse(payload);
      if (current.success) {
        await client.session.updateMany({ where: { shop: shop.domain }, data: { scope: current.data.current.join(",") } });
      }
      return { dataChanged: false };
    }
    case "bulk_operations/finish": {
      const body = z.looseObject({ admin_graphql_api_id: z.string() }).parse(payload);
      await noteBulkOperationFinished(client, shop, body.admin_graphql_api_id);
      return { dataChanged: false };
    }
    default:
      throw new Error(`No handler for webhook topic "${event.topic}"`);
  }
}
