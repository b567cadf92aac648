/**
 * The fields Kizuna copies of a customer, an order and a line item: one set of fragments shared by the bulk
 * export (backfill) and reconciliation, so both sources fill the same records (app/sync/records.ts). A
 * document that spreads a fragment appends its text (`${CUSTOMER_FIELDS}`); the type generator resolves the
 * same interpolation, so the generated key is the exact string sent.
 */
export const CUSTOMER_FIELDS = `#graphql
  fragment KizunaCustomerFields on Customer {
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
  }
`;

export const ORDER_FIELDS = `#graphql
  fragment KizunaOrderFields on Order {
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
  }
`;

export const LINE_ITEM_FIELDS = `#graphql
  fragment KizunaLineItemFields on LineItem {
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
  }
`;
