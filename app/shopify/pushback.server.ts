import { type AdminClient, AdminApiRequestError } from "./admin-client.server";
import { bulkOperationState, bulkResultLines } from "./bulk-export.server";
import { customerGid } from "./discounts.server";
import {
  BULK_MUTATION_RUN_MUTATION,
  BulkMutationResultLine,
  KIZUNA_METAFIELD_NAMESPACE,
  METAFIELDS_DELETE_MUTATION,
  METAFIELDS_SET_MUTATION,
  type PushUserError,
  STAGED_UPLOADS_CREATE_MUTATION,
  TAGS_ADD_MUTATION,
  TAGS_REMOVE_MUTATION,
} from "./operations/pushback";

/**
 * Writing Kizuna's results onto Shopify customers: tags, `$app:kizuna` metafields (definitions: ./metafield-definitions.server),
 * and bulk mutations for large pushes. A customer deleted in Shopify meanwhile is reported, never fatal.
 */
export { KIZUNA_METAFIELD_NAMESPACE };

export interface CustomerMetafieldValue {
  customerId: bigint;
  key: string;
  type: string;
  value: string;
}

export const METAFIELDS_PER_CALL = 25;

/** The customer metafields Kizuna owns and their definitions (filterable in Shopify's segments): decision 027. */
export {
  ensureKizunaMetafieldDefinitions,
  KIZUNA_CUSTOMER_METAFIELDS,
  type KizunaMetafieldKey,
} from "./metafield-definitions.server";

export class PushUserErrorsError extends AdminApiRequestError {
  override name = "PushUserErrorsError";
  constructor(
    message: string,
    readonly userErrors: PushUserError[],
  ) {
    super(message, userErrors);
  }
}

/** "Resource not found", "Owner does not exist.": the customer is gone from Shopify. */
export function isMissingCustomerError(error: { field?: string[] | null; message: string }): boolean {
  return /not found|does not exist|doesn't exist/i.test(error.message) || (error.field?.includes("ownerId") ?? false);
}

function describe(errors: { message: string }[]): string {
  return errors.map((error) => error.message).join("; ");
}

export type TagChangeResult = "changed" | "customer_missing";

/** Adds tags to one customer. */
export async function addCustomerTags(client: AdminClient, customerId: bigint, tags: string[]): Promise<TagChangeResult> {
  if (tags.length === 0) return "changed";
  const data = await client.request(TAGS_ADD_MUTATION, { id: customerGid(customerId), tags }, 10);
  return tagOutcome(data.tagsAdd?.userErrors ?? [], "add tags to");
}

/** Removes tags from one customer; tags it does not carry are ignored by Shopify. */
export async function removeCustomerTags(client: AdminClient, customerId: bigint, tags: string[]): Promise<TagChangeResult> {
  if (tags.length === 0) return "changed";
  const data = await client.request(TAGS_REMOVE_MUTATION, { id: customerGid(customerId), tags }, 10);
  return tagOutcome(data.tagsRemove?.userErrors ?? [], "remove tags from");
}

function tagOutcome(userErrors: PushUserError[], action: string): TagChangeResult {
  if (userErrors.length === 0) return "changed";
  if (userErrors.every(isMissingCustomerError)) return "customer_missing";
  throw new PushUserErrorsError(`Shopify did not ${action} the customer: ${describe(userErrors)}`, userErrors);
}

/**
 * Writes `$app:kizuna` metafields, 25 per call. metafieldsSet is atomic, so when a customer in a batch no
 * longer exists the batch is sent again without that customer's values; those customers are returned.
 */
export async function setCustomerMetafields(
  client: AdminClient,
  values: CustomerMetafieldValue[],
): Promise<{ skippedCustomerIds: bigint[] }> {
  const skipped = new Set<bigint>();
  for (let start = 0; start < values.length; start += METAFIELDS_PER_CALL) {
    let batch = values.slice(start, start + METAFIELDS_PER_CALL).filter((value) => !skipped.has(value.customerId));
    while (batch.length > 0) {
      const data = await client.request(
        METAFIELDS_SET_MUTATION,
        {
          metafields: batch.map((value) => ({
            ownerId: customerGid(value.customerId),
            namespace: KIZUNA_METAFIELD_NAMESPACE,
            key: value.key,
            type: value.type,
            value: value.value,
          })),
        },
        10,
      );
      const userErrors = data.metafieldsSet?.userErrors ?? [];
      if (userErrors.length === 0) break;
      const missing = missingOwners(userErrors, batch);
      const other = userErrors.filter((error) => !isOwnerError(error));
      if (other.length > 0 || missing.size === 0) {
        throw new PushUserErrorsError(
          `Shopify did not save the Kizuna metafields: ${describe(other.length > 0 ? other : userErrors)}`,
          userErrors,
        );
      }
      for (const id of missing) skipped.add(id);
      batch = batch.filter((value) => !skipped.has(value.customerId));
    }
  }
  return { skippedCustomerIds: [...skipped] };
}

/**
 * Deletes `$app:kizuna` metafields (customer id + key), 25 per call. A value that is already gone, or whose
 * customer is gone, is simply not there any more: Shopify answers null for it, which is what was wanted.
 */
export async function deleteCustomerMetafields(
  client: AdminClient,
  values: { customerId: bigint; key: string }[],
): Promise<void> {
  for (let start = 0; start < values.length; start += METAFIELDS_PER_CALL) {
    const batch = values.slice(start, start + METAFIELDS_PER_CALL);
    const data = await client.request(
      METAFIELDS_DELETE_MUTATION,
      {
        metafields: batch.map((value) => ({
          ownerId: customerGid(value.customerId),
          namespace: KIZUNA_METAFIELD_NAMESPACE,
          key: value.key,
        })),
      },
      10,
    );
    const userErrors = (data.metafieldsDelete?.userErrors ?? []).filter((error) => !isMissingCustomerError(error));
    if (userErrors.length > 0) {
      throw new PushUserErrorsError(`Shopify did not delete the Kizuna metafields: ${describe(userErrors)}`, userErrors);
    }
  }
}

function isOwnerError(error: PushUserError): boolean {
  return error.elementIndex != null && (error.field?.includes("ownerId") ?? false) && isMissingCustomerError(error);
}

function missingOwners(userErrors: PushUserError[], batch: CustomerMetafieldValue[]): Set<bigint> {
  const missing = new Set<bigint>();
  for (const error of userErrors) {
    if (!isOwnerError(error) || error.elementIndex == null) continue;
    const value = batch[error.elementIndex];
    if (value) missing.add(value.customerId);
  }
  return missing;
}

// ------------------------------------------------------------------------------------------ bulk mutations

export interface BulkMutationOptions {
  sleep?: (ms: number) => Promise<void>;
  /** how often to ask Shopify whether the operation finished (default 2 s) */
  pollMs?: number;
  /** give up waiting after this long (default 1 h) */
  timeoutMs?: number;
  fetch?: typeof fetch;
  clientIdentifier?: string;
}

export interface BulkMutationLineResult {
  lineNumber: number;
  userErrors: PushUserError[];
  errors: string[];
}

/** Uploads the variables (one JSON object per line) where Shopify can read them; returns the stagedUploadPath. */
async function stageVariables(client: AdminClient, lines: string, fetcher: typeof fetch): Promise<string> {
  const data = await client.request(
    STAGED_UPLOADS_CREATE_MUTATION,
    {
      input: [
        {
          resource: "BULK_MUTATION_VARIABLES",
          filename: "kizuna-push.jsonl",
          mimeType: "text/jsonl",
          httpMethod: "POST",
        },
      ],
    },
    10,
  );
  const target = data.stagedUploadsCreate?.stagedTargets?.[0];
  const userErrors = data.stagedUploadsCreate?.userErrors ?? [];
  if (userErrors.length > 0 || !target?.url) {
    throw new PushUserErrorsError(
      `Shopify did not prepare the upload: ${describe(userErrors) || "no upload target"}`,
      userErrors,
    );
  }
  const form = new FormData();
  for (const parameter of target.parameters) form.append(parameter.name, parameter.value);
  form.append("file", new Blob([lines], { type: "text/jsonl" }), "kizuna-push.jsonl");
  const response = await fetcher(target.url, { method: "POST", body: form });
  if (!response.ok) throw new AdminApiRequestError(`Uploading the bulk push file failed (HTTP ${response.status})`);
  const key = target.parameters.find((parameter) => parameter.name === "key")?.value;
  if (!key) throw new AdminApiRequestError("Shopify's upload target has no key to run the bulk mutation with");
  return key;
}

/**
 * Runs `mutation` once per entry of `variables` as a Shopify bulk operation (staged upload +
 * bulkOperationRunMutation), waits for it and returns each line's userErrors. Only one bulk mutation runs
 * per shop at a time: a busy shop is waited for.
 */
export async function runBulkMutation(
  client: AdminClient,
  mutation: string,
  variables: Record<string, unknown>[],
  options: BulkMutationOptions = {},
): Promise<BulkMutationLineResult[]> {
  if (variables.length === 0) return [];
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pollMs = options.pollMs ?? 2000;
  const deadline = Date.now() + (options.timeoutMs ?? 60 * 60_000);
  const fetcher = options.fetch ?? fetch;
  const stagedUploadPath = await stageVariables(client, variables.map((line) => JSON.stringify(line)).join("\n"), fetcher);

  let operationId: string | null = null;
  while (!operationId) {
    const data = await client.request(
      BULK_MUTATION_RUN_MUTATION,
      { mutation, stagedUploadPath, clientIdentifier: options.clientIdentifier ?? null },
      10,
    );
    const bulkOperation = data.bulkOperationRunMutation?.bulkOperation;
    const userErrors = data.bulkOperationRunMutation?.userErrors ?? [];
    if (bulkOperation) {
      operationId = bulkOperation.id;
      break;
    }
    const busy = userErrors.some((error) => error.code === "OPERATION_IN_PROGRESS" || /already in progress/i.test(error.message));
    if (!busy || Date.now() > deadline) {
      throw new PushUserErrorsError(`Shopify did not start the bulk push: ${describe(userErrors) || "no operation"}`, userErrors);
    }
    await sleep(pollMs);
  }

  for (;;) {
    const state = await bulkOperationState(client, operationId);
    if (state.status === "COMPLETED") {
      const results: BulkMutationLineResult[] = [];
      if (!state.url) return results;
      for await (const text of bulkResultLines(state.url, fetcher)) {
        const line = BulkMutationResultLine.parse(JSON.parse(text));
        const payload = line.data ? Object.values(line.data)[0] : null;
        results.push({
          lineNumber: line.__lineNumber,
          userErrors: payload?.userErrors ?? [],
          errors: (line.errors ?? []).map((error) => error.message),
        });
      }
      return results;
    }
    if (state.status === "FAILED" || state.status === "CANCELED" || state.status === "EXPIRED") {
      throw new AdminApiRequestError(
        `Shopify's bulk push ${operationId} ended ${state.status.toLowerCase()}${state.errorCode ? ` (${state.errorCode})` : ""}`,
      );
    }
    if (Date.now() > deadline) throw new AdminApiRequestError(`Shopify's bulk push ${operationId} did not finish in time`);
    await sleep(pollMs);
  }
}
