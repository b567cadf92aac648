/**
 * The Flow trigger sender (job flow.send, decision 026): sends the shop's pending FlowTriggerEvent rows with
 * flowTriggerReceive, oldest first, through the throttle-aware Admin client. A row Shopify accepts is `sent`; one it
 * refuses (userErrors: the payload does not match the extension) is `failed` at once; a row whose customer was
 * deleted or redacted meanwhile is `failed` without being sent; a transient failure (network, 5xx past the client's
 * own retries) counts an attempt, stops the run and lets the job retry with backoff, and after MAX_ATTEMPTS the
 * row is `failed`.
 */
import type { Db } from "../db/client.server";
import { goneCustomers, markFlowEvent, pendingFlowEvents } from "../db/flow.server";
import type { ShopRef } from "../db/shops.server";
import { FLOW_TRIGGERS, type FlowTriggerKind } from "../domain/flow/triggers";
import { JobNames } from "../jobs/catalog";
import type { JobQueue } from "../jobs/queue.server";
import type { AdminClient } from "../shopify/admin-client.server";
import { FlowTriggerRejectedError, sendFlowTrigger } from "../shopify/flow.server";

export const MAX_ATTEMPTS = 5;
const BATCH = 100;
const MAX_BATCHES = 50;

export interface FlowSendOutcome {
  sent: number;
  failed: number;
  /** a transient failure stopped the run; the rows stay pending for the next one */
  interrupted: string | null;
}

export async function sendPendingFlowEvents(
  client: Db,
  shop: ShopRef,
  admin: () => Promise<AdminClient>,
  now: Date,
): Promise<FlowSendOutcome> {
  const outcome: FlowSendOutcome = { sent: 0, failed: 0, interrupted: null };
  let connection: AdminClient | null = null;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const rows = await pendingFlowEvents(client, shop, BATCH);
    if (rows.length === 0) break;
    const gone = await goneCustomers(
      client,
      shop,
      rows.map((row) => row.customerId),
    );
    for (const row of rows) {
      const attempts = row.attempts + 1;
      const definition = FLOW_TRIGGERS[row.trigger as FlowTriggerKind];
      if (gone.has(row.customerId) || !definition) {
        const error = definition ? "the customer was deleted or redacted: not sent" : `unknown trigger ${row.trigger}`;
        await markFlowEvent(client, shop, row.id, { status: "failed", attempts: row.attempts, error });
        outcome.failed++;
        continue;
      }
      try {
        connection ??= await admin();
        await sendFlowTrigger(connection, definition.handle, JSON.parse(row.payload) as Record<string, unknown>);
        await markFlowEvent(client, shop, row.id, { status: "sent", attempts, sentAt: now });
        outcome.sent++;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const final = error instanceof FlowTriggerRejectedError || attempts >= MAX_ATTEMPTS;
        await markFlowEvent(client, shop, row.id, { status: final ? "failed" : "pending", attempts, error: message });
        if (final) {
          outcome.failed++;
          continue;
        }
        outcome.interrupted = message;
        return outcome;
      }
    }
  }
  return outcome;
}

/** Queues the shop's sender unless one is queued already. */
export async function queueFlowSend(queue: JobQueue, shopId: number): Promise<void> {
  await queue.enqueue(JobNames.flowSend, { shopId }, { shopId, singletonKey: `${JobNames.flowSend}:${shopId}` });
}
