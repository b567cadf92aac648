import { z } from "zod";
import type { CustomerRecord, LineItemRecord, OrderWithChildren, RefundRecord } from "../domain/store-records";
import { minorUnits, upper } from "./records";
import { clockOffsetMs } from "../lib/clock.server";
import { AnyGid, describeIssues, gidNumber, idOf, isAfterReceipt, Money, ShopifyId, Timestamp } from "./shopify-values";

/**
 * The webhook topics Kizuna subscribes to (shopify.app.toml) and the one schema of each topic's body: intake
 * validates a delivery with it before answering Shopify, and the worker reads the stored body with the same
 * `readWebhook`, so a delivery that was accepted can be applied (decision 007). Shopify's REST-style bodies
 * carry many more fields; the raw body is stored as received, the schemas name what Kizuna reads.
 */

const RestMoneySet = z.object({ shop_money: z.object({ amount: Money }), presentment_money: z.object({ amount: Money }) });

export const CustomerWebhook = z.object({
  id: ShopifyId,
  admin_graphql_api_id: AnyGid.nullish(),
  email: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  phone: z.string().nullish(),
  locale: z.string().nullish(),
  state: z.string().nullish(),
  tags: z.string().nullish(),
  created_at: Timestamp,
  updated_at: Timestamp,
  email_marketing_consent: z.object({ state: z.string().nullish() }).nullish(),
  sms_marketing_consent: z.object({ state: z.string().nullish() }).nullish(),
  default_address: z
    .object({ city: z.string().nullish(), province_code: z.string().nullish(), country_code: z.string().nullish() })
    .nullish(),
});

export const RefundWebhook = z.object({
  id: ShopifyId,
  admin_graphql_api_id: AnyGid.nullish(),
  order_id: ShopifyId,
  created_at: Timestamp,
  note: z.string().nullish(),
  transactions: z.array(z.object({ kind: z.string(), status: z.string().nullish(), amount: Money })).default([]),
  refund_line_items: z
    .array(
      z.object({
        line_item_id: ShopifyId,
        quantity: z.number().int().nonnegative(),
        subtotal_set: RestMoneySet.nullish(),
        subtotal: Money.nullish(),
      }),
    )
    .default([]),
});

const LineItemWebhook = z.object({
  id: ShopifyId,
  admin_graphql_api_id: AnyGid.nullish(),
  product_id: ShopifyId.nullish(),
  variant_id: ShopifyId.nullish(),
  title: z.string(),
  variant_title: z.string().nullish(),
  sku: z.string().nullish(),
  quantity: z.number().int().nonnegative(),
  price: Money,
  total_discount: Money.nullish(),
  discount_allocations: z.array(z.object({ amount: Money })).nullish(),
});

export const OrderWebhook = z.object({
  id: ShopifyId,
  admin_graphql_api_id: AnyGid.nullish(),
  name: z.string(),
  email: z.string().nullish(),
  created_at: Timestamp,
  processed_at: Timestamp.nullish(),
  updated_at: Timestamp,
  cancelled_at: Timestamp.nullish(),
  cancel_reason: z.string().nullish(),
  currency: z.string().regex(/^[A-Z]{3}$/, "must be a currency code such as JPY"),
  presentment_currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "must be a currency code such as JPY")
    .nullish(),
  financial_status: z.string().nullish(),
  source_name: z.string().nullish(),
  tags: z.string().nullish(),
  discount_codes: z.array(z.object({ code: z.string() })).default([]),
  subtotal_price: Money,
  total_discounts: Money.nullish(),
  total_shipping_price_set: RestMoneySet.nullish(),
  total_tax: Money.nullish(),
  total_price: Money,
  total_price_set: RestMoneySet.nullish(),
  shipping_address: z.object({ province_code: z.string().nullish(), country_code: z.string().nullish() }).nullish(),
  customer: z.object({ id: ShopifyId, admin_graphql_api_id: AnyGid.nullish() }).nullish(),
  test: z.boolean().nullish(),
  line_items: z.array(LineItemWebhook),
  refunds: z.array(RefundWebhook).default([]),
});

const CustomerDeleteWebhook = z.object({ id: ShopifyId, admin_graphql_api_id: AnyGid.nullish() });

const PrivacyCustomer = z.object({ id: ShopifyId, email: z.string().nullish(), phone: z.string().nullish() });

export const CustomersRedactWebhook = z.object({
  shop_domain: z.string(),
  customer: PrivacyCustomer,
  orders_to_redact: z.array(ShopifyId).default([]),
});

export const CustomersDataRequestWebhook = z.object({
  shop_domain: z.string(),
  customer: PrivacyCustomer,
  orders_requested: z.array(ShopifyId).default([]),
  data_request: z.object({ id: z.union([z.number(), z.string()]) }).nullish(),
});

const BulkOperationGid = z
  .string()
  .refine((value) => value.startsWith("gid://shopify/BulkOperation/") && gidNumber(value) !== null, "must be a BulkOperation id");

export const WebhookPayloads = {
  "app/uninstalled": z.object({}),
  "app/scopes_update": z.object({ current: z.array(z.string()).nullish() }),
  "customers/create": CustomerWebhook,
  "customers/update": CustomerWebhook,
  "customers/delete": CustomerDeleteWebhook,
  "orders/create": OrderWebhook,
  "orders/updated": OrderWebhook,
  "orders/cancelled": OrderWebhook,
  "refunds/create": RefundWebhook,
  "bulk_operations/finish": z.object({ admin_graphql_api_id: BulkOperationGid, status: z.string() }),
  "customers/data_request": CustomersDataRequestWebhook,
  "customers/redact": CustomersRedactWebhook,
  "shop/redact": z.object({ shop_domain: z.string() }),
} as const;

export type WebhookTopic = keyof typeof WebhookPayloads;
export const WEBHOOK_TOPICS = Object.keys(WebhookPayloads) as WebhookTopic[];

export function isWebhookTopic(topic: string): topic is WebhookTopic {
  return Object.hasOwn(WebhookPayloads, topic);
}

/** What one delivery changes, read from its body: the records to store, or the request it carries. */
export type WebhookChange =
  | { topic: "customers/create" | "customers/update"; customer: CustomerRecord }
  | { topic: "customers/delete"; customerId: bigint }
  | { topic: "orders/create" | "orders/updated" | "orders/cancelled"; order: OrderWithChildren }
  | { topic: "refunds/create"; refund: RefundRecord }
  | {
      topic: "customers/redact";
      customerId: bigint;
      orderIds: bigint[];
      request: z.output<typeof CustomersRedactWebhook>;
    }
  | {
      topic: "customers/data_request";
      customerId: bigint;
      requestId: string | null;
      request: z.output<typeof CustomersDataRequestWebhook>;
    }
  | { topic: "shop/redact" }
  | { topic: "app/uninstalled" }
  | { topic: "app/scopes_update"; scopes: string[] | null }
  | { topic: "bulk_operations/finish"; operationGid: string };

export interface WebhookContext {
  /** the shop's currency: refunds/create bodies are converted to minor units in it */
  currency: string;
  /** when the delivery arrived: no timestamp in it may lie (much) later */
  receivedAt: Date;
}

export type WebhookReading =
  | {
      ok: true;
      change: WebhookChange;
      /** the Shopify object the event is about and its version, so the worker can apply events in order */
      resource: { id: bigint | null; updatedAt: Date | null };
    }
  | { ok: false; error: string };

/**
 * Reads a stored or arriving delivery's body: JSON, the topic's schema, conversion to records (money in the
 * currency's minor units), and timestamps no later than the delivery's arrival allows. Intake parks a
 * delivery that fails with this error; the worker applies what it returns; a replay reads it again.
 */
export function readWebhook(topic: WebhookTopic, rawBody: string, context: WebhookContext): WebhookReading {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return { ok: false, error: `The ${topic} webhook body is not valid JSON` };
  }
  const invalid = (problems: string) => ({ ok: false as const, error: `The ${topic} webhook payload is invalid: ${problems}` });
  const parsed = WebhookPayloads[topic].safeParse(body);
  if (!parsed.success) return invalid(describeIssues(parsed.error, "body"));
  try {
    const reading = changeOf(topic, parsed.data);
    // on Kizuna's clock (app/lib/clock; offset 0 in production): the demo moves its emulator's store clock
    // and Kizuna's together, so a store dated days past the system clock is not "from the future"
    const receivedAt = new Date(context.receivedAt.getTime() + clockOffsetMs());
    const late = reading.times.find(([, at]) => at && isAfterReceipt(at, receivedAt));
    if (late) return invalid(`${late[0]} ${late[1]?.toISOString()} is later than the delivery was received`);
    return { ok: true, change: reading.change, resource: reading.resource };
  } catch (error) {
    // Conversion refuses what the schema cannot see alone, e.g. ¥100.5 (more decimals than the currency has).
    return invalid(error instanceof Error ? error.message : String(error));
  }

  function changeOf(
    topic: WebhookTopic,
    data: unknown,
  ): { change: WebhookChange; resource: { id: bigint | null; updatedAt: Date | null }; times: Array<[string, Date | null]> } {
    const none = { id: null, updatedAt: null };
    switch (topic) {
      case "customers/create":
      case "customers/update": {
        const customer = customerFromWebhook(data as z.output<typeof CustomerWebhook>);
        return {
          change: { topic, customer },
          resource: { id: customer.id, updatedAt: customer.shopifyUpdatedAt },
          times: [
            ["created_at", customer.shopifyCreatedAt],
            ["updated_at", customer.shopifyUpdatedAt],
          ],
        };
      }
      case "customers/delete": {
        const customerId = idFrom(data as z.output<typeof CustomerDeleteWebhook>);
        return { change: { topic, customerId }, resource: { id: customerId, updatedAt: null }, times: [] };
      }
      case "orders/create":
      case "orders/updated":
      case "orders/cancelled": {
        const order = orderFromWebhook(data as z.output<typeof OrderWebhook>);
        return {
          change: { topic, order },
          resource: { id: order.order.id, updatedAt: order.order.shopifyUpdatedAt },
          times: [
            ["created_at", order.order.shopifyCreatedAt],
            ["processed_at", order.order.processedAt],
            ["updated_at", order.order.shopifyUpdatedAt],
            ["cancelled_at", order.order.cancelledAt],
            ...order.refunds.map((refund): [string, Date] => ["refunds.created_at", refund.shopifyCreatedAt]),
          ],
        };
      }
      case "refunds/create": {
        const refund = refundFromWebhook(data as z.output<typeof RefundWebhook>, context.currency);
        return {
          change: { topic, refund },
          resource: { id: refund.orderId, updatedAt: refund.shopifyCreatedAt },
          times: [["created_at", refund.shopifyCreatedAt]],
        };
      }
      case "customers/redact": {
        const request = data as z.output<typeof CustomersRedactWebhook>;
        const customerId = idOf(request.customer.id);
        return {
          change: { topic, customerId, orderIds: request.orders_to_redact.map(idOf), request },
          resource: { id: customerId, updatedAt: null },
          times: [],
        };
      }
      case "customers/data_request": {
        const request = data as z.output<typeof CustomersDataRequestWebhook>;
        const customerId = idOf(request.customer.id);
        const requestId = request.data_request ? String(request.data_request.id) : null;
        return { change: { topic, customerId, requestId, request }, resource: { id: customerId, updatedAt: null }, times: [] };
      }
      case "app/scopes_update":
        return { change: { topic, scopes: (data as { current?: string[] | null }).current ?? null }, resource: none, times: [] };
      case "bulk_operations/finish":
        return {
          change: { topic, operationGid: (data as { admin_graphql_api_id: string }).admin_graphql_api_id },
          resource: none,
          times: [],
        };
      case "shop/redact":
      case "app/uninstalled":
        return { change: { topic }, resource: none, times: [] };
    }
  }
}

// ---------------------------------------------------------------- webhooks (REST-style bodies, already parsed)

/** The exact id: admin_graphql_api_id when present (a JSON number above 2^53 has lost digits), else id. */
export const idFrom = (record: { id: number | string; admin_graphql_api_id?: string | null }) =>
  gidNumber(record.admin_graphql_api_id) ?? idOf(record.id);

export function customerFromWebhook(c: z.output<typeof CustomerWebhook>): CustomerRecord {
  return {
    id: idFrom(c),
    firstName: c.first_name ?? null,
    lastName: c.last_name ?? null,
    email: c.email ?? null,
    phone: c.phone ?? null,
    locale: c.locale ?? null,
    state: upper(c.state),
    tags: c.tags ?? "",
    emailMarketing: upper(c.email_marketing_consent?.state),
    smsMarketing: upper(c.sms_marketing_consent?.state),
    // The birthday is a metafield, absent from webhook bodies: keep what the last export stored.
    birthDate: undefined,
    city: c.default_address?.city ?? null,
    provinceCode: c.default_address?.province_code ?? null,
    countryCode: c.default_address?.country_code ?? null,
    shopifyCreatedAt: new Date(c.created_at),
    shopifyUpdatedAt: new Date(c.updated_at),
  };
}

export function refundFromWebhook(r: z.output<typeof RefundWebhook>, currency: string): RefundRecord {
  const refunded = r.transactions
    .filter((transaction) => transaction.kind === "refund" && (transaction.status ?? "success") === "success")
    .reduce((sum, transaction) => sum + minorUnits(transaction.amount, currency), 0);
  return {
    id: idFrom(r),
    orderId: idOf(r.order_id),
    shopifyCreatedAt: new Date(r.created_at),
    note: r.note ?? null,
    totalMinor: refunded,
    lineItems: JSON.stringify(
      r.refund_line_items.map((line) => ({
        lineItemId: String(line.line_item_id),
        quantity: line.quantity,
        subtotalMinor: minorUnits(line.subtotal_set?.shop_money.amount ?? line.subtotal ?? 0, currency),
      })),
    ),
  };
}

export function orderFromWebhook(o: z.output<typeof OrderWebhook>): OrderWithChildren {
  const currency = o.currency;
  const presentment = o.presentment_currency ?? currency;
  const id = idFrom(o);
  const refunds = o.refunds.map((refund) => refundFromWebhook(refund, currency));
  const lineItems = o.line_items.map((li): LineItemRecord => {
    const unit = minorUnits(li.price, currency);
    // discount_allocations carry order-level discounts too; total_discount only the line's own.
    const discount = li.discount_allocations
      ? li.discount_allocations.reduce((sum, allocation) => sum + minorUnits(allocation.amount, currency), 0)
      : minorUnits(li.total_discount ?? 0, currency);
    return {
      id: idFrom(li),
      orderId: id,
      productId: li.product_id == null ? null : idOf(li.product_id),
      variantId: li.variant_id == null ? null : idOf(li.variant_id),
      title: li.title,
      variantTitle: li.variant_title ?? null,
      sku: li.sku ?? null,
      quantity: li.quantity,
      originalUnitPriceMinor: unit,
      discountedTotalMinor: unit * li.quantity - discount,
      totalDiscountMinor: discount,
    };
  });
  return {
    order: {
      id,
      name: o.name,
      customerId: o.customer ? idFrom(o.customer) : null,
      email: o.email ?? null,
      shopifyCreatedAt: new Date(o.created_at),
      processedAt: new Date(o.processed_at ?? o.created_at),
      shopifyUpdatedAt: new Date(o.updated_at),
      cancelledAt: o.cancelled_at ? new Date(o.cancelled_at) : null,
      cancelReason: upper(o.cancel_reason),
      currency,
      presentmentCurrency: presentment,
      financialStatus: upper(o.financial_status),
      sourceName: o.source_name ?? null,
      tags: o.tags ?? "",
      discountCodes: o.discount_codes.map((discount) => discount.code).join(","),
      subtotalMinor: minorUnits(o.subtotal_price, currency),
      totalDiscountsMinor: minorUnits(o.total_discounts ?? 0, currency),
      totalShippingMinor: minorUnits(o.total_shipping_price_set?.shop_money.amount ?? 0, currency),
      totalTaxMinor: minorUnits(o.total_tax ?? 0, currency),
      totalMinor: minorUnits(o.total_price, currency),
      totalRefundedMinor: refunds.reduce((sum, refund) => sum + refund.totalMinor, 0),
      presentmentTotalMinor: minorUnits(o.total_price_set?.presentment_money.amount ?? o.total_price, presentment),
      shippingProvinceCode: o.shipping_address?.province_code ?? null,
      shippingCountryCode: o.shipping_address?.country_code ?? null,
      test: o.test ?? false,
    },
    lineItems,
    refunds,
  };
}
