import { Readable } from "node:stream";
import type { AdminClient } from "./admin-client.server";
import { jsonlLines } from "./jsonl";
import { AdminApiRequestError } from "./admin-client.server";
import type { KizunaBulkOperationQuery } from "./generated/admin.generated";
import { BULK_OPERATION_QUERY, BULK_QUERY_RUN_MUTATION } from "./operations/bulk";

export type BulkOperationState = NonNullable<KizunaBulkOperationQuery["bulkOperation"]>;

/** Starts a bulk query; Shopify allows one at a time per shop and says so as a user error. */
export async function startBulkQuery(client: AdminClient, query: string): Promise<string> {
  const data = await client.request(BULK_QUERY_RUN_MUTATION, { query }, 10);
  const bulkOperation = data.bulkOperationRunQuery?.bulkOperation;
  const userErrors = data.bulkOperationRunQuery?.userErrors ?? [];
  if (userErrors.length > 0 || !bulkOperation) {
    throw new AdminApiRequestError(
      `Shopify did not start the bulk export: ${userErrors.map((error) => error.message).join("; ") || "no operation returned"}`,
      userErrors,
    );
  }
  return bulkOperation.id;
}

export async function bulkOperationState(client: AdminClient, id: string): Promise<BulkOperationState> {
  const data = await client.request(BULK_OPERATION_QUERY, { id }, 1);
  if (!data.bulkOperation) throw new AdminApiRequestError(`Shopify does not know bulk operation ${id}`);
  return data.bulkOperation;
}

export class ExpiredBulkFileError extends Error {
  override name = "ExpiredBulkFileError";
}

/**
 * Streams the JSONL result line by line (never the whole file in memory). The signed URL expires after
 * a while: a 403/404 then means "run the export again", which the caller does.
 */
export async function* bulkResultLines(url: string, fetcher: typeof fetch = fetch): AsyncGenerator<string> {
  const response = await fetcher(url);
  if (response.status === 403 || response.status === 404 || response.status === 410) {
    throw new ExpiredBulkFileError(`The bulk export file is no longer available (HTTP ${response.status})`);
  }
  if (!response.ok || !response.body) throw new Error(`Downloading the bulk export failed (HTTP ${response.status})`);
  yield* jsonlLines(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream));
}
