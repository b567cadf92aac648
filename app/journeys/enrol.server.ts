import { randomBytes } from "node:crypto";
import type { Db } from "../db/client.server";
import {
  activeEntriesOfCustomer,
  currentSegments,
  entriesOfCustomers,
  findJourney,
  findOrder,
  finishEntry,
  hasLiveJourneys,
  insertEntries,
  insertJourney,
  type JourneyRow,
  journeysWithStatus,
  type NewEntry,
  orderNumberOf,
  updateJourneyStatus,
} from "../db/journeys.server";
import type { ShopRef } from "../db/shops.server";
import {
  inAudience,
  isConversion,
  isHeldOut,
  type JourneyDefinition,
  journeyTemplate,
  mayEnter,
  orderTriggerKey,
  parseJourneyDefinition,
  type TierMove,
  tierTriggerKey,
  tierTriggerMatches,
} from "../domain/journeys";
import { MS_PER_DAY } from "../domain/time";
import { JobNames } from "../jobs/catalog";
import { jobQueue } from "../jobs/index.server";
import type { JobQueue } from "../jobs/queue.server";
import { kizunaNow } from "../lib/clock.server";
import type { MessageChannel } from "./channel";

/** A journey row with its definition read. */
export interface LoadedJourney extends JourneyRow {
  parsed: JourneyDefinition;
}

export function loadJourney(row: JourneyRow): LoadedJourney {
  return { ...row, parsed: parseJourneyDefinition(row.definition) };
}

export class JourneyActivationError extends Error {
  override name = "JourneyActivationError";
  constructor(
    message: string,
    /** i18n key the admin shows */
    readonly key: string,
  ) {
    super(message);
  }
}

/** A draft journey from a built-in template (the merchant switches it on with activateJourney). */
export async function createJourneyFromTemplate(
  client: Db,
  shop: ShopRef,
  templateKey: string,
  options: { name: string; holdoutShare?: number },
): Promise<JourneyRow> {
  const template = journeyTemplate(templateKey);
  if (!template) throw new RangeError(`There is no journey template "${templateKey}"`);
  return insertJourney(client, shop, {
    templateKey: template.key,
    name: options.name,
    definition: JSON.stringify(template.definition),
    holdoutShare: options.holdoutShare ?? template.holdoutShare,
    holdoutSalt: randomBytes(12).toString("base64url"),
    attributionDays: template.attributionDays,
  });
}

/**
 * Switches a journey on. Refused while the channel its steps use is not configured (no SMTP_URL): entries
 * would pile up with nothing to carry their messages.
 */
export async function activateJourney(
  client: Db,
  shop: ShopRef,
  journeyId: number,
  channel: Pick<MessageChannel, "configured">,
  now: Date,
  deps: { queue?: JobQueue } = {},
): Promise<void> {
  const journey = await findJourney(client, shop, journeyId);
  if (!journey) throw new JourneyActivationError(`Journey ${journeyId} does not exist`, "journeys.errors.notFound");
  parseJourneyDefinition(journey.definition);
  if (!channel.configured()) {
    throw new JourneyActivationError(
      "The email channel is not configured: set SMTP_URL and MAIL_FROM, then switch the journey on.",
      "journeys.errors.channelNotConfigured",
    );
  }
  await updateJourneyStatus(client, shop, journeyId, "active", now);
  // the first daily scan now (later ones a day apart, app/jobs/runtime.server), and the runner
  const queue = deps.queue ?? jobQueue();
  await queue.enqueue(
    JobNames.journeysDaily,
    { shopId: shop.id },
    { shopId: shop.id, singletonKey: `${JobNames.journeysDaily}:${shop.id}:now` },
  );
  await queue.enqueue(
    JobNames.journeysRunDue,
    { shopId: shop.id },
    { shopId: shop.id, singletonKey: `${JobNames.journeysRunDue}:${shop.id}` },
  );
}

export async function pauseJourney(client: Db, shop: ShopRef, journeyId: number, now: Date): Promise<void> {
  await updateJourneyStatus(client, shop, journeyId, "paused", now);
}

/** How old an order may be and still enrol (a reconciliation bringing in old orders must not start follow-ups). */
export const ORDER_ENROL_MAX_AGE_MS = 7 * MS_PER_DAY;

export interface EnrolOutcome {
  enrolled: number;
  converted: number;
}

/**
 * An order was applied to the store copy: it may reach the goal of the customer's active entries (exit as
 * converted) and it may start order-triggered journeys (first order, n-th order). Idempotent: the entry
 * key is the order id, and a converted entry stays converted.
 */
export async function enrolFromOrder(client: Db, shop: ShopRef, orderId: bigint, now: Date): Promise<EnrolOutcome> {
  const outcome: EnrolOutcome = { enrolled: 0, converted: 0 };
  const order = await findOrder(client, shop, orderId);
  if (!order || order.test || order.cancelledAt) return outcome;
  const journeys = (await journeysWithStatus(client, shop, ["active", "paused"])).map(loadJourney);
  if (journeys.length === 0) return outcome;
  const byId = new Map(journeys.map((journey) => [journey.id, journey]));

  for (const entry of await activeEntriesOfCustomer(client, shop, order.customerId)) {
    const journey = byId.get(entry.journeyId);
    if (!journey?.parsed.exit.onGoal || !isConversion(entry, order)) continue;
    const done = await finishEntry(client, shop, entry.id, {
      state: "converted",
      exitReason: "goal",
      at: now,
      convertedOrderId: order.id,
      convertedAt: order.processedAt,
    });
    if (done) outcome.converted++;
  }

  if (now.getTime() - order.processedAt.getTime() > ORDER_ENROL_MAX_AGE_MS) return outcome;
  const orderTriggered = journeys.filter(
    (journey) =>
      journey.status === "active" &&
      (journey.parsed.trigger.kind === "first_order" || journey.parsed.trigger.kind === "nth_order"),
  );
  if (orderTriggered.length === 0) return outcome;
  const n = await orderNumberOf(client, shop, order);
  const segment = (await currentSegments(client, shop, [order.customerId])).get(order.customerId) ?? null;
  for (const journey of orderTriggered) {
    const trigger = journey.parsed.trigger;
    const wanted = trigger.kind === "nth_order" ? trigger.n : 1;
    if (n !== wanted) continue;
    if (!inAudience(journey.parsed.audience, { segment, orders: n })) continue;
    outcome.enrolled += await enrolCustomers(
      client,
      shop,
      journey,
      [{ customerId: order.customerId, triggerKey: orderTriggerKey(order.id) }],
      {
        enteredAt: order.processedAt,
        now,
      },
    );
  }
  return outcome;
}

/**
 * Enrols customers in a journey, honouring the re-entry rule (never while an entry is active) and assigning
 * each to treatment or hold-out. `enteredAt` is when the trigger happened; the first step is due then.
 */
export async function enrolCustomers(
  client: Db,
  shop: ShopRef,
  journey: LoadedJourney,
  candidates: { customerId: bigint; triggerKey: string }[],
  at: { enteredAt: Date; now: Date },
): Promise<number> {
  if (candidates.length === 0) return 0;
  const history = await entriesOfCustomers(
    client,
    shop,
    journey.id,
    candidates.map((c) => c.customerId),
  );
  const previous = new Map<bigint, typeof history>();
  for (const entry of history) previous.set(entry.customerId, [...(previous.get(entry.customerId) ?? []), entry]);
  const entries: NewEntry[] = [];
  const seen = new Set<bigint>();
  for (const candidate of candidates) {
    if (seen.has(candidate.customerId)) continue;
    seen.add(candidate.customerId);
    const earlier = previous.get(candidate.customerId) ?? [];
    // the same trigger again (a retried job) is not a re-entry: the unique key makes it a no-op
    if (earlier.some((entry) => entry.triggerKey === candidate.triggerKey)) continue;
    if (!mayEnter(journey.parsed.reentry, earlier, at.now)) continue;
    entries.push({
      customerId: candidate.customerId,
      triggerKey: candidate.triggerKey,
      groupName: isHeldOut(journey.holdoutSalt, candidate.customerId, journey.holdoutShare) ? "holdout" : "treatment",
      enteredAt: at.enteredAt,
      dueAt: at.enteredAt,
    });
  }
  return insertEntries(client, shop, journey.id, entries);
}

/**
 * For the webhook worker, right after an order version was applied (in its transaction when it has one):
 * enrols and converts at once — database rows only, no Shopify call — so the entry commits with the order.
 * A shop without journeys costs one count. Like points, it never holds up the store copy: if it fails, the
 * journeys.enrol-order job takes it over (and retries).
 */
export async function journeysAfterOrderEvent(
  client: Db,
  shop: ShopRef,
  orderId: bigint | string,
  deps: { queue?: JobQueue; now?: Date } = {},
): Promise<void> {
  try {
    if (!(await hasLiveJourneys(client, shop))) return;
    await enrolFromOrder(client, shop, BigInt(orderId), deps.now ?? kizunaNow());
  } catch (error) {
    console.warn(`[journeys] ${shop.domain} order ${orderId}: ${String(error)}; queued to retry`);
    await (deps.queue ?? jobQueue()).enqueue(
      JobNames.journeysEnrolOrder,
      { shopId: shop.id, orderId: String(orderId) },
      { shopId: shop.id, singletonKey: `${JobNames.journeysEnrolOrder}:${shop.id}:${orderId}` },
    );
  }
}

/**
 * A member's points tier moved (the points service calls this after recording the move): enrols the customer
 * in active "member tier changed" journeys that want this direction. The trigger key names the move as the
 * ledger records it (day and tiers), so the same move enrols once however often it is reported (the daily
 * scan also replays the last days' moves). Never throws: a tier move must not fail the points update.
 */
export async function journeysAfterTierChange(
  client: Db,
  shop: ShopRef,
  customerId: bigint,
  move: TierMove,
  at: { movedAt: Date; tierIds: readonly string[]; now?: Date },
): Promise<number> {
  try {
    if (!(await hasLiveJourneys(client, shop))) return 0;
    const journeys = (await journeysWithStatus(client, shop, ["active"]))
      .map(loadJourney)
      .filter((journey) => journey.parsed.trigger.kind === "tier_changed");
    let enrolled = 0;
    for (const journey of journeys) {
      const trigger = journey.parsed.trigger;
      if (trigger.kind !== "tier_changed" || !tierTriggerMatches(trigger, move, at.tierIds)) continue;
      const metrics = await client.customerMetrics.findUnique({
        where: { shopId_customerId: { shopId: shop.id, customerId } },
        select: { segment: true, ordersCount: true },
      });
      if (!inAudience(journey.parsed.audience, { segment: metrics?.segment ?? null, orders: metrics?.ordersCount ?? 0 })) {
        continue;
      }
      enrolled += await enrolCustomers(client, shop, journey, [{ customerId, triggerKey: tierTriggerKey(move, at.movedAt) }], {
        enteredAt: at.movedAt,
        now: at.now ?? kizunaNow(),
      });
    }
    return enrolled;
  } catch (error) {
    console.warn(`[journeys] ${shop.domain} tier change of customer ${customerId}: ${String(error)}`);
    return 0;
  }
}
