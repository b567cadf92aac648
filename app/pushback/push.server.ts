import { z } from "zod";
import { JobNames } from "../jobs/names";
import { type Db, db } from "../db/client.server";
import { deletePushStates, pushRows, savePushStates } from "../db/pushback.server";
import { finishRun, startRun, updateRun } from "../db/sync-runs.server";
import { getShopSettings } from "../db/settings.server";
import { getShop, type ShopRef } from "../db/shops.server";
import type { JobContext } from "../jobs/queue.server";
import type { AdminClient } from "../shopify/admin-client.server";
import { customerGid } from "../shopify/discounts.server";
import {
  BULK_METAFIELDS_SET_MUTATION,
  BULK_TAGS_ADD_MUTATION,
  BULK_TAGS_REMOVE_MUTATION,
  KIZUNA_METAFIELD_NAMESPACE,
} from "../shopify/operations/pushback";
import {
  addCustomerTags,
  type BulkMutationLineResult,
  type BulkMutationOptions,
  ensureKizunaMetafieldDefinitions,
  isMissingCustomerError,
  PushUserErrorsError,
  removeCustomerTags,
  runBulkMutation,
  setCustomerMetafields,
} from "../shopify/pushback.server";
import { adminClientFor } from "../sync/shop-client.server";
import { type CustomerPlan, desiredState, planCustomerPush, type PushContext } from "./plan";

/**
 * Pushes segments to Shopify after a recompute: diff every customer against CustomerPushState, then send
 * only the changes — one call per change when few customers changed, bulk mutations above a threshold.
 * Progress is a SyncRun of kind "push". A customer deleted in Shopify meanwhile is skipped; a customer
 * Shopify refuses for another reason is counted as failed and retried at the next push (its state is not
 * recorded).
 */
export interface PushOptions {
  /** more changed customers than this go through bulk mutations (default 250) */
  bulkThreshold?: number;
  now?: () => Date;
  bulk?: BulkMutationOptions;
}

export interface PushSummary {
  runId: number;
  mode: "none" | "calls" | "bulk";
  customersChanged: number;
  tagsAdded: number;
  tagsRemoved: number;
  metafieldsWritten: number;
  /** customers gone from Shopify */
  skippedCustomerIds: bigint[];
  /** customers Shopify refused, with the reason */
  failed: { customerId: bigint; message: string }[];
}

export const DEFAULT_BULK_THRESHOLD = 250;
/** customers per progress update / state write in the one-call-per-change path */
const CHUNK = 50;

export async function planShopPush(client: Db, shop: ShopRef): Promise<{ plans: CustomerPlan[]; gone: bigint[] }> {
  const [settings, record] = await Promise.all([getShopSettings(client, shop), getShop(client, shop)]);
  const context: PushContext = {
    push: settings.push,
    points: settings.points.enabled ? settings.points : null,
    currency: record.currency,
  };
  const plans: CustomerPlan[] = [];
  const gone: bigint[] = [];
  for await (const page of pushRows(client, shop)) {
    for (const row of page) {
      if (row.deleted) {
        if (row.pushed) gone.push(row.customerId);
        continue;
      }
      const plan = planCustomerPush(desiredState(row.customerId, row.metrics, row.points, context), row.pushed);
      if (plan) plans.push(plan);
    }
  }
  return { plans, gone };
}

export async function pushToShopify(
  client: Db,
  shop: ShopRef,
  admin: AdminClient,
  options: PushOptions = {},
): Promise<PushSummary> {
  const now = options.now ?? (() => new Date());
  const runId = await startRun(client, shop, "push", "planning", now());
  const summary: PushSummary = {
    runId,
    mode: "none",
    customersChanged: 0,
    tagsAdded: 0,
    tagsRemoved: 0,
    metafieldsWritten: 0,
    skippedCustomerIds: [],
    failed: [],
  };
  try {
    const { plans, gone } = await planShopPush(client, shop);
    await deletePushStates(client, shop, gone);
    summary.customersChanged = plans.length;
    await updateRun(client, shop, runId, { phase: "pushing", rowsDone: 0, rowsTotal: plans.length });
    if (plans.some((plan) => plan.metafields.length > 0)) await ensureKizunaMetafieldDefinitions(admin);
    if (plans.length > 0) {
      summary.mode = plans.length > (options.bulkThreshold ?? DEFAULT_BULK_THRESHOLD) ? "bulk" : "calls";
      if (summary.mode === "calls") await pushByCalls(client, shop, admin, runId, plans, summary, now);
      else await pushInBulk(client, shop, admin, runId, plans, summary, now, options.bulk);
    }
    await finishRun(
      client,
      shop,
      runId,
      {
        status: "completed",
        phase: "done",
        error: summary.failed.length ? `${summary.failed.length} customers were not updated: ${summary.failed[0].message}` : null,
        state: {
          mode: summary.mode,
          tagsAdded: summary.tagsAdded,
          tagsRemoved: summary.tagsRemoved,
          metafieldsWritten: summary.metafieldsWritten,
          skipped: summary.skippedCustomerIds.length,
          failed: summary.failed.length,
        },
      },
      now(),
    );
    return summary;
  } catch (error) {
    await finishRun(client, shop, runId, { status: "failed", error: (error as Error).message }, now());
    throw error;
  }
}

async function pushByCalls(
  client: Db,
  shop: ShopRef,
  admin: AdminClient,
  runId: number,
  plans: CustomerPlan[],
  summary: PushSummary,
  now: () => Date,
): Promise<void> {
  for (let start = 0; start < plans.length; start += CHUNK) {
    const chunk = plans.slice(start, start + CHUNK);
    const missing = new Set<bigint>();
    const failed = new Set<bigint>();
    for (const plan of chunk) {
      try {
        if ((await addCustomerTags(admin, plan.customerId, plan.tagsAdd)) === "customer_missing") {
          missing.add(plan.customerId);
          continue;
        }
        if ((await removeCustomerTags(admin, plan.customerId, plan.tagsRemove)) === "customer_missing") {
          missing.add(plan.customerId);
          continue;
        }
        summary.tagsAdded += plan.tagsAdd.length;
        summary.tagsRemoved += plan.tagsRemove.length;
      } catch (error) {
        if (!(error instanceof PushUserErrorsError)) throw error;
        failed.add(plan.customerId);
        summary.failed.push({ customerId: plan.customerId, message: error.message });
      }
    }
    const values = chunk
      .filter((plan) => !missing.has(plan.customerId) && !failed.has(plan.customerId))
      .flatMap((plan) => plan.metafields.map((write) => ({ customerId: plan.customerId, ...write })));
    const { skippedCustomerIds } = await setCustomerMetafields(admin, values);
    for (const id of skippedCustomerIds) missing.add(id);
    summary.metafieldsWritten += values.filter((value) => !missing.has(value.customerId)).length;
    await recordChunk(client, shop, chunk, missing, failed, summary, now());
    await updateRun(client, shop, runId, { rowsDone: Math.min(plans.length, start + chunk.length) });
  }
}

async function recordChunk(
  client: Db,
  shop: ShopRef,
  chunk: CustomerPlan[],
  missing: Set<bigint>,
  failed: Set<bigint>,
  summary: PushSummary,
  at: Date,
): Promise<void> {
  const gone = chunk.filter((plan) => missing.has(plan.customerId)).map((plan) => plan.customerId);
  summary.skippedCustomerIds.push(...gone);
  await deletePushStates(client, shop, gone);
  await savePushStates(
    client,
    shop,
    chunk
      .filter((plan) => !missing.has(plan.customerId) && !failed.has(plan.customerId))
      .map((plan) => ({ customerId: plan.customerId, state: plan.next })),
    at,
  );
}

const UserErrorLike = z.object({ field: z.array(z.string()).nullable(), message: z.string() });

/** Reads a bulk result: per line, gone (customer deleted), or refused with a reason. */
function classify(
  results: BulkMutationLineResult[],
  customerOfLine: bigint[],
  missing: Set<bigint>,
  failed: Map<bigint, string>,
): void {
  for (const result of results) {
    const customerId = customerOfLine[result.lineNumber];
    if (customerId === undefined) continue;
    if (result.errors.length > 0) {
      failed.set(customerId, result.errors.join("; "));
      continue;
    }
    const errors = result.userErrors.map((error) => UserErrorLike.parse(error));
    if (errors.length === 0) continue;
    if (errors.every(isMissingCustomerError)) missing.add(customerId);
    else failed.set(customerId, errors.map((error) => error.message).join("; "));
  }
}

async function pushInBulk(
  client: Db,
  shop: ShopRef,
  admin: AdminClient,
  runId: number,
  plans: CustomerPlan[],
  summary: PushSummary,
  now: () => Date,
  bulkOptions: BulkMutationOptions = {},
): Promise<void> {
  const missing = new Set<bigint>();
  const failed = new Map<bigint, string>();
  let done = 0;

  const adds = plans.filter((plan) => plan.tagsAdd.length > 0);
  await updateRun(client, shop, runId, { phase: "tags_add" });
  classify(
    await runBulkMutation(
      admin,
      BULK_TAGS_ADD_MUTATION,
      adds.map((plan) => ({ id: customerGid(plan.customerId), tags: plan.tagsAdd })),
      { clientIdentifier: `kizuna-push-${runId}-tags-add`, ...bulkOptions },
    ),
    adds.map((plan) => plan.customerId),
    missing,
    failed,
  );
  done += adds.length;
  await updateRun(client, shop, runId, { phase: "tags_remove", rowsDone: Math.min(done, plans.length) });

  const removes = plans.filter((plan) => plan.tagsRemove.length > 0 && !missing.has(plan.customerId));
  classify(
    await runBulkMutation(
      admin,
      BULK_TAGS_REMOVE_MUTATION,
      removes.map((plan) => ({ id: customerGid(plan.customerId), tags: plan.tagsRemove })),
      { clientIdentifier: `kizuna-push-${runId}-tags-remove`, ...bulkOptions },
    ),
    removes.map((plan) => plan.customerId),
    missing,
    failed,
  );
  await updateRun(client, shop, runId, { phase: "metafields" });

  // one line per customer: Kizuna writes at most 7 metafields, under metafieldsSet's 25
  const writes = plans.filter((plan) => plan.metafields.length > 0 && !missing.has(plan.customerId));
  classify(
    await runBulkMutation(
      admin,
      BULK_METAFIELDS_SET_MUTATION,
      writes.map((plan) => ({
        metafields: plan.metafields.map((write) => ({
          ownerId: customerGid(plan.customerId),
          namespace: KIZUNA_METAFIELD_NAMESPACE,
          key: write.key,
          type: write.type,
          value: write.value,
        })),
      })),
      { clientIdentifier: `kizuna-push-${runId}-metafields`, ...bulkOptions },
    ),
    writes.map((plan) => plan.customerId),
    missing,
    failed,
  );

  await updateRun(client, shop, runId, { phase: "recording", rowsDone: plans.length });
  for (const plan of plans) {
    if (missing.has(plan.customerId) || failed.has(plan.customerId)) continue;
    summary.tagsAdded += plan.tagsAdd.length;
    summary.tagsRemoved += plan.tagsRemove.length;
    summary.metafieldsWritten += plan.metafields.length;
  }
  for (const [customerId, message] of failed) summary.failed.push({ customerId, message });
  const failedIds = new Set(failed.keys());
  for (let start = 0; start < plans.length; start += 1000) {
    await recordChunk(client, shop, plans.slice(start, start + 1000), missing, failedIds, summary, now());
  }
}

// ------------------------------------------------------------------------------------------ the job

export const PUSH_JOB_NAME = JobNames.push;

const pushPayload = z.object({ shopId: z.number().int().optional() }).passthrough();

async function handler(job: JobContext): Promise<void> {
  const payload = pushPayload.parse(job.payload ?? {});
  const shopId = job.shopId ?? payload.shopId;
  if (shopId == null) throw new Error("pushback.push needs the shop: enqueue it with { shopId }");
  const client = db();
  const shop = await client.shop.findUnique({ where: { id: shopId }, select: { id: true, domain: true, installState: true } });
  if (shop?.installState !== "installed") return;
  const admin = await adminClientFor(client, shop);
  await pushToShopify(client, shop, admin);
}

/** The job the lead registers in app/jobs/handlers.server.ts; enqueue it after each recompute. */
export const pushJob = { name: PUSH_JOB_NAME, handler };
