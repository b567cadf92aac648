/**
 * The journey step "hand to Shopify Flow" (decision 026): the runner records a journey-step trigger event for the
 * customer, keyed by the journey, entry and step, so a step run again (a retried batch) records it once.
 */
import type { Db } from "../db/client.server";
import { insertFlowEvent, readCustomerSignals } from "../db/flow.server";
import { getPointsAccount } from "../db/points.server";
import type { ShopRef } from "../db/shops.server";
import { flowEventKey } from "../domain/flow/evaluate";
import { type CustomerSignals, flowPayload } from "../domain/flow/triggers";

export async function recordJourneyStepEvent(
  client: Db,
  shop: ShopRef & { currency: string },
  step: { journeyId: number; journeyName: string; entryId: number; stepIndex: number; customerId: bigint },
  now: Date,
): Promise<boolean> {
  const signals: CustomerSignals = (await readCustomerSignals(client, shop, step.customerId)) ?? {
    customerId: step.customerId,
    segment: null,
    pAlive: null,
    predictedClv12mMinor: null,
    futureLoyalScore: null,
    pointsBalance: 0,
    tier: null,
    ...(await pointsOf(client, shop, step.customerId)),
  };
  const payload = flowPayload("journey-step", signals, shop.currency, {
    "Journey ID": step.journeyId,
    Journey: step.journeyName,
    Step: step.stepIndex + 1,
  });
  const key = flowEventKey("journey-step", step.customerId, `j${step.journeyId}.e${step.entryId}.s${step.stepIndex}`);
  return insertFlowEvent(client, shop, { customerId: step.customerId, trigger: "journey-step", key, payload }, now);
}

async function pointsOf(client: Db, shop: ShopRef, customerId: bigint) {
  const account = await getPointsAccount(client, shop, customerId);
  return account ? { pointsBalance: account.balance, tier: account.tier } : {};
}
