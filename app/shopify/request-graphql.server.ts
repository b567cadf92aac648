import type { z } from "zod";

/** `admin.graphql` as @shopify/shopify-app-remix hands it to a request or the afterAuth hook. */
export type AdminGraphql = (query: string, options?: { variables?: Record<string, unknown> }) => Promise<Response>;

export class AdminApiError extends Error {
  override name = "AdminApiError";
  constructor(
    message: string,
    readonly details: unknown = undefined,
  ) {
    super(message);
  }
}

/** Runs a document through the request-scoped client and validates the reply's `data` with zod. */
export async function runAdminQuery<T>(
  graphql: AdminGraphql,
  query: string,
  variables: Record<string, unknown>,
  schema: z.ZodType<T>,
): Promise<T> {
  const response = await graphql(query, { variables });
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  if (body.errors) throw new AdminApiError("Shopify rejected the query", body.errors);
  const parsed = schema.safeParse(body.data);
  if (!parsed.success) throw new AdminApiError(`Unexpected Admin API reply: ${parsed.error.message}`);
  return parsed.data;
}
