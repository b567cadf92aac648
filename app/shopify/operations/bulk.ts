import { z } from "zod";
import { CUSTOMER_FIELDS, LINE_ITEM_FIELDS, ORDER_FIELDS } from "./fields";

/**
 * Bulk export documents. Shopify runs them in the background and writes one JSON line per node; nested
 * connections (line items) become their own lines carrying `__parentId`. Plain lists (refunds) stay inline.
 */
export const CUSTOMERS_BULK_QUERY = `#graphql
{
  customers {
    edges {
      node { ${CUSTOMER_FIELDS} }
    }
  }
}
`;

export const ORDERS_BULK_QUERY = `#graphql
{
  orders {
    edges {
      node {
        ${ORDER_FIELDS}
        lineItems {
          edges {
            node { ${LINE_ITEM_FIELDS} }
          }
        }
      }
    }
  }
}
`;

export const BULK_QUERY_RUN_MUTATION = `#graphql
  mutation KizunaBulkQueryRun($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }
`;

export const BulkQueryRunData = z.object({
  bulkOperationRunQuery: z.object({
    bulkOperation: z.object({ id: z.string(), status: z.string() }).nullable(),
    userErrors: z.array(z.object({ field: z.array(z.string()).nullable(), message: z.string(), code: z.string().nullable() })),
  }),
});

export const BULK_OPERATION_QUERY = `#graphql
  query KizunaBulkOperation($id: ID!) {
    node(id: $id) {
      ... on BulkOperation {
        id
        status
        errorCode
        objectCount
        fileSize
        url
        partialDataUrl
        createdAt
        completedAt
      }
    }
  }
`;

export const BulkOperationState = z.object({
  id: z.string(),
  status: z.enum(["CANCELED", "CANCELING", "COMPLETED", "CREATED", "EXPIRED", "FAILED", "RUNNING"]),
  errorCode: z.string().nullable(),
  objectCount: z.string(),
  fileSize: z.string().nullable(),
  url: z.string().nullable(),
  partialDataUrl: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
export type BulkOperationState = z.infer<typeof BulkOperationState>;

export const BulkOperationData = z.object({ node: BulkOperationState.nullable() });
