/**
 * Shopify's REST-format webhook bodies (snake_case, money as decimal strings in the currency's decimals plus
 * `*_set` bags, times in the shop's UTC offset, `admin_graphql_api_id` on every resource).
 */
import type { Address, Customer, LineItem, MoneyBag, Order, Refund, Store } from "../store/model";
import { shopNumericId } from "../state";
import { gid, restDecimal } from "../graphql/format";
import { orderTotals } from "../graphql/views";
import { utcOffsetFunction } from "../../app/domain/time";

function offsetMinutes(timeZone: string, at: number): number {
  return Math.round(utcOffsetFunction(timeZone)(at) / 60_000);
}

/** "2025-03-01T10:00:00+09:00" like Shopify's REST timestamps. */
export function restTime(ms: number | null | undefined, timeZone: string): string | null {
  if (ms == null) return null;
  const offset = offsetMinutes(timeZone, ms);
  const local = new Date(ms + offset * 60000).toISOString().slice(0, 19);
  const abs = Math.abs(offset);
  return `${local}${offset < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

function amount(minor: number, currency: string): string {
  return restDecimal(minor, currency);
}

function set(bag: MoneyBag, shopCurrency: string, presentmentCurrency: string) {
  return {
    shop_money: { amount: amount(bag.shop, shopCurrency), currency_code: shopCurrency },
    presentment_money: { amount: amount(bag.presentment, presentmentCurrency), currency_code: presentmentCurrency },
  };
}

export function addressPayload(address: Address | null, extra: Record<string, unknown> = {}) {
  if (!address) return null;
  return {
    ...extra,
    first_name: address.firstName,
    last_name: address.lastName,
    company: null,
    address1: address.address1,
    address2: address.address2 ?? null,
    city: address.city,
    province: address.province,
    country: address.country,
    zip: address.zip,
    phone: address.phone ?? null,
    name: `${address.firstName} ${address.lastName}`.trim(),
    province_code: address.provinceCode,
    country_code: address.countryCode,
    country_name: address.country,
  };
}

function consent(state: string, kind: "email" | "sms", updatedAt: string | null) {
  return {
    state: state.toLowerCase(),
    opt_in_level: state === "SUBSCRIBED" ? "single_opt_in" : null,
    consent_updated_at: updatedAt,
    ...(kind === "sms" ? { consent_collected_from: "OTHER" } : {}),
  };
}

export function customerPayload(store: Store, customer: Customer) {
  const tz = store.shop.ianaTimezone;
  const defaultAddress = addressPayload(customer.defaultAddress, { id: customer.id, customer_id: customer.id });
  return {
    id: customer.id,
    email: customer.email,
    created_at: restTime(customer.createdAt, tz),
    updated_at: restTime(customer.updatedAt, tz),
    first_name: customer.firstName,
    last_name: customer.lastName,
    state: customer.state.toLowerCase(),
    note: customer.note,
    verified_email: customer.verifiedEmail,
    multipass_identifier: null,
    tax_exempt: false,
    phone: customer.phone,
    locale: customer.locale,
    email_marketing_consent: customer.email ? consent(customer.emailMarketing, "email", null) : null,
    sms_marketing_consent: customer.phone ? consent(customer.smsMarketing, "sms", null) : null,
    tags: customer.tags.join(", "),
    currency: store.shop.currency,
    tax_exemptions: [],
    admin_graphql_api_id: gid("Customer", customer.id),
    addresses: defaultAddress ? [{ ...defaultAddress, default: true }] : [],
    default_address: defaultAddress ? { ...defaultAddress, default: true } : null,
  };
}

function lineItemPayload(order: Order, li: LineItem, vendor: string | null) {
  const c = order.currency;
  const p = order.presentmentCurrency;
  const refunded = order.refunds.reduce(
    (sum, r) => sum + r.refundLineItems.filter((x) => x.lineItemId === li.id).reduce((s, x) => s + x.quantity, 0),
    0,
  );
  return {
    id: li.id,
    admin_graphql_api_id: gid("LineItem", li.id),
    current_quantity: li.quantity - refunded,
    fulfillable_quantity: order.fulfillmentStatus === "FULFILLED" ? 0 : li.quantity - refunded,
    fulfillment_service: "manual",
    fulfillment_status: order.fulfillmentStatus === "FULFILLED" ? "fulfilled" : null,
    gift_card: false,
    grams: 0,
    name: li.variantTitle ? `${li.title} - ${li.variantTitle}` : li.title,
    price: amount(li.originalUnitPrice.shop, c),
    price_set: set(li.originalUnitPrice, c, p),
    product_exists: li.productId != null,
    product_id: li.productId,
    properties: [],
    quantity: li.quantity,
    requires_shipping: true,
    sku: li.sku,
    taxable: true,
    title: li.title,
    total_discount: amount(li.totalDiscount.shop, c),
    total_discount_set: set(li.totalDiscount, c, p),
    variant_id: li.variantId,
    variant_inventory_management: "shopify",
    variant_title: li.variantTitle,
    vendor,
    tax_lines: [],
    duties: [],
    discount_allocations:
      li.totalDiscount.shop > 0
        ? [{ amount: amount(li.totalDiscount.shop, c), amount_set: set(li.totalDiscount, c, p), discount_application_index: 0 }]
        : [],
  };
}

export function refundPayload(store: Store, order: Order, refund: Refund) {
  const tz = store.shop.ianaTimezone;
  const c = order.currency;
  const p = order.presentmentCurrency;
  return {
    id: refund.id,
    admin_graphql_api_id: gid("Refund", refund.id),
    order_id: order.id,
    created_at: restTime(refund.createdAt, tz),
    processed_at: restTime(refund.createdAt, tz),
    note: refund.note,
    restock: false,
    user_id: null,
    duties: [],
    order_adjustments: [],
    refund_shipping_lines: [],
    total_duties_set: set({ shop: 0, presentment: 0 }, c, p),
    transactions: [
      {
        id: refund.id + 1,
        admin_graphql_api_id: gid("OrderTransaction", refund.id + 1),
        order_id: order.id,
        kind: "refund",
        gateway: "shopify_payments",
        status: "success",
        amount: amount(refund.totalRefunded.shop, c),
        currency: c,
        created_at: restTime(refund.createdAt, tz),
        processed_at: restTime(refund.createdAt, tz),
        test: order.test,
      },
    ],
    refund_line_items: refund.refundLineItems.map((rli) => {
      const li = order.lineItems.find((item) => item.id === rli.lineItemId);
      return {
        id: rli.id,
        line_item_id: rli.lineItemId,
        location_id: null,
        quantity: rli.quantity,
        restock_type: "no_restock",
        subtotal: Number(amount(rli.subtotal.shop, c)),
        subtotal_set: set(rli.subtotal, c, p),
        total_tax: 0,
        total_tax_set: set({ shop: 0, presentment: 0 }, c, p),
        line_item: li
          ? lineItemPayload(order, li, li.productId != null ? (store.products.get(li.productId)?.vendor ?? null) : null)
          : null,
      };
    }),
  };
}

export function orderPayload(store: Store, order: Order) {
  const tz = store.shop.ianaTimezone;
  const c = order.currency;
  const p = order.presentmentCurrency;
  const totals = orderTotals(order);
  const lineItemsPrice = order.lineItems.reduce(
    (acc, li) => ({
      shop: acc.shop + li.originalUnitPrice.shop * li.quantity,
      presentment: acc.presentment + li.originalUnitPrice.presentment * li.quantity,
    }),
    { shop: 0, presentment: 0 },
  );
  const customer = order.customerId != null ? store.customers.get(order.customerId) : undefined;
  const number = Number(order.name.replace(/\D/g, "")) || 0;
  const fulfillment =
    order.fulfillmentStatus === "FULFILLED" ? "fulfilled" : order.fulfillmentStatus === "PARTIALLY_FULFILLED" ? "partial" : null;
  return {
    id: order.id,
    admin_graphql_api_id: gid("Order", order.id),
    app_id: null,
    browser_ip: null,
    buyer_accepts_marketing: customer?.emailMarketing === "SUBSCRIBED",
    cancel_reason: order.cancelReason ? order.cancelReason.toLowerCase() : null,
    cancelled_at: restTime(order.cancelledAt, tz),
    closed_at: restTime(order.closedAt, tz),
    confirmed: true,
    contact_email: order.email,
    created_at: restTime(order.createdAt, tz),
    currency: c,
    current_subtotal_price: amount(totals.currentSubtotal.shop, c),
    current_subtotal_price_set: set(totals.currentSubtotal, c, p),
    current_total_discounts: amount(order.totalDiscounts.shop, c),
    current_total_discounts_set: set(order.totalDiscounts, c, p),
    current_total_price: amount(totals.currentTotal.shop, c),
    current_total_price_set: set(totals.currentTotal, c, p),
    current_total_tax: amount(order.totalTax.shop, c),
    current_total_tax_set: set(order.totalTax, c, p),
    customer_locale: customer?.locale ?? null,
    discount_codes: order.discountCodes.map((code) => ({
      code,
      amount: amount(order.totalDiscounts.shop, c),
      type: "fixed_amount",
    })),
    email: order.email,
    estimated_taxes: false,
    financial_status: order.financialStatus.toLowerCase(),
    fulfillment_status: fulfillment,
    name: order.name,
    note: order.note ?? null,
    note_attributes: [],
    number: number - 1000,
    order_number: number,
    phone: null,
    presentment_currency: p,
    processed_at: restTime(order.processedAt, tz),
    source_name: order.sourceName,
    subtotal_price: amount(order.subtotal.shop, c),
    subtotal_price_set: set(order.subtotal, c, p),
    tags: order.tags.join(", "),
    taxes_included: store.shop.countryCode === "JP",
    test: order.test,
    total_discounts: amount(order.totalDiscounts.shop, c),
    total_discounts_set: set(order.totalDiscounts, c, p),
    total_line_items_price: amount(lineItemsPrice.shop, c),
    total_line_items_price_set: set(lineItemsPrice, c, p),
    total_price: amount(order.total.shop, c),
    total_price_set: set(order.total, c, p),
    total_shipping_price_set: set(order.totalShipping, c, p),
    total_tax: amount(order.totalTax.shop, c),
    total_tax_set: set(order.totalTax, c, p),
    total_weight: 0,
    updated_at: restTime(order.updatedAt, tz),
    user_id: null,
    billing_address: addressPayload(order.shippingAddress),
    shipping_address: addressPayload(order.shippingAddress),
    customer: customer ? customerPayload(store, customer) : null,
    line_items: order.lineItems.map((li) =>
      lineItemPayload(order, li, li.productId != null ? (store.products.get(li.productId)?.vendor ?? null) : null),
    ),
    refunds: order.refunds.map((refund) => refundPayload(store, order, refund)),
    shipping_lines:
      order.totalShipping.shop > 0
        ? [
            {
              id: order.id + 2,
              title: "Standard",
              code: "Standard",
              source: "shopify",
              price: amount(order.totalShipping.shop, c),
              price_set: set(order.totalShipping, c, p),
              discounted_price: amount(order.totalShipping.shop, c),
              discount_allocations: [],
              tax_lines: [],
            },
          ]
        : [],
  };
}

export function customerDeletePayload(customer: Customer) {
  return {
    id: customer.id,
    phone: null,
    addresses: [],
    tax_exemptions: [],
    email_marketing_consent: null,
    sms_marketing_consent: null,
    admin_graphql_api_id: gid("Customer", customer.id),
  };
}

export function customersRedactPayload(store: Store, customer: Pick<Customer, "id" | "email" | "phone">, orderIds: number[]) {
  return {
    shop_id: shopNumericId(store.shop.domain),
    shop_domain: store.shop.domain,
    customer: { id: customer.id, email: customer.email, phone: customer.phone },
    orders_to_redact: orderIds,
  };
}

export function customersDataRequestPayload(
  store: Store,
  customer: Pick<Customer, "id" | "email" | "phone">,
  orderIds: number[],
  requestId: number,
) {
  return {
    shop_id: shopNumericId(store.shop.domain),
    shop_domain: store.shop.domain,
    orders_requested: orderIds,
    customer: { id: customer.id, email: customer.email, phone: customer.phone },
    data_request: { id: requestId },
  };
}

export function shopRedactPayload(store: Store) {
  return { shop_id: shopNumericId(store.shop.domain), shop_domain: store.shop.domain };
}

export function shopPayload(store: Store) {
  const shop = store.shop;
  return {
    id: shopNumericId(shop.domain),
    name: shop.name,
    email: shop.email,
    domain: shop.domain,
    country: shop.countryCode,
    country_code: shop.countryCode,
    currency: shop.currency,
    customer_email: shop.email,
    iana_timezone: shop.ianaTimezone,
    primary_locale: shop.primaryLocale,
    plan_name: shop.plan,
    plan_display_name: shop.plan,
    myshopify_domain: shop.domain,
    taxes_included: shop.countryCode === "JP",
    enabled_presentment_currencies: [shop.currency],
    created_at: restTime(store.now, shop.ianaTimezone),
    updated_at: restTime(store.now, shop.ianaTimezone),
  };
}

export function bulkFinishPayload(
  op: { id: number; createdAt: number; completedAt: number | null; errorCode: string | null; status: string; type: string },
  timeZone: string,
) {
  return {
    admin_graphql_api_id: gid("BulkOperation", op.id),
    completed_at: restTime(op.completedAt, timeZone),
    created_at: restTime(op.createdAt, timeZone),
    error_code: op.errorCode ? op.errorCode.toLowerCase() : null,
    status: op.status.toLowerCase(),
    type: op.type.toLowerCase(),
  };
}
