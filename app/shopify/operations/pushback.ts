import { z } from "zod";

/**
 * Push-back documents: customer tags, `$app:kizuna` metafields (their definitions: ./segments), and the staged upload +
 * bulk mutation pair used when a recompute changed too many customers for one call each.
 */

/** The app-owned namespace; Shopify resolves it to `app--<app id>--kizuna`. */
export const KIZUNA_METAFIELD_NAMESPACE = "$app:kizuna";

/** A userError of any push-back mutation (tagsAdd has no code, metafieldsSet adds elementIndex). */
export interface PushUserError {
  field?: string[] | null;
  message: string;
  code?: string | null;
  elementIndex?: number | null;
}

export const TAGS_ADD_MUTATION = `#graphql
  mutation KizunaTagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      node { id }
      userErrors { field message }
    }
  }
`;

export const TAGS_REMOVE_MUTATION = `#graphql
  mutation KizunaTagsRemove($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) {
      node { id }
      userErrors { field message }
    }
  }
`;

export const METAFIELDS_SET_MUTATION = `#graphql
  mutation KizunaMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields { key }
      userErrors { field message code elementIndex }
    }
  }
`;

export const METAFIELDS_DELETE_MUTATION = `#graphql
  mutation KizunaMetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields { ownerId key }
      userErrors { field message }
    }
  }
`;

export const STAGED_UPLOADS_CREATE_MUTATION = `#graphql
  mutation KizunaStagedUploadsCreate($input: [StagedUploadInput!]!) {
    stagedUploadsCreate(input: $input) {
      stagedTargets { url resourceUrl parameters { name value } }
      userErrors { field message }
    }
  }
`;

export const BULK_MUTATION_RUN_MUTATION = `#graphql
  mutation KizunaBulkMutationRun($mutation: String!, $stagedUploadPath: String!, $clientIdentifier: String) {
    bulkOperationRunMutation(mutation: $mutation, stagedUploadPath: $stagedUploadPath, clientIdentifier: $clientIdentifier) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }
`;

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

/**
 * One line of a bulk mutation's result file. The file is downloaded from a URL, not answered by the GraphQL
 * endpoint, so no generated type vouches for it: each line is checked at run time.
 */
const BulkLineUserError = z.object({
  field: z.array(z.string()).nullable(),
  message: z.string(),
  code: z.string().nullable().optional(),
  elementIndex: z.number().nullable().optional(),
});

export const BulkMutationResultLine = z.object({
  __lineNumber: z.number(),
  data: z
    .record(z.string(), z.object({ userErrors: z.array(BulkLineUserError) }).nullable())
    .nullable()
    .optional(),
  errors: z.array(z.object({ message: z.string() })).optional(),
});
export type BulkMutationResultLine = z.infer<typeof BulkMutationResultLine>;
