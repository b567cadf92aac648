/**
 * The fields Kizuna copies of a customer, an order and a line item: one selection shared by the bulk
 * export (backfill) and reconciliation, so both sources fill the same records (app/sync/records.ts).
 */
export const CUSTOMER_FIELDS = `
  id
  firstName
  lastName
  email
  phone
  locale
  state
  tags
  createdAt
  updatedAt
  emailMarketingConsent { marketingState }
  smsMarketingConsent { marketingState }
  defaultAddress { city provinceCode countryCodeV2 }
  birthDate: metafield(namespace: "facts", key: "birth_date") { value }
`;

export const ORDER_FIELDS = `
  id
  name
  email
  createdAt
  processedAt
  updatedAt
  cancelledAt
  cancelReason
  currencyCode
  presentmentCurrencyCode
  displayFinancialStatus
  sourceName
  tags
  discountCodes
  test
  customer { id }
  subtotalPriceSet { shopMoney { amount } }
  totalDiscountsSet { shopMoney { amount } }
  totalShippingPriceSet { shopMoney { amount } }
  totalTaxSet { shopMoney { amount } }
  totalPriceSet { shopMoney { amount } presentmentMoney { amount } }
  totalRefundedSet { shopMoney { amount } }
  shippingAddress { provinceCode countryCodeV2 }
  refunds { id createdAt note totalRefundedSet { shopMoney { amount } } }
`;

export const LINE_ITEM_FIELDS = `
  id
  title
  variantTitle
  sku
  quantity
  product { id }
  variant { id }
  originalUnitPriceSet { shopMoney { amount } }
  discountedTotalSet { shopMoney { amount } }
  totalDiscountSet { shopMoney { amount } }
`;
