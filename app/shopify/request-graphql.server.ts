import { AdminApiRequestError } from "./admin-client.server";
import type { AdminDocument, AdminReply, AdminVariables } from "./admin-operations";

/** `admin.graphql` as @shopify/shopify-app-remix hands it to a request or the afterAuth hook. */
export type AdminGraphql = (query: string, options?: { variables?: Record<string, unknown> }) => Promise<Response>;

/**
 * Runs a document through the request-scoped client; the reply is typed by the document (./admin-operations).
 * Failures are AdminApiRequestErrors, as from the background client.
 */
export async function runAdminQuery<D extends AdminDocument>(
  graphql: AdminGraphql,
  query: D,
  variables: AdminVariables<D>,
): Promise<AdminReply<D>> {
  const response = await graphql(query, { variables: variables as Record<string, unknown> });
  const body = (await response.json()) as { data?: AdminReply<D> | null; errors?: unknown };
  if (body.errors) throw new AdminApiRequestError("Shopify rejected the query", body.errors);
  if (body.data == null) throw new AdminApiRequestError("Shopify answered the query without data");
  return body.data;
}
