/**
 * The emulator's in-memory picture of one Shopify store.
 *
 * This is the single data model shared by the seed generator (which produces it), the GraphQL resolvers
 * (which serve it the way the Admin API does), the bulk-operation exporter and the webhook sender (which
 * turns it into Shopify's REST-style webhook payloads). Ids are numeric like Shopify's legacy ids; the GraphQL
 * layer turns them into `gid://shopify/Type/123`. Money is integer minor units of `currency` (JPY has 0
 * decimals, USD 2), never floats; the GraphQL layer renders Shopify's decimal strings.
 * Times are epoch milliseconds (UTC).
 */

export type CurrencyCode = string; // ISO 4217, e.g. "JPY", "USD"

export interface MoneyBag {
  /** minor units in the shop currency */
  shop: number;
  /** minor units in the presentment (buyer's) currency */
  presentment: number;
}

export interface Address {
  firstName: string;
  lastName: string;
  address1: string;
  address2?: string;
  city: string;
  province: string; // e.g. "東京都" / "Tokyo" / "California"
  provinceCode: string; // e.g. "JP-13", "CA"
  zip: string;
  country: string; // "Japan"
  countryCode: string; // "JP"
  phone?: string;
}

export type MarketingState = "SUBSCRIBED" | "NOT_SUBSCRIBED" | "UNSUBSCRIBED" | "PENDING";

export interface Metafield {
  id: number;
  namespace: string; // "$app:kizuna" is stored resolved, e.g. "app--123--kizuna"
  key: string;
  type: string; // "single_line_text_field", "number_integer", "json", ...
  value: string;
  createdAt: number;
  updatedAt: number;
}

export interface Customer {
  id: number;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  locale: string; // "ja" | "en"
  note: string | null;
  tags: string[];
  emailMarketing: MarketingState;
  smsMarketing: MarketingState;
  /** ISO date "YYYY-MM-DD", stored in Shopify as the standard metafield facts.birth_date; null for most */
  birthDate: string | null;
  defaultAddress: Address | null;
  verifiedEmail: boolean;
  state: "ENABLED" | "DISABLED" | "INVITED" | "DECLINED";
  createdAt: number;
  updatedAt: number;
  metafields: Metafield[];
}

export interface Product {
  id: number;
  title: string;
  handle: string;
  productType: string;
  vendor: string;
  tags: string[];
  collectionIds: number[];
  variants: ProductVariant[];
  createdAt: number;
  updatedAt: number;
  /** the featured image's URL (none when unset: the seed makes no images) */
  imageUrl?: string;
  /** ACTIVE (default) | ARCHIVED | DRAFT */
  status?: "ACTIVE" | "ARCHIVED" | "DRAFT";
}

export interface ProductVariant {
  id: number;
  productId: number;
  title: string;
  sku: string;
  /** minor units, shop currency */
  price: number;
}

export interface Collection {
  id: number;
  title: string;
  handle: string;
}

export interface LineItem {
  id: number;
  productId: number | null;
  variantId: number | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  quantity: number;
  /** unit price before discounts */
  originalUnitPrice: MoneyBag;
  /** line total after line-level and allocated order-level discounts */
  discountedTotal: MoneyBag;
  /** discount allocated to this line */
  totalDiscount: MoneyBag;
}

export interface RefundLineItem {
  id: number;
  lineItemId: number;
  quantity: number;
  subtotal: MoneyBag;
}

export interface Refund {
  id: number;
  orderId: number;
  createdAt: number;
  note: string | null;
  /** total money returned to the buyer by this refund */
  totalRefunded: MoneyBag;
  refundLineItems: RefundLineItem[];
}

export type FinancialStatus = "PENDING" | "AUTHORIZED" | "PAID" | "PARTIALLY_PAID" | "PARTIALLY_REFUNDED" | "REFUNDED" | "VOIDED";

export interface Order {
  id: number;
  /** "#1001" */
  name: string;
  customerId: number | null;
  email: string | null;
  createdAt: number;
  processedAt: number;
  updatedAt: number;
  cancelledAt: number | null;
  cancelReason: "CUSTOMER" | "DECLINED" | "FRAUD" | "INVENTORY" | "OTHER" | "STAFF" | null;
  closedAt: number | null;
  currency: CurrencyCode; // shop currency
  presentmentCurrency: CurrencyCode;
  financialStatus: FinancialStatus;
  fulfillmentStatus: "FULFILLED" | "UNFULFILLED" | "PARTIALLY_FULFILLED";
  /** "web", "pos", "shopify_draft_order", ... (Order.sourceName) */
  sourceName: string;
  tags: string[];
  /** the merchant's order note (optional: added for the emulator's order update) */
  note?: string | null;
  discountCodes: string[];
  subtotal: MoneyBag; // after discounts, before shipping and tax
  totalDiscounts: MoneyBag;
  totalShipping: MoneyBag;
  totalTax: MoneyBag;
  total: MoneyBag; // subtotal + shipping + tax
  shippingAddress: Address | null;
  lineItems: LineItem[];
  refunds: Refund[];
  test: boolean;
  /** Order.taxesIncluded: prices include tax (Japan), so total = subtotal + shipping and totalTax is the included part */
  taxesIncluded?: boolean;
}

export type DiscountValue =
  | { kind: "percentage"; percentage: number } // 0..1 as Shopify's DiscountPercentage.percentage
  | { kind: "fixed"; amount: number; appliesOnEachItem: boolean }; // minor units

export interface DiscountRedeemCode {
  id: number;
  code: string;
  asyncUsageCount: number;
}

export interface CodeDiscount {
  id: number; // DiscountCodeNode id
  title: string;
  status: "ACTIVE" | "EXPIRED" | "SCHEDULED";
  startsAt: number;
  endsAt: number | null;
  value: DiscountValue;
  minimumSubtotal: number | null; // minor units
  appliesOncePerCustomer: boolean;
  usageLimit: number | null;
  /** null = all buyers; otherwise only these customers may use the codes */
  customerIds: number[] | null;
  codes: DiscountRedeemCode[];
  createdAt: number;
  updatedAt: number;
}

export interface Shop {
  domain: string; // "kizuna-demo.myshopify.com"
  name: string;
  email: string;
  currency: CurrencyCode;
  ianaTimezone: string; // "Asia/Tokyo"
  primaryLocale: string; // "ja"
  countryCode: string; // "JP"
  plan: string;
  /** Shop.taxesIncluded: whether catalog prices include tax */
  taxesIncluded?: boolean;
}

/** The true buy-till-you-die process the seed drew orders from, so predictions can be checked. */
export interface SeedTruth {
  seed: number;
  /** BG/NBD: purchase rate λ ~ Gamma(r, α) per day, dropout p ~ Beta(a, b) after each repeat purchase */
  bgnbd: { r: number; alpha: number; a: number; b: number; timeUnit: "day" };
  /** Gamma-Gamma spend: per-customer mean ~ via ν ~ Gamma(q, γ), each order value ~ Gamma(p, ν) */
  gammaGamma: { p: number; q: number; v: number; currency: CurrencyCode };
  /** first day of the observation window and "now" of the store (epoch ms) */
  startsAt: number;
  endsAt: number;
  /** per-customer latent values, keyed by customer id (small stores only; omitted above 50k customers) */
  customers?: Record<number, { lambda: number; p: number; diedAt: number | null; meanSpend: number }>;
  /** Products in a first order that mark customers who are, in truth, less likely to drop out */
  loyaltyDrivers?: Array<{ productId: number; handle: string; title: string; effect: string }>;
  /** Products bought together far more often than chance (association rules should find lift here) */
  affinityGroups?: Array<{ name: string; productIds: number[] }>;
  /** Share of customers who never order; they are outside the BG/NBD population */
  zeroOrderShare?: number;
  /** How the seed relates the drawn process to the realised orders (units, order value, what counts as a purchase) */
  notes?: string[];
}

/** Everything the emulator holds for one shop. */
export interface Store {
  shop: Shop;
  accessToken: string;
  customers: Map<number, Customer>;
  orders: Map<number, Order>;
  products: Map<number, Product>;
  collections: Map<number, Collection>;
  discounts: Map<number, CodeDiscount>;
  truth: SeedTruth | null;
  /** the store's notion of "now" (epoch ms); advanced by the control API so tests control time */
  now: number;
  /** next id to hand out, shared by every object type (Shopify's ids are unique per type; ours are globally) */
  nextId: number;
}
