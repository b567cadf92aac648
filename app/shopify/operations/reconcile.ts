import { z } from "zod";
import { CUSTOMER_FIELDS, LINE_ITEM_FIELDS, ORDER_FIELDS } from "./fields";

/**
 * Reconciliation pages through what changed since a watermark. Page sizes keep each query's requested cost
 * under Shopify's single-query limit of 1,000 points (the bulk export has no such limit).
 */
export const ORDERS_UPDATED_SINCE_QUERY = `#graphql
  query KizunaOrdersUpdatedSince($query: String!, $after: String) {
    orders(first: 8, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo { hasNextPage endCursor }
      nodes {
        ${ORDER_FIELDS}
        lineItems(first: 10) {
          pageInfo { hasNextPage endCursor }
          nodes { ${LINE_ITEM_FIELDS} }
        }
      }
    }
  }
`;

export const ORDER_LINE_ITEMS_QUERY = `#graphql
  query KizunaOrderLineItems($id: ID!, $after: String) {
    order(id: $id) {
      lineItems(first: 50, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { ${LINE_ITEM_FIELDS} }
      }
    }
  }
`;

export const CUSTOMERS_UPDATED_SINCE_QUERY = `#graphql
  query KizunaCustomersUpdatedSince($query: String!, $after: String) {
    customers(first: 100, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo { hasNextPage endCursor }
      nodes { ${CUSTOMER_FIELDS} }
    }
  }
`;

const PageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });
// Nodes are validated record by record in app/sync/records.ts.
const LineItemPage = z.object({ pageInfo: PageInfo, nodes: z.array(z.unknown()) });

export const OrdersUpdatedSinceData = z.object({
  orders: z.object({
    pageInfo: PageInfo,
    nodes: z.array(z.looseObject({ id: z.string(), lineItems: LineItemPage })),
  }),
});

export const OrderLineItemsData = z.object({ order: z.object({ lineItems: LineItemPage }).nullable() });

export const CustomersUpdatedSinceData = z.object({
  customers: z.object({ pageInfo: PageInfo, nodes: z.array(z.unknown()) }),
});
