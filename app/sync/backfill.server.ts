import { z } from "zod";
import type { Db } from "../db/client.server";
import { markShopDataChanged, type ShopRef } from "../db/shops.server";
import type { AdminClient } from "../shopify/admin-client.server";
import { bulkOperationState, bulkResultLines, ExpiredBulkFileError, startBulkQuery } from "../shopify/bulk-export.server";
import { CUSTOMERS_BULK_QUERY, ORDERS_BULK_QUERY } from "../shopify/operations/bulk";
import { type BulkKind, importBulkLines } from "./bulk-import.server";

/**
 * The full copy of a store: a bulk export of customers, then of orders (with line items and refunds),
 * each streamed into the database. Its state lives in a SyncRun row, so a run killed half way is resumed
 * by the next one (same bulk operation, already-applied lines skipped) and nothing is written twice.
 * Completion is learned from the bulk_operations/finish webhook (the worker records it in the run's
 * state) with polling of the operation as the fallback.
 */
const KINDS: BulkKind[] = ["customers", "orders"];
const QUERIES: Record<BulkKind, string> = { customers: CUSTOMERS_BULK_QUERY, orders: ORDERS_BULK_QUERY };

const KindState = z.object({
  operationId: z.string().nullable().default(null),
  operationStartedAt: z.string().nullable().default(null),
  objectCount: z.number().default(0),
  linesApplied: z.number().default(0),
  done: z.boolean().default(false),
});

export const BackfillState = z.object({
  customers: KindState.default(KindState.parse({})),
  orders: KindState.default(KindState.parse({})),
  /** bulk operation ids whose bulk_operations/finish webhook arrived */
  finishedOperations: z.array(z.string()).default([]),
});
export type BackfillState = z.infer<typeof BackfillState>;

export class BackfillError extends Error {
  override name = "BackfillError";
}

export interface BackfillOptions {
  admin: AdminClient;
  /** how often the run looks for the finish webhook in its state */
  tickMs?: number;
  /** how often it asks Shopify for the operation's status when no webhook came */
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (progress: { phase: string; done: number; total: number | null }) => void;
}

export interface BackfillSummary {
  runId: number;
  customers: number;
  orders: number;
  lineItems: number;
  refunds: number;
}

export async function runBackfill(
  client: Db,
  shop: ShopRef & { currency: string },
  options: BackfillOptions,
): Promise<BackfillSummary> {
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const run = await resumeOrStartRun(client, shop);
  let state = BackfillState.parse(JSON.parse(run.state));
  const summary: BackfillSummary = { runId: run.id, customers: 0, orders: 0, lineItems: 0, refunds: 0 };

  const save = async (fields: { phase?: string; rowsDone?: number; rowsTotal?: number | null } = {}) => {
    // finishedOperations is written by the webhook worker: merge, never overwrite it.
    const current = await client.syncRun.findUniqueOrThrow({ where: { id: run.id }, select: { state: true } });
    const stored = BackfillState.parse(JSON.parse(current.state));
    state = { ...state, finishedOperations: [...new Set([...stored.finishedOperations, ...state.finishedOperations])] };
    await client.syncRun.update({ where: { id: run.id }, data: { state: JSON.stringify(state), ...fields } });
  };
  const rowsDone = () => KINDS.reduce((sum, kind) => sum + state[kind].linesApplied, 0);
  const rowsTotal = () => KINDS.reduce((sum, kind) => sum + state[kind].objectCount, 0);

  try {
    for (const kind of KINDS) {
      if (state[kind].done) continue;
      for (;;) {
        if (!state[kind].operationId) {
          const operationId = await startBulkQuery(options.admin, QUERIES[kind]);
          state[kind] = { ...state[kind], operationId, operationStartedAt: new Date().toISOString(), linesApplied: 0 };
          await save({ phase: `${kind}: exporting` });
        }
        const operationId = state[kind].operationId as string;
        options.onProgress?.({ phase: `${kind}: exporting`, done: rowsDone(), total: null });
        const finished = await waitForOperation(client, run.id, options, operationId, sleep);
        if (finished.status !== "COMPLETED") {
          // Start this kind over with a new export on the next attempt.
          state[kind] = KindState.parse({});
          await save();
          throw new BackfillError(
            `Shopify's ${kind} export ended ${finished.status}${finished.errorCode ? ` (${finished.errorCode})` : ""}; the backfill will retry`,
          );
        }
        state[kind].objectCount = Number(finished.objectCount);
        await save({ phase: `${kind}: importing`, rowsTotal: rowsTotal() });
        try {
          const lines = finished.url ? bulkResultLines(finished.url) : ([] as string[]);
          const counts = await importBulkLines(client, shop, kind, lines, {
            skipLines: state[kind].linesApplied,
            onProgress: async (linesDone) => {
              state[kind].linesApplied = linesDone;
              await save({ rowsDone: rowsDone() });
              options.onProgress?.({ phase: `${kind}: importing`, done: rowsDone(), total: rowsTotal() });
            },
          });
          summary.customers += counts.customers;
          summary.orders += counts.orders;
          summary.lineItems += counts.lineItems;
          summary.refunds += counts.refunds;
          state[kind].linesApplied = counts.lines;
          state[kind].done = true;
          await save({ rowsDone: rowsDone() });
          break;
        } catch (error) {
          if (!(error instanceof ExpiredBulkFileError)) throw error;
          // The signed URL expired (a long pause between runs): export again.
          state[kind] = KindState.parse({});
          await save({ phase: `${kind}: export expired, exporting again` });
        }
      }
    }
  } catch (error) {
    await client.syncRun.update({
      where: { id: run.id },
      data: { status: "failed", error: error instanceof Error ? error.message : String(error) },
    });
    throw error;
  }

  const exportStarted = KINDS.map((kind) => state[kind].operationStartedAt)
    .filter((value): value is string => value !== null)
    .sort()[0];
  const finishedAt = new Date();
  await client.$transaction([
    client.syncRun.update({
      where: { id: run.id },
      data: { status: "completed", phase: "done", finishedAt, error: null, rowsDone: rowsDone(), rowsTotal: rowsTotal() },
    }),
    // Reconciliation continues from the moment the export began; webhooks cover everything since.
    client.shop.update({
      where: { id: shop.id },
      data: { reconciledThrough: exportStarted ? new Date(exportStarted) : finishedAt },
    }),
  ]);
  await markShopDataChanged(client, shop, finishedAt);
  options.onProgress?.({ phase: "done", done: rowsDone(), total: rowsTotal() });
  return summary;
}

async function resumeOrStartRun(client: Db, shop: ShopRef) {
  const unfinished = await client.syncRun.findFirst({
    where: { shopId: shop.id, kind: "backfill", status: { in: ["queued", "running", "failed"] } },
    orderBy: { startedAt: "desc" },
  });
  if (unfinished) {
    return client.syncRun.update({ where: { id: unfinished.id }, data: { status: "running", error: null } });
  }
  return client.syncRun.create({
    data: {
      shopId: shop.id,
      kind: "backfill",
      status: "running",
      phase: "starting",
      state: JSON.stringify(BackfillState.parse({})),
    },
  });
}

async function waitForOperation(
  client: Db,
  runId: number,
  options: BackfillOptions,
  operationId: string,
  sleep: (ms: number) => Promise<void>,
) {
  const tickMs = options.tickMs ?? 500;
  const pollMs = options.pollMs ?? 5_000;
  let sinceLastPoll = Number.POSITIVE_INFINITY;
  for (;;) {
    const run = await client.syncRun.findUniqueOrThrow({ where: { id: runId }, select: { state: true } });
    const webhookSaysDone = BackfillState.parse(JSON.parse(run.state)).finishedOperations.includes(operationId);
    if (webhookSaysDone || sinceLastPoll >= pollMs) {
      sinceLastPoll = 0;
      const operation = await bulkOperationState(options.admin, operationId);
      if (!["CREATED", "RUNNING", "CANCELING"].includes(operation.status)) return operation;
    }
    await sleep(tickMs);
    sinceLastPoll += tickMs;
  }
}

/** The bulk_operations/finish webhook: note it in the shop's running backfill so it looks right away. */
export async function noteBulkOperationFinished(client: Db, shop: ShopRef, operationId: string): Promise<void> {
  const runs = await client.syncRun.findMany({ where: { shopId: shop.id, kind: "backfill", status: "running" } });
  for (const run of runs) {
    const state = BackfillState.parse(JSON.parse(run.state));
    if (state.finishedOperations.includes(operationId)) continue;
    state.finishedOperations.push(operationId);
    await client.syncRun.update({ where: { id: run.id }, data: { state: JSON.stringify(state) } });
  }
}
