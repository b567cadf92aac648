import type { Db } from "../db/client.server";
import {
  customerBirthDates,
  type LedgerState,
  listPointsAccounts,
  loadOrderForPoints,
  loadOrdersSince,
  writeLedger,
} from "../db/points.server";
import type { ShopRef } from "../db/shops.server";
import {
  DecisionBatch,
  decideBirthdayBonus,
  decideCancellation,
  decideExpiry,
  decideOrderPaid,
  decideRefund,
  decideWelcomeBonus,
  type LedgerEntry,
  type OrderForPoints,
  orderPointsEvents,
  type TierUpdate,
  tierUpdateFor,
} from "../domain/points";
import { addMonthsUtc, localDate } from "../domain/points/calendar";
import type { AdminClient } from "../shopify/admin-client.server";
import { adminClientFor, ShopNotConnectedError } from "../shopify/shop-client.server";
import {
  knownTierId,
  loadPointsProgram,
  POINTS_JOBS,
  type PointsDeps,
  type PointsSettings,
  queueOf,
  schedulePointsPush,
  scheduleRedemptionRecovery,
} from "./program.server";
import { recoverPendingRedemptions } from "./redemption.server";
import { journeysAfterTierChange } from "../journeys/enrol.server";

/*
 * The points program between the pure rules (app/domain/points) and the stored shop: orders earn and are
 * reversed, members get bonuses, balances expire, tiers follow rolling spend. Every change goes through
 * writeLedger (one transaction per customer), so replays and duplicate webhooks append nothing twice.
 */

function windowStart(settings: PointsSettings, now: number): Date {
  return new Date(addMonthsUtc(now, -settings.tierWindowMonths));
}

// ------------------------------------------------------------------------------------------ orders

export type OrderPointsOutcome =
  | { status: "disabled" | "order_not_found" | "no_customer" }
  | { status: "applied"; customerId: bigint; appended: LedgerEntry[]; balance: number; refusals: string[] };

/**
 * Brings one customer's points up to date with a stored order (after an orders/* or refunds/create event
 * was applied): welcome bonus on first sight, earning once paid, proportional reversal per refund, the
 * rest reversed on cancellation, and the member's tier from rolling spend. Safe to run any number of times.
 * A refusal (e.g. the order is in another currency than the program) is returned, not thrown: retrying
 * would not change it.
 */
export async function applyOrderToPoints(
  client: Db,
  shop: ShopRef,
  orderId: bigint | string,
  options: PointsDeps & { now?: Date } = {},
): Promise<OrderPointsOutcome> {
  const now = (options.now ?? new Date()).getTime();
  const program = await loadPointsProgram(client, shop);
  const settings = program.settings;
  if (!settings.enabled) return { status: "disabled" };
  const order = await loadOrderForPoints(client, shop, BigInt(orderId));
  if (!order) return { status: "order_not_found" };
  if (order.customerId === null) return { status: "no_customer" };
  const customerId = order.customerId;

  let tier: TierUpdate | null = null;
  const outcome = await writeLedger(client, shop, customerId, async ({ tx, ledger, account }: LedgerState) => {
    const batch = new DecisionBatch(ledger);
    batch.take(decideWelcomeBonus(settings, batch.ledger, { occurredAt: now }));
    const events = orderPointsEvents(order, batch.ledger, knownTierId(settings, account.tier), now);
    if (events.paid) batch.take(decideOrderPaid(settings, batch.ledger, events.paid));
    for (const refund of events.refunds) batch.take(decideRefund(batch.ledger, refund));
    if (events.cancellation) batch.take(decideCancellation(batch.ledger, events.cancellation));
    const orders = await loadOrdersSince(tx, shop, [customerId], windowStart(settings, now));
    tier = tierUpdateFor(settings, account, orders, now);
    return { entries: batch.entries, tier, result: batch.refusals };
  });
  if (outcome.tierChanged) await tierMoved(client, shop, customerId, tier, settings);
  if (outcome.changed) await schedulePointsPush(shop, options);
  return { status: "applied", customerId, appended: outcome.appended, balance: outcome.balance, refusals: outcome.result };
}

/**
 * For the webhook worker, right after an order or refund event was applied to the store copy. Points
 * never hold up the store copy: if applying fails, the points.apply-order job takes it over (and retries).
 */
export async function pointsAfterOrderEvent(
  client: Db,
  shop: ShopRef,
  orderId: bigint | string,
  deps?: PointsDeps,
): Promise<void> {
  try {
    const outcome = await applyOrderToPoints(client, shop, orderId, deps);
    if (outcome.status === "applied" && outcome.refusals.length > 0) {
      console.warn(`[points] ${shop.domain} order ${orderId}: ${outcome.refusals.join("; ")}`);
    }
  } catch (error) {
    console.warn(`[points] ${shop.domain} order ${orderId}: ${String(error)}; queued to retry`);
    await queueOf(deps).enqueue(
      POINTS_JOBS.applyOrder,
      { shopId: shop.id, orderId: String(orderId) },
      { shopId: shop.id, singletonKey: `${POINTS_JOBS.applyOrder}:${shop.id}:${orderId}` },
    );
  }
}

// ------------------------------------------------------------------------------------------ daily

export interface DailyPointsResult {
  members: number;
  birthdayBonuses: number;
  expired: number;
  pointsExpired: number;
  tierChanges: number;
  redemptions: { created: number; refunded: number; stillPending: number } | null;
}

const DAILY_PAGE = 500;

/**
 * Birthday bonuses, expiry and tiers for every member, then redemptions stuck in `pending`. Each member is
 * one short transaction; running it twice on the same day appends nothing new.
 */
export async function runDailyPointsMaintenance(
  client: Db,
  shop: ShopRef,
  now: Date,
  options: PointsDeps & { admin?: AdminClient } = {},
): Promise<DailyPointsResult> {
  const at = now.getTime();
  const program = await loadPointsProgram(client, shop);
  const settings = program.settings;
  const result: DailyPointsResult = {
    members: 0,
    birthdayBonuses: 0,
    expired: 0,
    pointsExpired: 0,
    tierChanges: 0,
    redemptions: null,
  };
  let changed = false;
  if (settings.enabled) {
    const thisMonth = localDate(at, program.timezone).month;
    const from = windowStart(settings, at);
    let after: bigint | null = null;
    for (;;) {
      const accounts = await listPointsAccounts(client, shop, { afterCustomerId: after, take: DAILY_PAGE });
      if (accounts.length === 0) break;
      after = accounts[accounts.length - 1].customerId;
      result.members += accounts.length;
      const ids = accounts.map((account) => account.customerId);
      const [birthDates, orders] = await Promise.all([
        customerBirthDates(client, shop, ids),
        loadOrdersSince(client, shop, ids, from),
      ]);
      const ordersByCustomer = new Map<bigint, OrderForPoints[]>();
      for (const order of orders) {
        if (order.customerId === null) continue;
        const list = ordersByCustomer.get(order.customerId) ?? [];
        list.push(order);
        ordersByCustomer.set(order.customerId, list);
      }
      for (const account of accounts) {
        const customerOrders = ordersByCustomer.get(account.customerId) ?? [];
        const birthMonth = birthMonthOf(birthDates.get(account.customerId));
        const tier = tierUpdateFor(settings, account, customerOrders, at);
        const mayHaveBirthday = birthMonth === thisMonth && settings.birthdayBonus > 0;
        const mayExpire = settings.expiry.enabled && account.balance > 0;
        const tierMoves = tier.change !== null || tier.rollingSpendMinor !== account.rollingSpendMinor;
        if (!mayHaveBirthday && !mayExpire && !tierMoves) continue;

        let moved: TierUpdate | null = null;
        const outcome = await writeLedger(client, shop, account.customerId, ({ ledger, account: locked }) => {
          const batch = new DecisionBatch(ledger);
          // Expiry first: a birthday bonus granted today must not expire with the old balance.
          batch.take(decideExpiry(settings, batch.ledger, at));
          if (birthMonth !== null) {
            batch.take(decideBirthdayBonus(settings, batch.ledger, { birthMonth, timeZone: program.timezone }, at));
          }
          moved = tierUpdateFor(settings, locked, customerOrders, at);
          return { entries: batch.entries, tier: moved, result: null };
        });
        for (const entry of outcome.appended) {
          if (entry.kind === "bonus_birthday") result.birthdayBonuses++;
          if (entry.kind === "expire") {
            result.expired++;
            result.pointsExpired += -entry.points;
          }
        }
        if (outcome.tierChanged) {
          result.tierChanges++;
          await tierMoved(client, shop, account.customerId, moved, settings);
        }
        changed ||= outcome.changed;
      }
    }
  }

  const admin = options.admin ?? (await adminOrNull(client, shop));
  if (admin) {
    const recovery = await recoverPendingRedemptions(client, shop, admin, now, options);
    result.redemptions = { created: recovery.created, refunded: recovery.refunded, stillPending: recovery.stillPending };
    if (recovery.nextDueAt) await scheduleRedemptionRecovery(shop, recovery.nextDueAt, options);
  }
  if (changed) await schedulePointsPush(shop, options);
  return result;
}

/** A recorded tier move may start "member tier changed" journeys (enrolment is idempotent per move). */
async function tierMoved(client: Db, shop: ShopRef, customerId: bigint, tier: TierUpdate | null, settings: PointsSettings) {
  if (!tier?.change) return;
  await journeysAfterTierChange(client, shop, customerId, tier.change, {
    movedAt: new Date(tier.at),
    tierIds: settings.tiers.map((t) => t.id),
  });
}

function birthMonthOf(birthDate: string | undefined): number | null {
  const match = birthDate ? /^\d{4}-(\d{2})-\d{2}$/.exec(birthDate) : null;
  const month = match ? Number(match[1]) : Number.NaN;
  return month >= 1 && month <= 12 ? month : null;
}

async function adminOrNull(client: Db, shop: ShopRef): Promise<AdminClient | null> {
  try {
    return await adminClientFor(client, shop);
  } catch (error) {
    if (error instanceof ShopNotConnectedError) return null;
    throw error;
  }
}
