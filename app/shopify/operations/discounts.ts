import { z } from "zod";

/** Discount code documents: campaigns and points redemptions create, deactivate and fill code discounts. */

const DiscountUserError = z.object({
  field: z.array(z.string()).nullable(),
  message: z.string(),
  code: z.string().nullable().optional(),
});
export type DiscountUserError = z.infer<typeof DiscountUserError>;

export const DISCOUNT_CODE_BASIC_CREATE_MUTATION = `#graphql
  mutation KizunaDiscountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }
`;

export const DiscountCodeBasicCreateData = z.object({
  discountCodeBasicCreate: z.object({
    codeDiscountNode: z.object({ id: z.string() }).nullable(),
    userErrors: z.array(DiscountUserError),
  }),
});

export const DISCOUNT_CODE_DEACTIVATE_MUTATION = `#graphql
  mutation KizunaDiscountCodeDeactivate($id: ID!) {
    discountCodeDeactivate(id: $id) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }
`;

export const DiscountCodeDeactivateData = z.object({
  discountCodeDeactivate: z.object({
    codeDiscountNode: z.object({ id: z.string() }).nullable(),
    userErrors: z.array(DiscountUserError),
  }),
});

export const DISCOUNT_REDEEM_CODE_BULK_ADD_MUTATION = `#graphql
  mutation KizunaDiscountRedeemCodeBulkAdd($discountId: ID!, $codes: [DiscountRedeemCodeInput!]!) {
    discountRedeemCodeBulkAdd(discountId: $discountId, codes: $codes) {
      bulkCreation { id done }
      userErrors { field message code }
    }
  }
`;

export const DiscountRedeemCodeBulkAddData = z.object({
  discountRedeemCodeBulkAdd: z.object({
    bulkCreation: z.object({ id: z.string(), done: z.boolean() }).nullable(),
    userErrors: z.array(DiscountUserError),
  }),
});

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

export const DiscountRedeemCodeBulkCreationData = z.object({
  discountRedeemCodeBulkCreation: z
    .object({
      id: z.string(),
      done: z.boolean(),
      codesCount: z.number(),
      importedCount: z.number(),
      failedCount: z.number(),
      codes: z.object({
        nodes: z.array(z.object({ code: z.string(), errors: z.array(DiscountUserError) })),
        pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
      }),
    })
    .nullable(),
});

export const DISCOUNT_CODE_ACTIVATE_MUTATION = `#graphql
  mutation KizunaDiscountCodeActivate($id: ID!) {
    discountCodeActivate(id: $id) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }
`;

export const DiscountCodeActivateData = z.object({
  discountCodeActivate: z.object({
    codeDiscountNode: z.object({ id: z.string() }).nullable(),
    userErrors: z.array(DiscountUserError),
  }),
});
