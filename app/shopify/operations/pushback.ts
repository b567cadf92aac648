import { z } from "zod";

/**
 * Push-back documents: customer tags, `$app:kizuna` metafields and their definitions, and the staged upload +
 * bulk mutation pair used when a recompute changed too many customers for one call each.
 */

/** The app-owned namespace; Shopify resolves it to `app--<app id>--kizuna`. */
export const KIZUNA_METAFIELD_NAMESPACE = "$app:kizuna";

const UserError = z.object({ field: z.array(z.string()).nullable(), message: z.string() });
const CodedUserError = UserError.extend({ code: z.string().nullable().optional() });
export type PushUserError = z.infer<typeof CodedUserError>;

export const TAGS_ADD_MUTATION = `#graphql
  mutation KizunaTagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      node { id }
      userErrors { field message }
    }
  }
`;

export const TagsAddData = z.object({
  tagsAdd: z.object({ node: z.object({ id: z.string() }).nullable(), userErrors: z.array(UserError) }),
});

export const TAGS_REMOVE_MUTATION = `#graphql
  mutation KizunaTagsRemove($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) {
      node { id }
      userErrors { field message }
    }
  }
`;

export const TagsRemoveData = z.object({
  tagsRemove: z.object({ node: z.object({ id: z.string() }).nullable(), userErrors: z.array(UserError) }),
});

export const METAFIELDS_SET_MUTATION = `#graphql
  mutation KizunaMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields { key }
      userErrors { field message code elementIndex }
    }
  }
`;

const MetafieldsSetUserError = CodedUserError.extend({ elementIndex: z.number().nullable().optional() });
export type MetafieldsSetUserError = z.infer<typeof MetafieldsSetUserError>;

export const MetafieldsSetData = z.object({
  metafieldsSet: z.object({
    metafields: z.array(z.object({ key: z.string() })).nullable(),
    userErrors: z.array(MetafieldsSetUserError),
  }),
});

export const CUSTOMER_METAFIELD_DEFINITIONS_QUERY = `#graphql
  query KizunaCustomerMetafieldDefinitions($after: String) {
    metafieldDefinitions(ownerType: CUSTOMER, first: 250, after: $after) {
      nodes { id namespace key }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const CustomerMetafieldDefinitionsData = z.object({
  metafieldDefinitions: z.object({
    nodes: z.array(z.object({ id: z.string(), namespace: z.string(), key: z.string() })),
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
  }),
});

export const METAFIELD_DEFINITION_CREATE_MUTATION = `#graphql
  mutation KizunaMetafieldDefinitionCreate($definition: MetafieldDefinitionInput!) {
    metafieldDefinitionCreate(definition: $definition) {
      createdDefinition { id key }
      userErrors { field message code }
    }
  }
`;

export const MetafieldDefinitionCreateData = z.object({
  metafieldDefinitionCreate: z.object({
    createdDefinition: z.object({ id: z.string(), key: z.string() }).nullable(),
    userErrors: z.array(CodedUserError),
  }),
});

export const STAGED_UPLOADS_CREATE_MUTATION = `#graphql
  mutation KizunaStagedUploadsCreate($input: [StagedUploadInput!]!) {
    stagedUploadsCreate(input: $input) {
      stagedTargets { url resourceUrl parameters { name value } }
      userErrors { field message }
    }
  }
`;

export const StagedUploadsCreateData = z.object({
  stagedUploadsCreate: z.object({
    stagedTargets: z
      .array(
        z.object({
          url: z.string().nullable(),
          resourceUrl: z.string().nullable(),
          parameters: z.array(z.object({ name: z.string(), value: z.string() })),
        }),
      )
      .nullable(),
    userErrors: z.array(UserError),
  }),
});

export const BULK_MUTATION_RUN_MUTATION = `#graphql
  mutation KizunaBulkMutationRun($mutation: String!, $stagedUploadPath: String!, $clientIdentifier: String) {
    bulkOperationRunMutation(mutation: $mutation, stagedUploadPath: $stagedUploadPath, clientIdentifier: $clientIdentifier) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }
`;

export const BulkMutationRunData = z.object({
  bulkOperationRunMutation: z.object({
    bulkOperation: z.object({ id: z.string(), status: z.string() }).nullable(),
    userErrors: z.array(CodedUserError),
  }),
});

/**
 * The documents a bulk mutation runs once per JSONL line of variables. Each result line carries the
 * line's `data` (or `errors`) and `__lineNumber`, parsed with the schemas below.
 */
export const BULK_TAGS_ADD_MUTATION = `#graphql
  mutation KizunaBulkTagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      userErrors { field message }
    }
  }
`;

export const BULK_TAGS_REMOVE_MUTATION = `#graphql
  mutation KizunaBulkTagsRemove($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) {
      userErrors { field message }
    }
  }
`;

export const BULK_METAFIELDS_SET_MUTATION = `#graphql
  mutation KizunaBulkMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      userErrors { field message code elementIndex }
    }
  }
`;

export const BulkMutationResultLine = z.object({
  __lineNumber: z.number(),
  data: z
    .record(z.string(), z.object({ userErrors: z.array(MetafieldsSetUserError) }).nullable())
    .nullable()
    .optional(),
  errors: z.array(z.object({ message: z.string() })).optional(),
});
export type BulkMutationResultLine = z.infer<typeof BulkMutationResultLine>;
