import type { Db } from "./client.server";
import type { ShopRef } from "./shops.server";

/**
 * Long work records its progress in a SyncRun row (kind backfill | reconcile | recompute | push) so the app
 * can show phase, rows done / total and an ETA. Every write is scoped by shop.
 */
export async function startRun(client: Db, shop: ShopRef, kind: string, phase: string, at: Date): Promise<number> {
  const run = await client.syncRun.create({
    data: { shopId: shop.id, kind, status: "running", phase, startedAt: at },
    select: { id: true },
  });
  return run.id;
}

export async function updateRun(
  client: Db,
  shop: ShopRef,
  runId: number,
  progress: { phase?: string; rowsDone?: number; rowsTotal?: number; state?: unknown },
): Promise<void> {
  await client.syncRun.updateMany({
    where: { id: runId, shopId: shop.id },
    data: {
      ...(progress.phase !== undefined ? { phase: progress.phase } : {}),
      ...(progress.rowsDone !== undefined ? { rowsDone: progress.rowsDone } : {}),
      ...(progress.rowsTotal !== undefined ? { rowsTotal: progress.rowsTotal } : {}),
      ...(progress.state !== undefined ? { state: JSON.stringify(progress.state) } : {}),
    },
  });
}

export async function finishRun(
  client: Db,
  shop: ShopRef,
  runId: number,
  outcome: { status: "completed" | "failed"; error?: string | null; state?: unknown; phase?: string },
  at: Date,
): Promise<void> {
  await client.syncRun.updateMany({
    where: { id: runId, shopId: shop.id },
    data: {
      status: outcome.status,
      error: outcome.error ?? null,
      finishedAt: at,
      ...(outcome.phase !== undefined ? { phase: outcome.phase } : {}),
      ...(outcome.state !== undefined ? { state: JSON.stringify(outcome.state) } : {}),
    },
  });
}
