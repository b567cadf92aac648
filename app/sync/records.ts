import { z } from "zod";
import { toMinorUnits } from "../domain/money";
import type { CustomerWebhook, OrderWebhook, RefundWebhook } from "./webhook-payloads";
import { describeIssues, gidId, gidNumber, gidOf, idOf, Money, Timestamp } from "./shopify-values";

/**
 * Shopify sends the same objects in two shapes: GraphQL nodes (bulk export, reconciliation) and REST-style
 * webhook bodies. Both become the same records, the rows Kizuna stores: GraphQL nodes are validated here,
 * webhook bodies by their topic's schema (webhook-payloads) before they reach these functions. Ids, times and
 * money are checked the same way in both (shopify-values).
 * A field `undefined` in a record means "this source does not carry it": it is left as stored.
 */
export interface CustomerRecord {
  id: bigint;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  state: string | null;
  tags: string;
  emailMarketing: string | null;
  smsMarketing: string | null;
  birthDate?: string | null;
  city: string | null;
  provinceCode: string | null;
  countryCode: string | null;
  shopifyCreatedAt: Date;
  shopifyUpdatedAt: Date;
}

export interface OrderRecord {
  id: bigint;
  name: string;
  customerId: bigint | null;
  email: string | null;
  shopifyCreatedAt: Date;
  processedAt: Date;
  shopifyUpdatedAt: Date;
  cancelledAt: Date | null;
  cancelReason: string | null;
  currency: string;
  presentmentCurrency: string;
  financialStatus: string | null;
  sourceName: string | null;
  tags: string;
  discountCodes: string;
  subtotalMinor: number;
  totalDiscountsMinor: number;
  totalShippingMinor: number;
  totalTaxMinor: number;
  totalMinor: number;
  totalRefundedMinor: number;
  presentmentTotalMinor: number;
  shippingProvinceCode: string | null;
  shippingCountryCode: string | null;
  test: boolean;
}

export interface LineItemRecord {
  id: bigint;
  orderId: bigint;
  productId: bigint | null;
  variantId: bigint | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  originalUnitPriceMinor: number;
  discountedTotalMinor: number;
  totalDiscountMinor: number;
}

export interface RefundRecord {
  id: bigint;
  orderId: bigint;
  shopifyCreatedAt: Date;
  note: string | null;
  totalMinor: number;
  /** JSON text [{lineItemId, quantity, subtotalMinor}] when the source carries refund lines */
  lineItems?: string;
}

export interface OrderWithChildren {
  order: OrderRecord;
  lineItems: LineItemRecord[];
  refunds: RefundRecord[];
}

export class RecordError extends Error {
  override name = "RecordError";
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new RecordError(`Invalid ${what}: ${describeIssues(result.error, what)}`);
  return result.data;
}

/** Minor units of an amount already checked by `Money`; a currency with fewer decimals is a RecordError. */
function minorUnits(amount: string | number, currency: string): number {
  try {
    return toMinorUnits(amount, currency);
  } catch (error) {
    throw new RecordError(error instanceof Error ? error.message : String(error));
  }
}

const money = z.object({ amount: Money });
const shopMoney = z.object({ shopMoney: money });
const joinTags = (tags: string[] | string | null | undefined) => (Array.isArray(tags) ? tags.join(", ") : (tags ?? ""));
const upper = (value: string | null | undefined) => (value ? value.toUpperCase() : null);

// ---------------------------------------------------------------- GraphQL (bulk lines, reconciliation)

const GraphqlCustomer = z.object({
  id: gidOf("Customer"),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  locale: z.string().nullable().optional(),
  state: z.string().nullable().optional(),
  tags: z.array(z.string()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  emailMarketingConsent: z.object({ marketingState: z.string() }).nullable().optional(),
  smsMarketingConsent: z.object({ marketingState: z.string() }).nullable().optional(),
  defaultAddress: z
    .object({ city: z.string().nullable(), provinceCode: z.string().nullable(), countryCodeV2: z.string().nullable() })
    .nullable()
    .optional(),
  birthDate: z.object({ value: z.string() }).nullable().optional(),
});

export function customerFromGraphql(node: unknown): CustomerRecord {
  const c = parse(GraphqlCustomer, node, "customer");
  return {
    id: gidId(c.id),
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email,
    phone: c.phone,
    locale: c.locale ?? null,
    state: c.state ?? null,
    tags: joinTags(c.tags),
    emailMarketing: c.emailMarketingConsent?.marketingState ?? null,
    smsMarketing: c.smsMarketingConsent?.marketingState ?? null,
    birthDate: c.birthDate?.value ?? null,
    city: c.defaultAddress?.city ?? null,
    provinceCode: c.defaultAddress?.provinceCode ?? null,
    countryCode: c.defaultAddress?.countryCodeV2 ?? null,
    shopifyCreatedAt: new Date(c.createdAt),
    shopifyUpdatedAt: new Date(c.updatedAt),
  };
}

const GraphqlOrder = z.object({
  id: gidOf("Order"),
  name: z.string(),
  email: z.string().nullable(),
  createdAt: Timestamp,
  processedAt: Timestamp,
  updatedAt: Timestamp,
  cancelledAt: Timestamp.nullable(),
  cancelReason: z.string().nullable(),
  currencyCode: z.string(),
  presentmentCurrencyCode: z.string(),
  displayFinancialStatus: z.string().nullable(),
  sourceName: z.string().nullable(),
  tags: z.array(z.string()),
  discountCodes: z.array(z.string()),
  test: z.boolean(),
  customer: z.object({ id: gidOf("Customer") }).nullable(),
  subtotalPriceSet: shopMoney.nullable(),
  totalDiscountsSet: shopMoney.nullable(),
  totalShippingPriceSet: shopMoney,
  totalTaxSet: shopMoney.nullable(),
  totalPriceSet: z.object({ shopMoney: money, presentmentMoney: money }),
  totalRefundedSet: shopMoney,
  shippingAddress: z.object({ provinceCode: z.string().nullable(), countryCodeV2: z.string().nullable() }).nullable(),
  refunds: z.array(
    z.object({ id: gidOf("Refund"), createdAt: Timestamp.nullable(), note: z.string().nullable(), totalRefundedSet: shopMoney }),
  ),
});

/** An order line of a bulk export (its line items arrive as separate lines) or a reconciliation node. */
export function orderFromGraphql(node: unknown): { order: OrderRecord; refunds: RefundRecord[] } {
  const o = parse(GraphqlOrder, node, "order");
  const minor = (bag: { shopMoney: { amount: string | number } } | null) =>
    bag ? minorUnits(bag.shopMoney.amount, o.currencyCode) : 0;
  const id = gidId(o.id);
  return {
    order: {
      id,
      name: o.name,
      customerId: o.customer ? gidId(o.customer.id) : null,
      email: o.email,
      shopifyCreatedAt: new Date(o.createdAt),
      processedAt: new Date(o.processedAt),
      shopifyUpdatedAt: new Date(o.updatedAt),
      cancelledAt: o.cancelledAt ? new Date(o.cancelledAt) : null,
      cancelReason: o.cancelReason,
      currency: o.currencyCode,
      presentmentCurrency: o.presentmentCurrencyCode,
      financialStatus: o.displayFinancialStatus,
      sourceName: o.sourceName,
      tags: joinTags(o.tags),
      discountCodes: o.discountCodes.join(","),
      subtotalMinor: minor(o.subtotalPriceSet),
      totalDiscountsMinor: minor(o.totalDiscountsSet),
      totalShippingMinor: minor(o.totalShippingPriceSet),
      totalTaxMinor: minor(o.totalTaxSet),
      totalMinor: minor(o.totalPriceSet),
      totalRefundedMinor: minor(o.totalRefundedSet),
      presentmentTotalMinor: minorUnits(o.totalPriceSet.presentmentMoney.amount, o.presentmentCurrencyCode),
      shippingProvinceCode: o.shippingAddress?.provinceCode ?? null,
      shippingCountryCode: o.shippingAddress?.countryCodeV2 ?? null,
      test: o.test,
    },
    refunds: o.refunds.map((refund) => ({
      id: gidId(refund.id),
      orderId: id,
      shopifyCreatedAt: new Date(refund.createdAt ?? o.updatedAt),
      note: refund.note,
      totalMinor: minor(refund.totalRefundedSet),
    })),
  };
}

const GraphqlLineItem = z.object({
  id: gidOf("LineItem"),
  title: z.string(),
  variantTitle: z.string().nullable(),
  sku: z.string().nullable(),
  quantity: z.number().int().nonnegative(),
  product: z.object({ id: gidOf("Product") }).nullable(),
  variant: z.object({ id: gidOf("ProductVariant") }).nullable(),
  originalUnitPriceSet: shopMoney,
  discountedTotalSet: shopMoney,
  totalDiscountSet: shopMoney,
});

const OrderGid = gidOf("Order");

export function lineItemFromGraphql(node: unknown, orderGid: string, currency: string): LineItemRecord {
  const li = parse(GraphqlLineItem, node, "line item");
  return {
    id: gidId(li.id),
    orderId: gidId(parse(OrderGid, orderGid, "line item's order")),
    productId: li.product ? gidId(li.product.id) : null,
    variantId: li.variant ? gidId(li.variant.id) : null,
    title: li.title,
    variantTitle: li.variantTitle,
    sku: li.sku,
    quantity: li.quantity,
    originalUnitPriceMinor: minorUnits(li.originalUnitPriceSet.shopMoney.amount, currency),
    discountedTotalMinor: minorUnits(li.discountedTotalSet.shopMoney.amount, currency),
    totalDiscountMinor: minorUnits(li.totalDiscountSet.shopMoney.amount, currency),
  };
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
