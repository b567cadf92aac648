import type { AdminClient } from "./admin-client.server";
import { FLOW_TRIGGER_RECEIVE_MUTATION } from "./operations/flow";

/** Shopify refused a trigger payload (unknown handle, a field missing or of the wrong type): sending again will not help. */
export class FlowTriggerRejectedError extends Error {
  override name = "FlowTriggerRejectedError";
}

/**
 * Sends one Flow trigger (flowTriggerReceive). Rate limits, 5xx and network errors are retried by the client;
 * userErrors throw FlowTriggerRejectedError, other failures AdminApiRequestError.
 */
export async function sendFlowTrigger(client: AdminClient, handle: string, payload: Record<string, unknown>): Promise<void> {
  const data = await client.request(FLOW_TRIGGER_RECEIVE_MUTATION, { handle, payload }, 10);
  const userErrors = data.flowTriggerReceive?.userErrors ?? [];
  if (userErrors.length > 0) {
    throw new FlowTriggerRejectedError(
      `Shopify Flow refused trigger ${handle}: ${userErrors.map((error) => `${(error.field ?? []).join(".") || "payload"}: ${error.message}`).join("; ")}`,
    );
  }
}
