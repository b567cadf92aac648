/** Discount code documents: campaigns and points redemptions create, deactivate and fill code discounts. */

export const DISCOUNT_CODE_BASIC_CREATE_MUTATION = `#graphql
  mutation KizunaDiscountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }
`;

export const DISCOUNT_CODE_DEACTIVATE_MUTATION = `#graphql
  mutation KizunaDiscountCodeDeactivate($id: ID!) {
    discountCodeDeactivate(id: $id) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }
`;

export const DISCOUNT_REDEEM_CODE_BULK_ADD_MUTATION = `#graphql
  mutation KizunaDiscountRedeemCodeBulkAdd($discountId: ID!, $codes: [DiscountRedeemCodeInput!]!) {
    discountRedeemCodeBulkAdd(discountId: $discountId, codes: $codes) {
      bulkCreation { id done }
      userErrors { field message code }
    }
  }
`;

export const DISCOUNT_REDEEM_CODE_BULK_CREATION_QUERY = `#graphql
  query KizunaDiscountRedeemCodeBulkCreation($id: ID!, $after: String) {
    discountRedeemCodeBulkCreation(id: $id) {
      id
      done
      codesCount
      importedCount
      failedCount
      codes(first: 250, after: $after) {
        nodes {
          code
          errors { field message code }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

export const DISCOUNT_CODE_ACTIVATE_MUTATION = `#graphql
  mutation KizunaDiscountCodeActivate($id: ID!) {
    discountCodeActivate(id: $id) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }
`;
