/**
 * The rows Kizuna stores for a shop's customers and orders, whatever the source (bulk export, reconciliation,
 * webhook). A field `undefined` means "this source does not carry it": it is left as stored.
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
