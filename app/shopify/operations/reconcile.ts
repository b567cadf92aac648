import { CUSTOMER_FIELDS, LINE_ITEM_FIELDS, ORDER_FIELDS } from "./fields";

/**
 * Reconciliation pages through what changed since a watermark. Page sizes keep each query's requested cost
 * under Shopify's single-query limit of 1,000 points (the bulk export has no such limit). The nodes are
 * checked record by record in app/sync/records.ts, which parks a record it cannot read.
 */
export const ORDERS_UPDATED_SINCE_QUERY = `#graphql
  query KizunaOrdersUpdatedSince($query: String!, $after: String) {
    orders(first: 8, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo { hasNextPage endCursor }
      nodes {
        ...KizunaOrderFields
        lineItems(first: 10) {
          pageInfo { hasNextPage endCursor }
          nodes { ...KizunaLineItemFields }
        }
      }
    }
  }
  ${ORDER_FIELDS}
  ${LINE_ITEM_FIELDS}
` as const;

export const ORDER_LINE_ITEMS_QUERY = `#graphql
  query KizunaOrderLineItems($id: ID!, $after: String) {
    order(id: $id) {
      lineItems(first: 50, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { ...KizunaLineItemFields }
      }
    }
  }
  ${LINE_ITEM_FIELDS}
` as const;

export const CUSTOMERS_UPDATED_SINCE_QUERY = `#graphql
  query KizunaCustomersUpdatedSince($query: String!, $after: String) {
    customers(first: 100, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo { hasNextPage endCursor }
      nodes { ...KizunaCustomerFields }
    }
  }
  ${CUSTOMER_FIELDS}
` as const;
