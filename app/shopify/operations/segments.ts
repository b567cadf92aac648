/**
 * Kizuna's fields in Shopify's own customer segments: the `$app:kizuna` customer metafield definitions with
 * their admin-filterable capability (so the segment editor and Shopify Email can filter on them), and one
 * Shopify segment per Kizuna segment, written with segmentCreate / segmentUpdate (docs/decisions/027).
 */

/** The definitions the shop holds for customers, with what the app checks: type and the filter capability. */
export const CUSTOMER_METAFIELD_DEFINITIONS_DETAIL_QUERY = `#graphql
  query KizunaCustomerMetafieldDefinitionsDetail($after: String) {
    metafieldDefinitions(ownerType: CUSTOMER, first: 50, after: $after) {
      nodes {
        id
        namespace
        key
        type { name }
        capabilities { adminFilterable { enabled eligible } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const METAFIELD_DEFINITION_CREATE_FILTERABLE_MUTATION = `#graphql
  mutation KizunaMetafieldDefinitionCreateFilterable($definition: MetafieldDefinitionInput!) {
    metafieldDefinitionCreate(definition: $definition) {
      createdDefinition { id namespace key }
      userErrors { field message code }
    }
  }
`;

/** Turns the admin-filterable capability on for a definition created before Kizuna asked for it. */
export const METAFIELD_DEFINITION_UPDATE_MUTATION = `#graphql
  mutation KizunaMetafieldDefinitionUpdate($definition: MetafieldDefinitionUpdateInput!) {
    metafieldDefinitionUpdate(definition: $definition) {
      updatedDefinition { id key }
      userErrors { field message code }
    }
  }
`;

export const SEGMENT_CREATE_MUTATION = `#graphql
  mutation KizunaSegmentCreate($name: String!, $query: String!) {
    segmentCreate(name: $name, query: $query) {
      segment { id name query }
      userErrors { field message }
    }
  }
`;

export const SEGMENT_UPDATE_MUTATION = `#graphql
  mutation KizunaSegmentUpdate($id: ID!, $name: String, $query: String) {
    segmentUpdate(id: $id, name: $name, query: $query) {
      segment { id name query }
      userErrors { field message }
    }
  }
`;

/** The shop's segments, read to adopt a segment of the same name instead of creating a second one. */
export const SEGMENTS_QUERY = `#graphql
  query KizunaSegments($after: String) {
    segments(first: 100, after: $after) {
      nodes { id name query }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

/** How many customers a segment query selects (the settings card shows it; tests check the filter). */
export const CUSTOMER_SEGMENT_MEMBERS_QUERY = `#graphql
  query KizunaCustomerSegmentMembers($query: String!, $first: Int!, $after: String) {
    customerSegmentMembers(query: $query, first: $first, after: $after) {
      totalCount
      edges { node { id } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
