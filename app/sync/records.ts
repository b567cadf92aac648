import { z } from "zod";
import { toMinorUnits } from "../domain/money";
import { gidNumber } from "./webhook-payloads";

/**
 * Shopify sends the same objects in two shapes: GraphQL nodes (bulk export, reconciliation) and REST-style
 * webhook bodies. Both are validated here and turned into the same records, the rows Kizuna stores.
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
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".") || what} ${issue.message}`).join("; ");
    throw new RecordError(`Invalid ${what}: ${problems}`);
  }
  return result.data;
}

const gidOf = (type: string) =>
  z.string().refine((value) => value.startsWith(`gid://shopify/${type}/`) && gidNumber(value) !== null, `must be a ${type} id`);
const time = z.string().refine((value) => !Number.isNaN(Date.parse(value)), "must be an ISO 8601 timestamp");
const money = z.object({ amount: z.union([z.string(), z.number()]) });
const shopMoney = z.object({ shopMoney: money });
const joinTags = (tags: string[] | string | null | undefined) => (Array.isArray(tags) ? tags.join(", ") : (tags ?? ""));
const upper = (value: string | null | undefined) => (value ? value.toUpperCase() : null);
const exactId = (gid: string) => gidNumber(gid) as bigint;

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
  createdAt: time,
  updatedAt: time,
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
    id: exactId(c.id),
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
  createdAt: time,
  processedAt: time,
  updatedAt: time,
  cancelledAt: time.nullable(),
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
    z.object({ id: gidOf("Refund"), createdAt: time.nullable(), note: z.string().nullable(), totalRefundedSet: shopMoney }),
  ),
});

/** An order line of a bulk export (its line items arrive as separate lines) or a reconciliation node. */
export function orderFromGraphql(node: unknown): { order: OrderRecord; refunds: RefundRecord[] } {
  const o = parse(GraphqlOrder, node, "order");
  const minor = (bag: { shopMoney: { amount: string | number } } | null) =>
    bag ? toMinorUnits(bag.shopMoney.amount, o.currencyCode) : 0;
  const id = exactId(o.id);
  return {
    order: {
      id,
      name: o.name,
      customerId: o.customer ? exactId(o.customer.id) : null,
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
      presentmentTotalMinor: toMinorUnits(o.totalPriceSet.presentmentMoney.amount, o.presentmentCurrencyCode),
      shippingProvinceCode: o.shippingAddress?.provinceCode ?? null,
      shippingCountryCode: o.shippingAddress?.countryCodeV2 ?? null,
      test: o.test,
    },
    refunds: o.refunds.map((refund) => ({
      id: exactId(refund.id),
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
  quantity: z.number().int(),
  product: z.object({ id: gidOf("Product") }).nullable(),
  variant: z.object({ id: gidOf("ProductVariant") }).nullable(),
  originalUnitPriceSet: shopMoney,
  discountedTotalSet: shopMoney,
  totalDiscountSet: shopMoney,
});

export function lineItemFromGraphql(node: unknown, orderGid: string, currency: string): LineItemRecord {
  const li = parse(GraphqlLineItem, node, "line item");
  return {
    id: exactId(li.id),
    orderId: exactId(orderGid),
    productId: li.product ? exactId(li.product.id) : null,
    variantId: li.variant ? exactId(li.variant.id) : null,
    title: li.title,
    variantTitle: li.variantTitle,
    sku: li.sku,
    quantity: li.quantity,
    originalUnitPriceMinor: toMinorUnits(li.originalUnitPriceSet.shopMoney.amount, currency),
    discountedTotalMinor: toMinorUnits(li.discountedTotalSet.shopMoney.amount, currency),
    totalDiscountMinor: toMinorUnits(li.totalDiscountSet.shopMoney.amount, currency),
  };
}

// ---------------------------------------------------------------- webhooks (REST-style bodies)

const restId = z.union([z.number(), z.string().regex(/^\d+$/)]);
const restMoney = z.union([z.string(), z.number()]);
const restSet = z.object({ shop_money: z.object({ amount: restMoney }), presentment_money: z.object({ amount: restMoney }) });
const idFrom = (record: { id: number | string; admin_graphql_api_id?: string | null }) =>
  gidNumber(record.admin_graphql_api_id) ?? BigInt(record.id);

const RestCustomer = z.object({
  id: restId,
  admin_graphql_api_id: z.string().nullish(),
  email: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  phone: z.string().nullish(),
  locale: z.string().nullish(),
  state: z.string().nullish(),
  tags: z.string().nullish(),
  created_at: time,
  updated_at: time,
  email_marketing_consent: z.object({ state: z.string().nullish() }).nullish(),
  sms_marketing_consent: z.object({ state: z.string().nullish() }).nullish(),
  default_address: z
    .object({ city: z.string().nullish(), province_code: z.string().nullish(), country_code: z.string().nullish() })
    .nullish(),
});

export function customerFromWebhook(payload: unknown): CustomerRecord {
  const c = parse(RestCustomer, payload, "customer webhook");
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

const RestRefund = z.object({
  id: restId,
  admin_graphql_api_id: z.string().nullish(),
  order_id: restId,
  created_at: time,
  note: z.string().nullish(),
  transactions: z.array(z.object({ kind: z.string(), status: z.string().nullish(), amount: restMoney })).default([]),
  refund_line_items: z
    .array(
      z.object({ line_item_id: restId, quantity: z.number(), subtotal_set: restSet.nullish(), subtotal: restMoney.nullish() }),
    )
    .default([]),
});

export function refundFromWebhook(payload: unknown, currency: string): RefundRecord {
  const r = parse(RestRefund, payload, "refund");
  const refunded = r.transactions
    .filter((transaction) => transaction.kind === "refund" && (transaction.status ?? "success") === "success")
    .reduce((sum, transaction) => sum + toMinorUnits(transaction.amount, currency), 0);
  return {
    id: idFrom(r),
    orderId: BigInt(r.order_id),
    shopifyCreatedAt: new Date(r.created_at),
    note: r.note ?? null,
    totalMinor: refunded,
    lineItems: JSON.stringify(
      r.refund_line_items.map((line) => ({
        lineItemId: String(line.line_item_id),
        quantity: line.quantity,
        subtotalMinor: toMinorUnits(line.subtotal_set?.shop_money.amount ?? line.subtotal ?? 0, currency),
      })),
    ),
  };
}

const RestLineItem = z.object({
  id: restId,
  admin_graphql_api_id: z.string().nullish(),
  product_id: restId.nullish(),
  variant_id: restId.nullish(),
  title: z.string(),
  variant_title: z.string().nullish(),
  sku: z.string().nullish(),
  quantity: z.number().int(),
  price: restMoney,
  total_discount: restMoney.nullish(),
  discount_allocations: z.array(z.object({ amount: restMoney })).nullish(),
});

const RestOrder = z.object({
  id: restId,
  admin_graphql_api_id: z.string().nullish(),
  name: z.string(),
  email: z.string().nullish(),
  created_at: time,
  processed_at: time.nullish(),
  updated_at: time,
  cancelled_at: time.nullish(),
  cancel_reason: z.string().nullish(),
  currency: z.string(),
  presentment_currency: z.string().nullish(),
  financial_status: z.string().nullish(),
  source_name: z.string().nullish(),
  tags: z.string().nullish(),
  discount_codes: z.array(z.object({ code: z.string() })).default([]),
  subtotal_price: restMoney,
  total_discounts: restMoney.nullish(),
  total_shipping_price_set: restSet.nullish(),
  total_tax: restMoney.nullish(),
  total_price: restMoney,
  total_price_set: restSet.nullish(),
  shipping_address: z.object({ province_code: z.string().nullish(), country_code: z.string().nullish() }).nullish(),
  customer: z.object({ id: restId, admin_graphql_api_id: z.string().nullish() }).nullish(),
  test: z.boolean().nullish(),
  line_items: z.array(RestLineItem),
  refunds: z.array(z.unknown()).default([]),
});

export function orderFromWebhook(payload: unknown): OrderWithChildren {
  const o = parse(RestOrder, payload, "order webhook");
  const currency = o.currency;
  const presentment = o.presentment_currency ?? currency;
  const id = idFrom(o);
  const refunds = o.refunds.map((refund) => refundFromWebhook(refund, currency));
  const lineItems = o.line_items.map((li): LineItemRecord => {
    const unit = toMinorUnits(li.price, currency);
    // discount_allocations carry order-level discounts too; total_discount only the line's own.
    const discount = li.discount_allocations
      ? li.discount_allocations.reduce((sum, allocation) => sum + toMinorUnits(allocation.amount, currency), 0)
      : toMinorUnits(li.total_discount ?? 0, currency);
    return {
      id: idFrom(li),
      orderId: id,
      productId: li.product_id == null ? null : BigInt(li.product_id),
      variantId: li.variant_id == null ? null : BigInt(li.variant_id),
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
      subtotalMinor: toMinorUnits(o.subtotal_price, currency),
      totalDiscountsMinor: toMinorUnits(o.total_discounts ?? 0, currency),
      totalShippingMinor: toMinorUnits(o.total_shipping_price_set?.shop_money.amount ?? 0, currency),
      totalTaxMinor: toMinorUnits(o.total_tax ?? 0, currency),
      totalMinor: toMinorUnits(o.total_price, currency),
      totalRefundedMinor: refunds.reduce((sum, refund) => sum + refund.totalMinor, 0),
      presentmentTotalMinor: toMinorUnits(o.total_price_set?.presentment_money.amount ?? o.total_price, presentment),
      shippingProvinceCode: o.shipping_address?.province_code ?? null,
      shippingCountryCode: o.shipping_address?.country_code ?? null,
      test: o.test ?? false,
    },
    lineItems,
    refunds,
  };
}
