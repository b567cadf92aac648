import { z } from "zod";
import type { Db } from "../db/client.server";
import {
  changedPointsRows,
  customerPushRows,
  deletePushStates,
  markPointsPushed,
  type PushRow,
  pushRows,
  savePushStates,
} from "../db/pushback.server";
import { finishRun, startRun, updateRun } from "../db/sync-runs.server";
import { getShopSettings } from "../db/settings.server";
import { getShop, type ShopRef } from "../db/shops.server";
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
  deleteCustomerMetafields,
  type BulkMutationOptions,
  ensureKizunaMetafieldDefinitions,
  isMissingCustomerError,
  PushUserErrorsError,
  removeCustomerTags,
  runBulkMutation,
  setCustomerMetafields,
} from "../shopify/pushback.server";
import { type CustomerPlan, desiredState, planCustomerPush, type PushContext } from "../domain/pushback/plan";

/**
 * The one push pipeline for everything Kizuna writes onto Shopify customers: segment tags and every
 * `$app:kizuna` metafield (segment, scores, points balance, tier). Values are decided in one place
 * (app/domain/pushback/plan.ts) and diffed against one record of what was pushed (CustomerPushState);
 * only the changes are sent — one call per change when few customers changed, bulk mutations above a
 * threshold. Progress is a SyncRun of kind "push". A customer deleted in Shopify meanwhile is skipped; a
 * customer Shopify refuses for another reason is counted as failed and retried at the next push.
 *
 * Three scopes, one pipeline: `all` after a recompute or a settings change diffs every customer;
 * `changed-points` (queued by the points program, which only marks accounts changed) diffs only the
 * members whose points account changed since it was last pushed; `customers` (queued by the incremental
 * analytics) diffs only the customers a webhook re-scored.
 */
export interface PushOptions {
  /**
   * which customers to diff: everyone (default), only members whose points changed, or only `customerIds`
   * (the customers an incremental analytics update just re-scored)
   */
  scope?: "all" | "changed-points" | "customers";
  /** the customers of scope "customers" */
  customerIds?: bigint[];
  /** more changed customers than this go through bulk mutations (default 250) */
  bulkThreshold?: number;
  now?: () => Date;
  bulk?: BulkMutationOptions;
}

export interface PushSummary {
  /** the SyncRun of this push; null when there was nothing to send for changed points */
  runId: number | null;
  mode: "none" | "calls" | "bulk";
  customersChanged: number;
  tagsAdded: number;
  tagsRemoved: number;
  metafieldsWritten: number;
  /** analysis values Kizuna pushed earlier and no longer has (customers without orders) */
  metafieldsDeleted: number;
  /** customers gone from Shopify */
  skippedCustomerIds: bigint[];
  /** customers Shopify refused, with the reason */
  failed: { customerId: bigint; message: string }[];
}

export const DEFAULT_BULK_THRESHOLD = 250;
/** customers per progress update / state write in the one-call-per-change path */
const CHUNK = 50;
/** changed points accounts read per page */
const POINTS_PAGE = 500;

export interface ShopPushPlan {
  plans: CustomerPlan[];
  /** customers deleted in Shopify whose push state is forgotten */
  gone: bigint[];
  /** points accounts planned as they were at this version: recorded as pushed once the push succeeded */
  pointsVersions: Map<bigint, Date>;
}

async function pushContext(client: Db, shop: ShopRef): Promise<PushContext> {
  const [settings, record] = await Promise.all([getShopSettings(client, shop), getShop(client, shop)]);
  return { push: settings.push, points: settings.points.enabled ? settings.points : null, currency: record.currency };
}

export async function planShopPush(
  client: Db,
  shop: ShopRef,
  scope: PushOptions["scope"] = "all",
  now: Date = new Date(),
  customerIds: bigint[] = [],
): Promise<ShopPushPlan> {
  const context = await pushContext(client, shop);
  const result: ShopPushPlan = { plans: [], gone: [], pointsVersions: new Map() };
  const take = (row: PushRow) => {
    // A historical-only customer of a history import (negative id) is not in Shopify (decision 029).
    if (row.customerId <= 0n) return;
    if (row.pointsVersion) result.pointsVersions.set(row.customerId, row.pointsVersion);
    if (row.deleted) {
      if (row.pushed) result.gone.push(row.customerId);
      return;
    }
    const plan = planCustomerPush(desiredState(row.customerId, row.metrics, row.points, context, row.campaignGroups), row.pushed);
    if (plan) result.plans.push(plan);
  };
  if (scope === "all") {
    for await (const page of pushRows(client, shop, now)) for (const row of page) take(row);
    return result;
  }
  if (scope === "customers") {
    for (const row of await customerPushRows(client, shop, customerIds, now)) take(row);
    return result;
  }
  let after: bigint | null = null;
  for (;;) {
    const page = await changedPointsRows(client, shop, { afterCustomerId: after, take: POINTS_PAGE, now });
    if (page.length === 0) return result;
    for (const row of page) take(row);
    after = page[page.length - 1].customerId;
  }
}

export async function pushToShopify(
  client: Db,
  shop: ShopRef,
  admin: AdminClient,
  options: PushOptions = {},
): Promise<PushSummary> {
  const now = options.now ?? (() => new Date());
  const scope = options.scope ?? "all";
  const summary: PushSummary = {
    runId: null,
    mode: "none",
    customersChanged: 0,
    tagsAdded: 0,
    tagsRemoved: 0,
    metafieldsWritten: 0,
    metafieldsDeleted: 0,
    skippedCustomerIds: [],
    failed: [],
  };
  let planned: ShopPushPlan | null = null;
  if (scope !== "all") {
    // A change that leaves the pushed values as they were needs no run on the Sync page.
    planned = await planShopPush(client, shop, scope, now(), options.customerIds);
    if (planned.plans.length === 0 && planned.gone.length === 0) {
      await markPointsPushed(client, shop, versionsToRecord(planned, summary));
      return summary;
    }
  }
  const runId = await startRun(client, shop, "push", "planning", now());
  summary.runId = runId;
  try {
    planned ??= await planShopPush(client, shop, scope, now(), options.customerIds);
    const { plans, gone } = planned;
    await deletePushStates(client, shop, gone);
    summary.customersChanged = plans.length;
    await updateRun(client, shop, runId, { phase: "pushing", rowsDone: 0, rowsTotal: plans.length });
    if (plans.some((plan) => plan.metafields.length > 0)) await ensureKizunaMetafieldDefinitions(admin);
    if (plans.length > 0) {
      summary.mode = plans.length > (options.bulkThreshold ?? DEFAULT_BULK_THRESHOLD) ? "bulk" : "calls";
      if (summary.mode === "calls") await pushByCalls(client, shop, admin, runId, plans, summary, now);
      else await pushInBulk(client, shop, admin, runId, plans, summary, now, options.bulk);
    }
    await markPointsPushed(client, shop, versionsToRecord(planned, summary));
    await finishRun(
      client,
      shop,
      runId,
      {
        status: "completed",
        phase: "done",
        error: summary.failed.length ? `${summary.failed.length} customers were not updated: ${summary.failed[0].message}` : null,
        state: {
          scope,
          mode: summary.mode,
          tagsAdded: summary.tagsAdded,
          tagsRemoved: summary.tagsRemoved,
          metafieldsWritten: summary.metafieldsWritten,
          metafieldsDeleted: summary.metafieldsDeleted,
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

/**
 * Deletions go by calls in both modes (25 values a call; they happen once per customer whose values went
 * away), before the customers are recorded as pushed: a push that fails here is planned again next time.
 */
async function deleteStaleMetafields(
  admin: AdminClient,
  plans: CustomerPlan[],
  skip: (customerId: bigint) => boolean,
  summary: PushSummary,
): Promise<void> {
  const values = plans
    .filter((plan) => !skip(plan.customerId))
    .flatMap((plan) => plan.metafieldsDelete.map((key) => ({ customerId: plan.customerId, key })));
  await deleteCustomerMetafields(admin, values);
  summary.metafieldsDeleted += values.length;
}

/** The points versions that reached Shopify (or whose customer is gone); refused customers stay due. */
function versionsToRecord(planned: ShopPushPlan, summary: PushSummary): { customerId: bigint; version: Date }[] {
  const failed = new Set(summary.failed.map((entry) => entry.customerId));
  return [...planned.pointsVersions]
    .filter(([customerId]) => !failed.has(customerId))
    .map(([customerId, version]) => ({ customerId, version }));
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
    await deleteStaleMetafields(admin, chunk, (id) => missing.has(id) || failed.has(id), summary);
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

  // one line per customer: Kizuna writes at most 8 metafields, under metafieldsSet's 25
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

  await deleteStaleMetafields(admin, plans, (id) => missing.has(id) || failed.has(id), summary);
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
