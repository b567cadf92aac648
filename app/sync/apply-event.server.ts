import type { Db } from "../db/client.server";
import {
  eraseCustomer,
  eraseShop,
  exportCustomerData,
  forgetPayloadIfRedacted,
  saveDataExport,
} from "../db/customer-privacy.server";
import { markShopUninstalled, type ShopRef } from "../db/shops.server";
import { journeysAfterOrderEvent } from "../journeys/enrol.server";
import { pointsAfterOrderEvent } from "../points/service.server";
import { pushStateOf } from "../db/pushback.server";
import { applyOrderVersion, applyRefund, storedCustomerFields, upsertCustomers } from "../db/store-copy.server";
import { isPushEcho } from "../domain/pushback/echo";
import { defaultShopSettings } from "../domain/settings/shop-settings";
import type { CustomerRecord } from "../domain/store-records";
import { noteBulkOperationFinished } from "./backfill.server";
import { isWebhookTopic, readWebhook } from "./webhook-payloads";

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

/**
 * A stored body no longer reads (Kizuna was upgraded with a stricter schema since intake, or the shop's
 * currency changed): retrying cannot help, so the event is parked with this reason.
 */
const DEFAULT_TAG_PREFIX = defaultShopSettings.push.tagPrefix;

export class InvalidWebhookPayload extends Error {
  override name = "InvalidWebhookPayload";
}

export async function isEchoOfPush(
  client: Db,
  shop: ShopRef & { tagPrefix?: string },
  customer: CustomerRecord,
): Promise<boolean> {
  const [stored, pushed] = await Promise.all([
    storedCustomerFields(client, shop, customer.id),
    pushStateOf(client, shop, customer.id),
  ]);
  if (!stored || !pushed) return false;
  return isPushEcho(stored, customer, pushed.tags, shop.tagPrefix ?? DEFAULT_TAG_PREFIX);
}

export async function applyEvent(
  client: Db,
  shop: ShopRef & { currency: string; pointsEnabled?: boolean; tagPrefix?: string },
  event: StoredEvent,
): Promise<ApplyOutcome> {
  // Points follow orders only when the program is on (the worker reads the settings once per batch).
  const withPoints = shop.pointsEnabled ?? true;
  if (!isWebhookTopic(event.topic)) throw new InvalidWebhookPayload(`Unknown webhook topic "${event.topic}"`);
  // The same reading intake did before it answered Shopify (one schema per topic).
  const reading = readWebhook(event.topic, event.payload, { currency: shop.currency, receivedAt: event.receivedAt });
  if (!reading.ok) throw new InvalidWebhookPayload(reading.error);
  const change = reading.change;
  const when = event.triggeredAt ?? event.receivedAt;
  // Ties between deliveries of the same updated_at go to the later X-Shopify-Triggered-At (decision 008).
  const source = { triggeredAt: event.triggeredAt };
  // A delivery about a redacted customer keeps no body once applied (decision 008).
  const forgetIfRedacted = (about: { customerId?: bigint | null; orderId?: bigint | null }) =>
    forgetPayloadIfRedacted(client, shop, event.id, about);
  switch (change.topic) {
    case "customers/create":
    case "customers/update": {
      // An echo of Kizuna's own push (only its tags or metafields changed) is stored but changes no analysis.
      const echo = change.topic === "customers/update" && (await isEchoOfPush(client, shop, change.customer));
      await upsertCustomers(client, shop, [change.customer], new Date(), source);
      await forgetIfRedacted({ customerId: change.customer.id });
      return { dataChanged: !echo };
    }
    case "customers/delete": {
      await eraseCustomer(client, shop, change.customerId, when);
      await forgetIfRedacted({ customerId: change.customerId });
      return { dataChanged: true };
    }
    case "orders/create":
    case "orders/updated":
    case "orders/cancelled": {
      const { order, lineItems, refunds } = change.order;
      const applied = await applyOrderVersion(client, shop, order, lineItems, refunds, source);
      if (applied && withPoints) await pointsAfterOrderEvent(client, shop, order.id);
      if (applied) await journeysAfterOrderEvent(client, shop, order.id);
      await forgetIfRedacted({ customerId: order.customerId, orderId: order.id });
      return { dataChanged: applied };
    }
    case "refunds/create": {
      const refund = change.refund;
      await applyRefund(client, shop, refund);
      if (withPoints) await pointsAfterOrderEvent(client, shop, refund.orderId);
      await forgetIfRedacted({ orderId: refund.orderId });
      return { dataChanged: true };
    }
    case "customers/redact": {
      const body = change.request;
      // The email and phone Shopify sends find the person's traces even when the customer row is already blank.
      await eraseCustomer(client, shop, change.customerId, when, change.orderIds, body.customer);
      await forgetIfRedacted({ customerId: change.customerId });
      return { dataChanged: true };
    }
    case "customers/data_request": {
      const customerId = change.customerId;
      const content = await exportCustomerData(client, shop, customerId);
      await saveDataExport(client, shop, customerId, change.requestId, content);
      await forgetIfRedacted({ customerId });
      return { dataChanged: false };
    }
    case "shop/redact":
      await eraseShop(client, shop);
      return { dataChanged: false, shopErased: true };
    case "app/uninstalled":
      await markShopUninstalled(client, shop, when);
      return { dataChanged: false };
    case "app/scopes_update": {
      if (change.scopes) {
        await client.session.updateMany({ where: { shop: shop.domain }, data: { scope: change.scopes.join(",") } });
      }
      return { dataChanged: false };
    }
    case "bulk_operations/finish": {
      await noteBulkOperationFinished(client, shop, change.operationGid);
      return { dataChanged: false };
    }
  }
}
