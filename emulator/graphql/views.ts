/**
 * View objects: how the model is shown through the Admin API's types. A view's property named like a
 * GraphQL field is its value; a method is called with (args, context). Fields a view lacks are not emulated.
 */
import type {
  Address,
  CodeDiscount,
  Customer,
  LineItem,
  Metafield,
  MoneyBag,
  Order,
  Product,
  ProductVariant,
  Refund,
  RefundLineItem,
  Shop,
} from "../store/model";
import { utcOffsetFunction } from "../../app/domain/time";
import {
  type BulkOperationRecord,
  type EmulatorCore,
  type Services,
  type ShopState,
  ordersOfCustomer,
  shopNumericId,
} from "../state";
import { type ConnectionArgs, connectionView, paginate } from "./connection";
import { gid, graphqlDecimal, iso } from "./format";
import { searchPredicate, type SearchField } from "./search";

export interface ResolverContext {
  core: EmulatorCore;
  shop: ShopState;
  /** inside a bulk operation nested connections return every item and need no first/last */
  bulk: boolean;
  services: Services;
}

type Args = Record<string, unknown>;

export function money(minor: number, currency: string) {
  return { amount: graphqlDecimal(minor, currency), currencyCode: currency };
}

export function moneyBag(bag: MoneyBag, shopCurrency: string, presentmentCurrency: string) {
  return { shopMoney: money(bag.shop, shopCurrency), presentmentMoney: money(bag.presentment, presentmentCurrency) };
}

function sumBags(bags: MoneyBag[]): MoneyBag {
  return bags.reduce((acc, bag) => ({ shop: acc.shop + bag.shop, presentment: acc.presentment + bag.presentment }), {
    shop: 0,
    presentment: 0,
  });
}

function minusBag(a: MoneyBag, b: MoneyBag): MoneyBag {
  return { shop: Math.max(0, a.shop - b.shop), presentment: Math.max(0, a.presentment - b.presentment) };
}

/** The app namespace `$app:kizuna` resolves to `app--<appId>--kizuna` (and `$app` to `app--<appId>`). */
export function resolveNamespace(namespace: string, appId: number): string {
  if (namespace === "$app") return `app--${appId}`;
  if (namespace.startsWith("$app:")) return `app--${appId}--${namespace.slice(5)}`;
  return namespace;
}

function withUnknownWarning(ctx: ResolverContext, resource: string) {
  return (field: string) => ctx.core.warn(`search field "${field}" on ${resource} not emulated (ignored)`);
}

// ---------------------------------------------------------------------------------------------- sorting & search

const dateSort = (get: (item: { createdAt: number }) => number) => get;

export const customerSortKeys: Record<string, (c: Customer) => number | string> = {
  ID: (c) => c.id,
  CREATED_AT: dateSort((c) => c.createdAt),
  UPDATED_AT: (c) => c.updatedAt,
  NAME: (c) => `${c.firstName} ${c.lastName}`.toLowerCase(),
  RELEVANCE: (c) => c.id,
};

export const orderSortKeys: Record<string, (o: Order) => number | string> = {
  ID: (o) => o.id,
  CREATED_AT: (o) => o.createdAt,
  UPDATED_AT: (o) => o.updatedAt,
  PROCESSED_AT: (o) => o.processedAt,
  ORDER_NUMBER: (o) => Number(o.name.replace(/\D/g, "")) || o.id,
  TOTAL_PRICE: (o) => o.total.shop,
  RELEVANCE: (o) => o.id,
};

export const productSortKeys: Record<string, (p: Product) => number | string> = {
  ID: (p) => p.id,
  CREATED_AT: (p) => p.createdAt,
  UPDATED_AT: (p) => p.updatedAt,
  TITLE: (p) => p.title.toLowerCase(),
  RELEVANCE: (p) => p.id,
};

export const customerSearch: Record<string, SearchField<Customer>> = {
  id: { kind: "number", get: (c) => c.id },
  created_at: { kind: "date", get: (c) => c.createdAt },
  updated_at: { kind: "date", get: (c) => c.updatedAt },
  email: { kind: "string", get: (c) => c.email },
  phone: { kind: "string", get: (c) => c.phone },
  first_name: { kind: "string", get: (c) => c.firstName },
  last_name: { kind: "string", get: (c) => c.lastName },
  state: { kind: "string", get: (c) => c.state },
  tag: { kind: "list", get: (c) => c.tags },
  email_marketing_state: { kind: "string", get: (c) => c.emailMarketing },
  country: { kind: "string", get: (c) => c.defaultAddress?.country ?? null },
};

export const orderSearch: Record<string, SearchField<Order>> = {
  id: { kind: "number", get: (o) => o.id },
  created_at: { kind: "date", get: (o) => o.createdAt },
  updated_at: { kind: "date", get: (o) => o.updatedAt },
  processed_at: { kind: "date", get: (o) => o.processedAt },
  customer_id: { kind: "number", get: (o) => o.customerId },
  email: { kind: "string", get: (o) => o.email },
  name: { kind: "string", get: (o) => o.name },
  tag: { kind: "list", get: (o) => o.tags },
  financial_status: { kind: "string", get: (o) => o.financialStatus.toLowerCase() },
  fulfillment_status: { kind: "string", get: (o) => o.fulfillmentStatus.toLowerCase() },
  source_name: { kind: "string", get: (o) => o.sourceName },
  test: { kind: "string", get: (o) => String(o.test) },
  status: { kind: "string", get: (o) => (o.cancelledAt ? "cancelled" : o.closedAt ? "closed" : "open") },
  discount_code: { kind: "list", get: (o) => o.discountCodes },
};

export const productSearch: Record<string, SearchField<Product>> = {
  id: { kind: "number", get: (p) => p.id },
  created_at: { kind: "date", get: (p) => p.createdAt },
  updated_at: { kind: "date", get: (p) => p.updatedAt },
  title: { kind: "string", get: (p) => p.title },
  handle: { kind: "string", get: (p) => p.handle },
  product_type: { kind: "string", get: (p) => p.productType },
  vendor: { kind: "string", get: (p) => p.vendor },
  tag: { kind: "list", get: (p) => p.tags },
};

function sortKeyOf<T>(keys: Record<string, (item: T) => number | string>, sortKey: unknown, ctx: ResolverContext, type: string) {
  const name = typeof sortKey === "string" ? sortKey : "ID";
  const fn = keys[name];
  if (!fn) {
    ctx.core.warn(`${type} sortKey ${name} not emulated (sorted by ID)`);
    return keys.ID;
  }
  return fn;
}

/** Filters with the `query:` argument, then pages: shared by root and nested connections. */
export function listConnection<T extends { id: number }, V>(
  ctx: ResolverContext,
  resource: string,
  items: Iterable<T>,
  args: Args,
  search: Record<string, SearchField<T>>,
  sortKeys: Record<string, (item: T) => number | string>,
  toView: (item: T) => V,
) {
  const predicate = searchPredicate(args.query as string | undefined, search, withUnknownWarning(ctx, resource));
  const filtered: T[] = [];
  for (const item of items) if (!predicate || predicate(item)) filtered.push(item);
  const sortValue = sortKeyOf(sortKeys, args.sortKey, ctx, resource);
  const page = paginate(filtered, args as ConnectionArgs, { value: sortValue, id: (item) => item.id }, ctx.bulk);
  return connectionView(page, toView);
}

/** A connection over a fixed, already ordered list (line items, refund line items, codes). */
function plainConnection<T extends { id: number }, V>(ctx: ResolverContext, items: T[], args: Args, toView: (item: T) => V) {
  const order = new Map(items.map((item, index) => [item.id, index]));
  const page = paginate(
    items,
    args as ConnectionArgs,
    { value: (item) => order.get(item.id) ?? 0, id: (item) => item.id },
    ctx.bulk,
  );
  return connectionView(page, toView);
}

// ---------------------------------------------------------------------------------------------- shop

const TIMEZONE_ABBREVIATIONS: Record<string, string> = { "Asia/Tokyo": "JST", UTC: "UTC", "Etc/UTC": "UTC" };

function timezoneOffsetMinutes(timeZone: string, at: number): number {
  return Math.round(utcOffsetFunction(timeZone)(at) / 60_000);
}

export class ShopView {
  readonly __typename = "Shop";
  constructor(
    private readonly _shop: Shop,
    private readonly _now: number,
  ) {}
  get id() {
    return gid("Shop", shopNumericId(this._shop.domain));
  }
  get name() {
    return this._shop.name;
  }
  get myshopifyDomain() {
    return this._shop.domain;
  }
  get email() {
    return this._shop.email;
  }
  get contactEmail() {
    return this._shop.email;
  }
  get shopOwnerName() {
    return this._shop.name;
  }
  get currencyCode() {
    return this._shop.currency;
  }
  get enabledPresentmentCurrencies() {
    return [this._shop.currency];
  }
  get ianaTimezone() {
    return this._shop.ianaTimezone;
  }
  get timezoneAbbreviation() {
    const known = TIMEZONE_ABBREVIATIONS[this._shop.ianaTimezone];
    if (known) return known;
    const part = new Intl.DateTimeFormat("en-US", { timeZone: this._shop.ianaTimezone, timeZoneName: "short" })
      .formatToParts(new Date(this._now))
      .find((p) => p.type === "timeZoneName");
    return part?.value ?? "UTC";
  }
  get timezoneOffsetMinutes() {
    return timezoneOffsetMinutes(this._shop.ianaTimezone, this._now);
  }
  get timezoneOffset() {
    const minutes = this.timezoneOffsetMinutes;
    const abs = Math.abs(minutes);
    return `${minutes < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}${String(abs % 60).padStart(2, "0")}`;
  }
  get primaryDomain() {
    return {
      id: gid("Domain", shopNumericId(this._shop.domain)),
      host: this._shop.domain,
      url: `https://${this._shop.domain}`,
      sslEnabled: true,
    };
  }
  get url() {
    return `https://${this._shop.domain}`;
  }
  get billingAddress() {
    return {
      id: gid("ShopAddress", shopNumericId(this._shop.domain)),
      countryCodeV2: this._shop.countryCode,
      countryCode: this._shop.countryCode,
      country: this._shop.countryCode === "JP" ? "Japan" : this._shop.countryCode,
      coordinatesValidated: false,
      formatted: [],
    };
  }
  get shopAddress() {
    return this.billingAddress;
  }
  get plan() {
    const name = this._shop.plan;
    return {
      displayName: name,
      publicDisplayName: name,
      partnerDevelopment: /develop/i.test(name),
      shopifyPlus: /plus/i.test(name),
    };
  }
  get taxesIncluded() {
    return this._shop.countryCode === "JP";
  }
  get customers() {
    return (args: Args, ctx: ResolverContext) => customersConnection(ctx, args);
  }
  get orders() {
    return (args: Args, ctx: ResolverContext) => ordersConnection(ctx, args);
  }
  get products() {
    return (args: Args, ctx: ResolverContext) => productsConnection(ctx, args);
  }
}

export function customersConnection(ctx: ResolverContext, args: Args) {
  return listConnection(
    ctx,
    "customers",
    ctx.shop.store.customers.values(),
    args,
    customerSearch,
    customerSortKeys,
    (c) => new CustomerView(c),
  );
}

export function ordersConnection(ctx: ResolverContext, args: Args, source?: Iterable<Order>) {
  return listConnection(
    ctx,
    "orders",
    source ?? ctx.shop.store.orders.values(),
    args,
    orderSearch,
    orderSortKeys,
    (o) => new OrderView(o),
  );
}

export function productsConnection(ctx: ResolverContext, args: Args) {
  return listConnection(
    ctx,
    "products",
    ctx.shop.store.products.values(),
    args,
    productSearch,
    productSortKeys,
    (p) => new ProductView(p),
  );
}

// ---------------------------------------------------------------------------------------------- addresses

export function addressView(address: Address, id: string) {
  return {
    __typename: "MailingAddress",
    id,
    firstName: address.firstName,
    lastName: address.lastName,
    name: `${address.firstName} ${address.lastName}`.trim(),
    address1: address.address1,
    address2: address.address2 ?? null,
    city: address.city,
    province: address.province,
    provinceCode: address.provinceCode,
    zip: address.zip,
    country: address.country,
    countryCode: address.countryCode,
    countryCodeV2: address.countryCode,
    phone: address.phone ?? null,
    company: null,
    latitude: null,
    longitude: null,
    coordinatesValidated: false,
    timeZone: null,
    formattedArea: [address.city, address.province, address.country].filter(Boolean).join(", "),
    formatted: () =>
      [address.address1, address.address2, `${address.zip} ${address.city}`, address.province, address.country].filter(
        (line): line is string => !!line,
      ),
  };
}

// ---------------------------------------------------------------------------------------------- metafields

export function metafieldView(metafield: Metafield, ownerType: string, owner: () => unknown) {
  return {
    __typename: "Metafield",
    id: gid("Metafield", metafield.id),
    legacyResourceId: String(metafield.id),
    namespace: metafield.namespace,
    key: metafield.key,
    type: metafield.type,
    value: metafield.value,
    jsonValue: () => {
      try {
        return JSON.parse(metafield.value);
      } catch {
        return metafield.value;
      }
    },
    createdAt: iso(metafield.createdAt),
    updatedAt: iso(metafield.updatedAt),
    ownerType,
    owner,
    description: null,
    definition: null,
    compareDigest: Buffer.from(`${metafield.id}:${metafield.updatedAt}`).toString("base64"),
    sizeInBytes: Buffer.byteLength(metafield.value),
  };
}

/** The customer's metafields plus the standard `facts.birth_date` derived from the model's birthDate. */
export function customerMetafields(customer: Customer): Metafield[] {
  const list = [...customer.metafields];
  if (customer.birthDate && !list.some((m) => m.namespace === "facts" && m.key === "birth_date")) {
    list.push({
      id: customer.id * 10 + 1,
      namespace: "facts",
      key: "birth_date",
      type: "date",
      value: customer.birthDate,
      createdAt: customer.createdAt,
      updatedAt: customer.updatedAt,
    });
  }
  return list;
}

function findMetafield(list: Metafield[], args: Args, appId: number): Metafield | undefined {
  let namespace = args.namespace as string | undefined;
  let key = String(args.key);
  if (!namespace && key.includes(".")) {
    namespace = key.slice(0, key.lastIndexOf("."));
    key = key.slice(key.lastIndexOf(".") + 1);
  }
  const ns = resolveNamespace(namespace ?? "$app", appId);
  return list.find((m) => m.namespace === ns && m.key === key);
}

function metafieldsConnection(ctx: ResolverContext, list: Metafield[], args: Args, ownerType: string, owner: () => unknown) {
  const ns = args.namespace ? resolveNamespace(String(args.namespace), ctx.core.appId) : null;
  const keys = Array.isArray(args.keys) ? (args.keys as string[]) : null;
  const filtered = list.filter((m) => {
    if (ns && m.namespace !== ns) return false;
    if (
      keys &&
      !keys.some((k) => {
        const dot = k.lastIndexOf(".");
        return resolveNamespace(k.slice(0, dot), ctx.core.appId) === m.namespace && k.slice(dot + 1) === m.key;
      })
    )
      return false;
    return true;
  });
  return plainConnection(ctx, filtered, args, (m) => metafieldView(m, ownerType, owner));
}

// ---------------------------------------------------------------------------------------------- customers

export function amountSpent(orders: Order[]): number {
  let total = 0;
  for (const order of orders) {
    if (order.test || order.cancelledAt != null || order.financialStatus === "VOIDED") continue;
    total += order.total.shop - order.refunds.reduce((sum, refund) => sum + refund.totalRefunded.shop, 0);
  }
  return total;
}

export class CustomerView {
  readonly __typename = "Customer";
  constructor(readonly _c: Customer) {}
  get id() {
    return gid("Customer", this._c.id);
  }
  get legacyResourceId() {
    return String(this._c.id);
  }
  get firstName() {
    return this._c.firstName;
  }
  get lastName() {
    return this._c.lastName;
  }
  get displayName() {
    const name = [this._c.firstName, this._c.lastName].filter(Boolean).join(" ");
    return name || this._c.email || this._c.phone || "";
  }
  get email() {
    return this._c.email;
  }
  get phone() {
    return this._c.phone;
  }
  get locale() {
    return this._c.locale;
  }
  get note() {
    return this._c.note;
  }
  get tags() {
    return this._c.tags;
  }
  get createdAt() {
    return iso(this._c.createdAt);
  }
  get updatedAt() {
    return iso(this._c.updatedAt);
  }
  get state() {
    return this._c.state;
  }
  get verifiedEmail() {
    return this._c.verifiedEmail;
  }
  get validEmailAddress() {
    return this._c.email != null;
  }
  get taxExempt() {
    return false;
  }
  get canDelete() {
    return true;
  }
  get defaultEmailAddress() {
    if (!this._c.email) return null;
    return {
      emailAddress: this._c.email,
      marketingState: this._c.emailMarketing,
      marketingOptInLevel: this._c.emailMarketing === "SUBSCRIBED" ? "SINGLE_OPT_IN" : null,
      marketingUpdatedAt: null,
      validFormat: true,
    };
  }
  get defaultPhoneNumber() {
    if (!this._c.phone) return null;
    return {
      phoneNumber: this._c.phone,
      marketingState: this._c.smsMarketing,
      marketingOptInLevel: this._c.smsMarketing === "SUBSCRIBED" ? "SINGLE_OPT_IN" : null,
      marketingUpdatedAt: null,
      marketingCollectedFrom: null,
    };
  }
  get emailMarketingConsent() {
    if (!this._c.email) return null;
    return {
      marketingState: this._c.emailMarketing,
      marketingOptInLevel: this._c.emailMarketing === "SUBSCRIBED" ? "SINGLE_OPT_IN" : null,
      consentUpdatedAt: null,
    };
  }
  get smsMarketingConsent() {
    if (!this._c.phone) return null;
    return {
      marketingState: this._c.smsMarketing,
      marketingOptInLevel: this._c.smsMarketing === "SUBSCRIBED" ? "SINGLE_OPT_IN" : "UNKNOWN",
      consentUpdatedAt: null,
      consentCollectedFrom: "OTHER",
    };
  }
  get defaultAddress() {
    return this._c.defaultAddress ? addressView(this._c.defaultAddress, gid("MailingAddress", this._c.id)) : null;
  }
  addresses(args: Args) {
    const list = this._c.defaultAddress ? [addressView(this._c.defaultAddress, gid("MailingAddress", this._c.id))] : [];
    return typeof args.first === "number" ? list.slice(0, args.first) : list;
  }
  get statistics() {
    // Shopify's own RFM group and spend tier are not emulated: the fields resolve to null with a warning.
    return { __typename: "CustomerStatistics" };
  }
  numberOfOrders(_args: Args, ctx: ResolverContext) {
    return String(ordersOfCustomer(ctx.shop, this._c.id).length);
  }
  amountSpent(_args: Args, ctx: ResolverContext) {
    return money(amountSpent(ordersOfCustomer(ctx.shop, this._c.id)), ctx.shop.store.shop.currency);
  }
  lastOrder(_args: Args, ctx: ResolverContext) {
    const orders = ordersOfCustomer(ctx.shop, this._c.id);
    let last: Order | null = null;
    for (const order of orders)
      if (!last || order.processedAt > last.processedAt || (order.processedAt === last.processedAt && order.id > last.id))
        last = order;
    return last ? new OrderView(last) : null;
  }
  orders(args: Args, ctx: ResolverContext) {
    return ordersConnection(ctx, args, ordersOfCustomer(ctx.shop, this._c.id));
  }
  metafield(args: Args, ctx: ResolverContext) {
    const found = findMetafield(customerMetafields(this._c), args, ctx.core.appId);
    return found ? metafieldView(found, "CUSTOMER", () => this) : null;
  }
  metafields(args: Args, ctx: ResolverContext) {
    return metafieldsConnection(ctx, customerMetafields(this._c), args, "CUSTOMER", () => this);
  }
}

// ---------------------------------------------------------------------------------------------- orders

function refundedQuantity(order: Order, lineItemId: number): number {
  let quantity = 0;
  for (const refund of order.refunds)
    for (const rli of refund.refundLineItems) if (rli.lineItemId === lineItemId) quantity += rli.quantity;
  return quantity;
}

export function orderTotals(order: Order) {
  const refunded = sumBags(order.refunds.map((r) => r.totalRefunded));
  const refundedSubtotal = sumBags(order.refunds.flatMap((r) => r.refundLineItems.map((rli) => rli.subtotal)));
  return {
    refunded,
    currentSubtotal: minusBag(order.subtotal, refundedSubtotal),
    currentTotal: minusBag(order.total, refunded),
  };
}

export class OrderView {
  readonly __typename = "Order";
  constructor(readonly _o: Order) {}
  private bag(bag: MoneyBag) {
    return moneyBag(bag, this._o.currency, this._o.presentmentCurrency);
  }
  get id() {
    return gid("Order", this._o.id);
  }
  get legacyResourceId() {
    return String(this._o.id);
  }
  get name() {
    return this._o.name;
  }
  get number() {
    return Number(this._o.name.replace(/\D/g, "")) || 0;
  }
  get email() {
    return this._o.email;
  }
  get note() {
    return this._o.note ?? null;
  }
  get createdAt() {
    return iso(this._o.createdAt);
  }
  get processedAt() {
    return iso(this._o.processedAt);
  }
  get updatedAt() {
    return iso(this._o.updatedAt);
  }
  get cancelledAt() {
    return iso(this._o.cancelledAt);
  }
  get cancelReason() {
    return this._o.cancelReason;
  }
  get closedAt() {
    return iso(this._o.closedAt);
  }
  get closed() {
    return this._o.closedAt != null;
  }
  get confirmed() {
    return true;
  }
  get currencyCode() {
    return this._o.currency;
  }
  get presentmentCurrencyCode() {
    return this._o.presentmentCurrency;
  }
  get displayFinancialStatus() {
    return this._o.financialStatus;
  }
  get displayFulfillmentStatus() {
    return this._o.fulfillmentStatus;
  }
  get sourceName() {
    return this._o.sourceName;
  }
  get tags() {
    return this._o.tags;
  }
  get discountCodes() {
    return this._o.discountCodes;
  }
  get discountCode() {
    return this._o.discountCodes[0] ?? null;
  }
  get test() {
    return this._o.test;
  }
  get fullyPaid() {
    return (
      this._o.financialStatus === "PAID" ||
      this._o.financialStatus === "PARTIALLY_REFUNDED" ||
      this._o.financialStatus === "REFUNDED"
    );
  }
  get unpaid() {
    return this._o.financialStatus === "PENDING" || this._o.financialStatus === "AUTHORIZED";
  }
  get customerLocale() {
    return null;
  }
  customer(_args: Args, ctx: ResolverContext) {
    if (this._o.customerId == null) return null;
    const customer = ctx.shop.store.customers.get(this._o.customerId);
    return customer ? new CustomerView(customer) : null;
  }
  get subtotalPriceSet() {
    return this.bag(this._o.subtotal);
  }
  get totalPriceSet() {
    return this.bag(this._o.total);
  }
  get originalTotalPriceSet() {
    return this.bag(this._o.total);
  }
  get totalDiscountsSet() {
    return this.bag(this._o.totalDiscounts);
  }
  get currentTotalDiscountsSet() {
    return this.bag(this._o.totalDiscounts);
  }
  get totalShippingPriceSet() {
    return this.bag(this._o.totalShipping);
  }
  get currentShippingPriceSet() {
    return this.bag(this._o.totalShipping);
  }
  get totalTaxSet() {
    return this.bag(this._o.totalTax);
  }
  get currentTotalTaxSet() {
    return this.bag(this._o.totalTax);
  }
  get totalRefundedSet() {
    return this.bag(orderTotals(this._o).refunded);
  }
  get currentTotalPriceSet() {
    return this.bag(orderTotals(this._o).currentTotal);
  }
  get currentSubtotalPriceSet() {
    return this.bag(orderTotals(this._o).currentSubtotal);
  }
  get netPaymentSet() {
    const paid = this.unpaid || this._o.financialStatus === "VOIDED" ? { shop: 0, presentment: 0 } : this._o.total;
    return this.bag(minusBag(paid, orderTotals(this._o).refunded));
  }
  get totalReceivedSet() {
    return this.bag(this.unpaid || this._o.financialStatus === "VOIDED" ? { shop: 0, presentment: 0 } : this._o.total);
  }
  get subtotalLineItemsQuantity() {
    return this._o.lineItems.reduce((sum, li) => sum + li.quantity, 0);
  }
  get currentSubtotalLineItemsQuantity() {
    return this._o.lineItems.reduce((sum, li) => sum + li.quantity - refundedQuantity(this._o, li.id), 0);
  }
  get shippingAddress() {
    return this._o.shippingAddress ? addressView(this._o.shippingAddress, gid("MailingAddress", `${this._o.id}1`)) : null;
  }
  get billingAddress() {
    return this.shippingAddress;
  }
  lineItems(args: Args, ctx: ResolverContext) {
    return plainConnection(ctx, this._o.lineItems, args, (li) => new LineItemView(li, this._o));
  }
  refunds(args: Args) {
    const list = this._o.refunds.map((refund) => new RefundView(refund, this._o));
    return typeof args.first === "number" ? list.slice(0, args.first) : list;
  }
  metafield() {
    return null;
  }
}

export class LineItemView {
  readonly __typename = "LineItem";
  constructor(
    readonly _li: LineItem,
    readonly _o: Order,
  ) {}
  private bag(bag: MoneyBag) {
    return moneyBag(bag, this._o.currency, this._o.presentmentCurrency);
  }
  get id() {
    return gid("LineItem", this._li.id);
  }
  get title() {
    return this._li.title;
  }
  get name() {
    return this._li.variantTitle ? `${this._li.title} - ${this._li.variantTitle}` : this._li.title;
  }
  get variantTitle() {
    return this._li.variantTitle;
  }
  get sku() {
    return this._li.sku;
  }
  get quantity() {
    return this._li.quantity;
  }
  get currentQuantity() {
    return this._li.quantity - refundedQuantity(this._o, this._li.id);
  }
  get refundableQuantity() {
    return this.currentQuantity;
  }
  get requiresShipping() {
    return true;
  }
  get taxable() {
    return true;
  }
  get isGiftCard() {
    return false;
  }
  product(_args: Args, ctx: ResolverContext) {
    const product = this._li.productId != null ? ctx.shop.store.products.get(this._li.productId) : undefined;
    return product
      ? new ProductView(product)
      : this._li.productId != null
        ? { __typename: "Product", id: gid("Product", this._li.productId) }
        : null;
  }
  variant(_args: Args, ctx: ResolverContext) {
    if (this._li.variantId == null) return null;
    const product = this._li.productId != null ? ctx.shop.store.products.get(this._li.productId) : undefined;
    const variant = product?.variants.find((v) => v.id === this._li.variantId);
    return variant && product
      ? new VariantView(variant, product, ctx.shop.store.shop.currency)
      : { __typename: "ProductVariant", id: gid("ProductVariant", this._li.variantId) };
  }
  vendor(_args: Args, ctx: ResolverContext) {
    return this._li.productId != null ? (ctx.shop.store.products.get(this._li.productId)?.vendor ?? null) : null;
  }
  get originalUnitPriceSet() {
    return this.bag(this._li.originalUnitPrice);
  }
  get originalTotalSet() {
    return this.bag({
      shop: this._li.originalUnitPrice.shop * this._li.quantity,
      presentment: this._li.originalUnitPrice.presentment * this._li.quantity,
    });
  }
  get discountedTotalSet() {
    return this.bag(this._li.discountedTotal);
  }
  get discountedUnitPriceSet() {
    const q = Math.max(1, this._li.quantity);
    return this.bag({
      shop: Math.round(this._li.discountedTotal.shop / q),
      presentment: Math.round(this._li.discountedTotal.presentment / q),
    });
  }
  get discountedUnitPriceAfterAllDiscountsSet() {
    return this.discountedUnitPriceSet;
  }
  get totalDiscountSet() {
    return this.bag(this._li.totalDiscount);
  }
}

export class RefundView {
  readonly __typename = "Refund";
  constructor(
    readonly _r: Refund,
    readonly _o: Order,
  ) {}
  get id() {
    return gid("Refund", this._r.id);
  }
  get legacyResourceId() {
    return String(this._r.id);
  }
  get createdAt() {
    return iso(this._r.createdAt);
  }
  get processedAt() {
    return iso(this._r.createdAt);
  }
  get updatedAt() {
    return iso(this._r.createdAt);
  }
  get note() {
    return this._r.note;
  }
  get totalRefundedSet() {
    return moneyBag(this._r.totalRefunded, this._o.currency, this._o.presentmentCurrency);
  }
  get totalRefunded() {
    return money(this._r.totalRefunded.shop, this._o.currency);
  }
  get order() {
    return new OrderView(this._o);
  }
  refundLineItems(args: Args, ctx: ResolverContext) {
    return plainConnection(ctx, this._r.refundLineItems, args, (rli) => new RefundLineItemView(rli, this._o));
  }
}

export class RefundLineItemView {
  readonly __typename = "RefundLineItem";
  constructor(
    readonly _rli: RefundLineItem,
    readonly _o: Order,
  ) {}
  get id() {
    return gid("RefundLineItem", this._rli.id);
  }
  get quantity() {
    return this._rli.quantity;
  }
  get subtotalSet() {
    return moneyBag(this._rli.subtotal, this._o.currency, this._o.presentmentCurrency);
  }
  get priceSet() {
    const q = Math.max(1, this._rli.quantity);
    return moneyBag(
      { shop: Math.round(this._rli.subtotal.shop / q), presentment: Math.round(this._rli.subtotal.presentment / q) },
      this._o.currency,
      this._o.presentmentCurrency,
    );
  }
  get totalTaxSet() {
    return moneyBag({ shop: 0, presentment: 0 }, this._o.currency, this._o.presentmentCurrency);
  }
  get restocked() {
    return false;
  }
  get restockType() {
    return "NO_RESTOCK";
  }
  get lineItem() {
    const li = this._o.lineItems.find((item) => item.id === this._rli.lineItemId);
    if (!li) throw new Error(`Refund line item ${this._rli.id} points at unknown line item ${this._rli.lineItemId}`);
    return new LineItemView(li, this._o);
  }
}

// ---------------------------------------------------------------------------------------------- products

export class ProductView {
  readonly __typename = "Product";
  constructor(readonly _p: Product) {}
  get id() {
    return gid("Product", this._p.id);
  }
  get legacyResourceId() {
    return String(this._p.id);
  }
  get title() {
    return this._p.title;
  }
  get handle() {
    return this._p.handle;
  }
  get productType() {
    return this._p.productType;
  }
  get vendor() {
    return this._p.vendor;
  }
  get tags() {
    return this._p.tags;
  }
  get status() {
    return this._p.status ?? "ACTIVE";
  }
  get createdAt() {
    return iso(this._p.createdAt);
  }
  get updatedAt() {
    return iso(this._p.updatedAt);
  }
  /** published products are on the online store at /products/{handle} of the shop's domain */
  onlineStoreUrl(_args: Args, ctx: ResolverContext) {
    return (this._p.status ?? "ACTIVE") === "ACTIVE" ? `https://${ctx.shop.store.shop.domain}/products/${this._p.handle}` : null;
  }
  get featuredMedia() {
    const url = this._p.imageUrl;
    return url
      ? { __typename: "MediaImage", id: gid("MediaImage", this._p.id), alt: this._p.title, preview: { image: { url } } }
      : null;
  }
  priceRangeV2(_args: Args, ctx: ResolverContext) {
    const prices = this._p.variants.map((variant) => variant.price);
    const currency = ctx.shop.store.shop.currency;
    const low = prices.length > 0 ? Math.min(...prices) : 0;
    const high = prices.length > 0 ? Math.max(...prices) : 0;
    return {
      minVariantPrice: { amount: graphqlDecimal(low, currency), currencyCode: currency },
      maxVariantPrice: { amount: graphqlDecimal(high, currency), currencyCode: currency },
    };
  }
  get totalVariants() {
    return this._p.variants.length;
  }
  get hasOnlyDefaultVariant() {
    return this._p.variants.length === 1;
  }
  get isGiftCard() {
    return false;
  }
  variants(args: Args, ctx: ResolverContext) {
    return plainConnection(ctx, this._p.variants, args, (v) => new VariantView(v, this._p, ctx.shop.store.shop.currency));
  }
  collections(args: Args, ctx: ResolverContext) {
    const list = this._p.collectionIds.map((id) => ctx.shop.store.collections.get(id)).filter((c) => c != null);
    return plainConnection(ctx, list, args, (c) => ({
      __typename: "Collection",
      id: gid("Collection", c.id),
      title: c.title,
      handle: c.handle,
    }));
  }
}

export class VariantView {
  readonly __typename = "ProductVariant";
  constructor(
    readonly _v: ProductVariant,
    readonly _p: Product,
    readonly _currency: string,
  ) {}
  get id() {
    return gid("ProductVariant", this._v.id);
  }
  get legacyResourceId() {
    return String(this._v.id);
  }
  get title() {
    return this._v.title;
  }
  get displayName() {
    return `${this._p.title} - ${this._v.title}`;
  }
  get sku() {
    return this._v.sku;
  }
  get price() {
    return graphqlDecimal(this._v.price, this._currency);
  }
  get product() {
    return new ProductView(this._p);
  }
  get availableForSale() {
    return true;
  }
  get taxable() {
    return true;
  }
  get position() {
    return this._p.variants.indexOf(this._v) + 1;
  }
}

// ---------------------------------------------------------------------------------------------- discounts

export function discountStatus(discount: CodeDiscount, now: number): "ACTIVE" | "EXPIRED" | "SCHEDULED" {
  if (discount.startsAt > now) return "SCHEDULED";
  if (discount.endsAt != null && discount.endsAt <= now) return "EXPIRED";
  return "ACTIVE";
}

export function redeemCodeView(code: { id: number; code: string; asyncUsageCount: number }) {
  return {
    __typename: "DiscountRedeemCode",
    id: gid("DiscountRedeemCode", code.id),
    code: code.code,
    asyncUsageCount: code.asyncUsageCount,
    createdBy: null,
  };
}

export class DiscountCodeBasicView {
  readonly __typename = "DiscountCodeBasic";
  constructor(
    readonly _d: CodeDiscount,
    readonly _currency: string,
  ) {}
  get title() {
    return this._d.title;
  }
  status(_args: Args, ctx: ResolverContext) {
    return discountStatus(this._d, ctx.shop.store.now);
  }
  get startsAt() {
    return iso(this._d.startsAt);
  }
  get endsAt() {
    return iso(this._d.endsAt);
  }
  get createdAt() {
    return iso(this._d.createdAt);
  }
  get updatedAt() {
    return iso(this._d.updatedAt);
  }
  get appliesOncePerCustomer() {
    return this._d.appliesOncePerCustomer;
  }
  get usageLimit() {
    return this._d.usageLimit;
  }
  get recurringCycleLimit() {
    return null;
  }
  get asyncUsageCount() {
    return this._d.codes.reduce((sum, code) => sum + code.asyncUsageCount, 0);
  }
  get tags() {
    return [];
  }
  get hasTimelineComment() {
    return false;
  }
  get discountClass() {
    return "ORDER";
  }
  get discountClasses() {
    return ["ORDER"];
  }
  get codesCount() {
    return { count: this._d.codes.length, precision: "EXACT" };
  }
  codes(args: Args, ctx: ResolverContext) {
    return plainConnection(ctx, this._d.codes, args, redeemCodeView);
  }
  get combinesWith() {
    return {
      orderDiscounts: false,
      productDiscounts: false,
      shippingDiscounts: false,
      productDiscountsWithTagsOnSameCartLine: null,
    };
  }
  get customerGets() {
    const value = this._d.value;
    return {
      appliesOnOneTimePurchase: true,
      appliesOnSubscription: false,
      items: { __typename: "AllDiscountItems", allItems: true },
      value:
        value.kind === "percentage"
          ? { __typename: "DiscountPercentage", percentage: value.percentage }
          : {
              __typename: "DiscountAmount",
              amount: money(value.amount, this._currency),
              appliesOnEachItem: value.appliesOnEachItem,
            },
    };
  }
  get minimumRequirement() {
    return this._d.minimumSubtotal == null
      ? null
      : { __typename: "DiscountMinimumSubtotal", greaterThanOrEqualToSubtotal: money(this._d.minimumSubtotal, this._currency) };
  }
  private customersView(ctx: ResolverContext) {
    const customers = (this._d.customerIds ?? []).map((id) => ctx.shop.store.customers.get(id)).filter((c) => c != null);
    return { __typename: "DiscountCustomers", customers: customers.map((c) => new CustomerView(c)) };
  }
  context(_args: Args, ctx: ResolverContext) {
    return this._d.customerIds ? this.customersView(ctx) : { __typename: "DiscountBuyerSelectionAll", all: "ALL" };
  }
  customerSelection(_args: Args, ctx: ResolverContext) {
    return this._d.customerIds ? this.customersView(ctx) : { __typename: "DiscountCustomerAll", allCustomers: true };
  }
  get summary() {
    const value = this._d.value;
    const amount =
      value.kind === "percentage"
        ? `${Math.round(value.percentage * 10000) / 100}% off`
        : `${graphqlDecimal(value.amount, this._currency)} ${this._currency} off`;
    const minimum =
      this._d.minimumSubtotal != null
        ? ` • Minimum purchase of ${graphqlDecimal(this._d.minimumSubtotal, this._currency)} ${this._currency}`
        : "";
    return `${amount} entire order${minimum}${this._d.appliesOncePerCustomer ? " • One use per customer" : ""}`;
  }
  get shortSummary() {
    const value = this._d.value;
    return value.kind === "percentage"
      ? `${Math.round(value.percentage * 10000) / 100}% off entire order`
      : `${graphqlDecimal(value.amount, this._currency)} ${this._currency} off entire order`;
  }
}

export function discountNodeView(discount: CodeDiscount, currency: string) {
  return {
    __typename: "DiscountCodeNode",
    id: gid("DiscountCodeNode", discount.id),
    codeDiscount: new DiscountCodeBasicView(discount, currency),
    metafield: () => null,
  };
}

// ---------------------------------------------------------------------------------------------- bulk operations

export function bulkOperationView(op: BulkOperationRecord, baseUrl: string) {
  const done = op.status === "COMPLETED";
  return {
    __typename: "BulkOperation",
    id: gid("BulkOperation", op.id),
    type: op.type,
    status: op.status,
    query: op.query,
    createdAt: iso(op.createdAt),
    completedAt: iso(op.completedAt),
    objectCount: String(op.objectCount),
    rootObjectCount: String(op.rootObjectCount),
    fileSize: op.fileSize == null ? null : String(op.fileSize),
    errorCode: op.errorCode,
    // Shopify returns a null url when an operation completed without any object
    url: done && op.file && op.objectCount > 0 ? `${baseUrl}/_emulator/bulk/${op.id}.jsonl` : null,
    partialDataUrl: op.partialFile && op.partialFile.length > 0 ? `${baseUrl}/_emulator/bulk/${op.id}.partial.jsonl` : null,
  };
}
