import { CUSTOMER_FIELDS, LINE_ITEM_FIELDS, ORDER_FIELDS } from "./fields";

/**
 * Bulk export documents. Shopify runs them in the background and writes one JSON line per node; nested
 * connections (line items) become their own lines carrying `__parentId`. Plain lists (refunds) stay inline.
 *
 * They go out with the fragments' fields written inline, exactly as before the fields became fragments:
 * Shopify's bulk validator checks each node's own selection (a nested connection's parent must select `id`
 * itself), so nothing here depends on how it treats fragment spreads. They are built by a function, not
 * written as `#graphql` templates, because the type generator cannot follow a call — and they need no reply
 * type: the answer is a JSONL file that app/sync/records.ts checks line by line. They keep the `#graphql`
 * marker so tests/shopify/documents.test.ts validates them against the schema with the rest.
 */
function fieldsOf(fragment: string): string {
  return fragment.slice(fragment.indexOf("{") + 1, fragment.lastIndexOf("}"));
}

/** Concatenated, not a template: a template starting with the marker would be handed to the type generator. */
function bulkDocument(body: string): string {
  return "#graphql\n" + body;
}

export const CUSTOMERS_BULK_QUERY = bulkDocument(`{
  customers {
    edges {
      node { ${fieldsOf(CUSTOMER_FIELDS)} }
    }
  }
}`);

export const ORDERS_BULK_QUERY = bulkDocument(`{
  orders {
    edges {
      node {
        ${fieldsOf(ORDER_FIELDS)}
        lineItems {
          edges {
            node { ${fieldsOf(LINE_ITEM_FIELDS)} }
          }
        }
      }
    }
  }
}`);

export const BULK_QUERY_RUN_MUTATION = `#graphql
  mutation KizunaBulkQueryRun($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }
`;

export const BULK_OPERATION_QUERY = `#graphql
  query KizunaBulkOperation($id: ID!) {
    bulkOperation(id: $id) {
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
`;
