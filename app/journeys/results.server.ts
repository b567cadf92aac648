import type { Db } from "../db/client.server";
import { findJourney, ordersSince } from "../db/journeys.server";
import type { ShopRef } from "../db/shops.server";
import { type CustomerOutcome, campaignLift } from "../domain/campaign-lift";
import {
  compareRates,
  type JourneyResults,
  type JourneyStepResult,
  orderTriggerKey,
  parseJourneyDefinition,
} from "../domain/journeys";
import { MS_PER_DAY } from "../domain/time";

export type { JourneyResults, JourneyStepResult } from "../domain/journeys";

/**
 * A journey's report (definitions in app/domain/journeys/results.ts). Reads the journey's entries and
 * outbox rows, and its customers' orders since the first entry, a page of customers at a time.
 */
export async function journeyResults(client: Db, shop: ShopRef, journeyId: number, now: Date): Promise<JourneyResults | null> {
  const journey = await findJourney(client, shop, journeyId);
  if (!journey) return null;
  const definition = parseJourneyDefinition(journey.definition);
  const windowMs = journey.attributionDays * MS_PER_DAY;

  const entries = await client.journeyEntry.findMany({
    where: { shopId: shop.id, journeyId },
    select: { id: true, customerId: true, groupName: true, state: true, enteredAt: true, stepIndex: true, triggerKey: true },
  });
  const messages = await client.journeyMessage.findMany({
    where: { shopId: shop.id, journeyId },
    select: {
      entryId: true,
      stepIndex: true,
      customerId: true,
      status: true,
      sentAt: true,
      firstClickAt: true,
      unsubscribedAt: true,
    },
  });

  const steps: JourneyStepResult[] = definition.steps.map((step, stepIndex) => ({
    stepIndex,
    kind: step.kind,
    templateKey: step.kind === "send" ? step.templateKey : null,
    reached: 0,
    sent: 0,
    rejected: 0,
    bounced: 0,
    suppressed: 0,
    heldOut: 0,
    clicked: 0,
    unsubscribed: 0,
    converted: 0,
    revenueMinor: 0,
    heldOutConverted: 0,
    heldOutRevenueMinor: 0,
  }));
  const states = { active: 0, converted: 0, completed: 0, exited: 0 };
  const entered = { treated: 0, holdout: 0 };
  for (const entry of entries) {
    if (entry.groupName === "holdout") entered.holdout++;
    else entered.treated++;
    if (entry.state in states) states[entry.state as keyof typeof states]++;
    const reachedUpTo = entry.state === "completed" ? steps.length : entry.stepIndex;
    for (let i = 0; i < Math.min(reachedUpTo, steps.length); i++) steps[i].reached++;
  }

  // orders of the journey's customers after the first entry, by customer
  const firstEntered = entries.reduce((min, e) => Math.min(min, e.enteredAt.getTime()), Number.POSITIVE_INFINITY);
  const customerIds = [...new Set(entries.map((e) => e.customerId))];
  const ordersByCustomer = new Map<bigint, { id: bigint; at: number; revenue: number }[]>();
  if (customerIds.length > 0) {
    for (const order of await ordersSince(client, shop, customerIds, new Date(firstEntered - 1))) {
      const list = ordersByCustomer.get(order.customerId) ?? [];
      list.push({ id: order.id, at: order.processedAt.getTime(), revenue: order.totalMinor - order.totalRefundedMinor });
      ordersByCustomer.set(order.customerId, list);
    }
  }
  const ordersIn = (customerId: bigint, from: number, to: number, excludeKey?: string) =>
    (ordersByCustomer.get(customerId) ?? []).filter(
      (o) => o.at > from && o.at <= to && (excludeKey === undefined || orderTriggerKey(o.id) !== excludeKey),
    );

  const entryById = new Map(entries.map((e) => [e.id, e]));
  const lastMessageAt = new Map<number, number>();
  for (const message of messages) {
    const step = steps[message.stepIndex];
    if (!step) continue;
    switch (message.status) {
      case "sent":
        step.sent++;
        break;
      case "rejected":
      case "failed":
        step.rejected++;
        break;
      case "bounced":
        step.bounced++;
        break;
      case "suppressed":
        step.suppressed++;
        break;
      case "held-out":
        step.heldOut++;
        break;
    }
    if (message.firstClickAt) step.clicked++;
    if (message.unsubscribedAt) step.unsubscribed++;
    if ((message.status === "sent" || message.status === "held-out") && message.sentAt) {
      const at = message.sentAt.getTime();
      lastMessageAt.set(message.entryId, Math.max(lastMessageAt.get(message.entryId) ?? 0, at));
      const entry = entryById.get(message.entryId);
      const hits = ordersIn(message.customerId, at, Math.min(at + windowMs, now.getTime()), entry?.triggerKey);
      if (hits.length > 0) {
        const revenue = hits.reduce((sum, o) => sum + o.revenue, 0);
        if (message.status === "sent") {
          step.converted++;
          step.revenueMinor += revenue;
        } else {
          step.heldOutConverted++;
          step.heldOutRevenueMinor += revenue;
        }
      }
    }
  }

  // per entry: revenue from entering until the window after its last message closes (or now)
  const treated: CustomerOutcome[] = [];
  const holdout: CustomerOutcome[] = [];
  let f2Treated = 0;
  let f2Holdout = 0;
  for (const entry of entries) {
    const from = entry.enteredAt.getTime();
    const last = lastMessageAt.get(entry.id) ?? from;
    const to = Math.min(now.getTime(), last + windowMs);
    const hits = ordersIn(entry.customerId, from, to, entry.triggerKey);
    const outcome = { revenueMinor: hits.reduce((sum, o) => sum + o.revenue, 0), orders: hits.length, redemptions: 0 };
    if (entry.groupName === "holdout") {
      holdout.push(outcome);
      if (hits.length > 0) f2Holdout++;
    } else {
      treated.push(outcome);
      if (hits.length > 0) f2Treated++;
    }
  }

  return {
    journeyId,
    asOf: now.toISOString(),
    attributionDays: journey.attributionDays,
    entered,
    states,
    steps,
    lift: campaignLift(treated, holdout),
    f2:
      definition.trigger.kind === "first_order"
        ? compareRates({ customers: treated.length, converted: f2Treated }, { customers: holdout.length, converted: f2Holdout })
        : null,
  };
}
