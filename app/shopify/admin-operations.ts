import type { AdminOperations } from "@shopify/admin-api-client";

/**
 * The Admin API documents Kizuna sends, keyed by their exact text, with the reply and variables types
 * generated from the pinned schema (app/shopify/generated, `npm run codegen`). The generated declarations
 * extend @shopify/admin-api-client's AdminQueries/AdminMutations, which also types `admin.graphql` in routes.
 * A document that is not in app/shopify/operations, or was edited without regenerating, is not a key here,
 * so the call does not compile.
 */
export type AdminDocument = keyof AdminOperations & string;
export type AdminReply<D extends AdminDocument> = AdminOperations[D]["return"];
export type AdminVariables<D extends AdminDocument> = AdminOperations[D]["variables"];
