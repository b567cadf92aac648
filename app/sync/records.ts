import { z } from "zod";
import { toMinorUnits } from "../domain/money";
import type { CustomerRecord, LineItemRecord, OrderRecord, RefundRecord } from "../domain/store-records";
import { describeIssues, gidId, gidOf, Money, Timestamp } from "./shopify-values";

/**
 * Shopify sends the same objects in two shapes: GraphQL nodes (bulk export, reconciliation) and REST-style
 * webhook bodies. Both become the same records, the rows Kizuna stores: GraphQL nodes are validated here,
 * webhook bodies by their topic's schema (webhook-payloads) before they reach these functions. Ids, times and
 * money are checked the same way in both (shopify-values).
 */
export class RecordError extends Error {
  override name = "RecordError";
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new RecordError(`Invalid ${what}: ${describeIssues(result.error, what)}`);
  return result.data;
}

/** Minor units of an amount already checked by `Money`; a currency with fewer decimals is a RecordError. */
export function minorUnits(amount: string | number, currency: string): number {
  try {
    return toMinorUnits(amount, currency);
  } catch (error) {
    throw new RecordError(error instanceof Error ? error.message : String(error));
  }
}

const money = z.object({ amount: Money });
const shopMoney = z.object({ shopMoney: money });
export const joinTags = (tags: string[] | string | null | undefined) => (Array.isArray(tags) ? tags.join(", ") : (tags ?? ""));
export const upper = (value: string | null | undefined) => (value ? value.toUpperCase() : null);

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
