/**
 * The daily Flow job (flow.daily, decision 026): evaluates every customer (member tiers move in the daily points
 * run, not in a recompute), finds members whose points expire within the shop's `flow.pointsExpiringDays`, and
 * queues the sender. Points expiring is keyed by the expiry day, so running twice a day, or catching up after a
 * missed day, fires once per expiry date.
 */
import type { Db } from "../db/client.server";
import {
  existingFlowEventKeys,
  goneCustomers,
  insertFlowEvent,
  pointsAccountsWithBalance,
  readSignalsOf,
} from "../db/flow.server";
import { getPointsAccount, loadLedger } from "../db/points.server";
import { getShopSettings } from "../db/settings.server";
import { getShop, type ShopRef } from "../db/shops.server";
import { flowEventKey } from "../domain/flow/evaluate";
import { type CustomerSignals, flowPayload } from "../domain/flow/triggers";
import { balanceExpiresAt } from "../domain/points";
import { MS_PER_DAY } from "../domain/time";
import type { JobQueue } from "../jobs/queue.server";
import { evaluateFlowTriggers, type FlowEvaluationOutcome } from "./evaluate.server";
import { queueFlowSend } from "./sender.server";

const PAGE = 1000;

/** Writes a points-expiring event for each member whose balance expires within the window; returns how many. */
export async function recordPointsExpiring(client: Db, shop: ShopRef, now: Date): Promise<number> {
  const [settings, record] = await Promise.all([getShopSettings(client, shop), getShop(client, shop)]);
  if (!settings.points.enabled || !settings.points.expiry.enabled) return 0;
  const windowDays = settings.flow.pointsExpiringDays;
  let written = 0;
  let after: bigint | null = null;
  for (;;) {
    const accounts = await pointsAccountsWithBalance(client, shop, after, PAGE);
    if (accounts.length === 0) break;
    after = accounts[accounts.length - 1].customerId;
    const due: { customerId: bigint; balance: number; expiresAt: number; key: string }[] = [];
    for (const account of accounts) {
      const expiresAt = balanceExpiresAt(settings.points, await loadLedger(client, shop, account.customerId));
      if (expiresAt === null) continue;
      const daysLeft = (expiresAt - now.getTime()) / MS_PER_DAY;
      if (daysLeft <= 0 || daysLeft > windowDays) continue;
      const expiresOn = new Date(expiresAt).toISOString().slice(0, 10);
      due.push({ ...account, expiresAt, key: flowEventKey("points-expiring", account.customerId, expiresOn) });
    }
    if (due.length === 0) continue;
    const [existing, gone, read] = await Promise.all([
      existingFlowEventKeys(
        client,
        shop,
        due.map((d) => d.key),
      ),
      goneCustomers(
        client,
        shop,
        due.map((d) => d.customerId),
      ),
      readSignalsOf(
        client,
        shop,
        due.map((d) => d.customerId),
      ),
    ]);
    const signalsOf = new Map(read.signals.map((s) => [s.customerId, s]));
    for (const member of due) {
      if (existing.has(member.key) || gone.has(member.customerId)) continue;
      const account = await getPointsAccount(client, shop, member.customerId);
      const signals: CustomerSignals = signalsOf.get(member.customerId) ?? {
        customerId: member.customerId,
        segment: null,
        pAlive: null,
        predictedClv12mMinor: null,
        futureLoyalScore: null,
        pointsBalance: member.balance,
        tier: account?.tier ?? null,
      };
      const payload = flowPayload("points-expiring", signals, record.currency, {
        "Points expiring": member.balance,
        "Expires on": new Date(member.expiresAt).toISOString().slice(0, 10),
        "Days left": Math.ceil((member.expiresAt - now.getTime()) / MS_PER_DAY),
      });
      if (
        await insertFlowEvent(
          client,
          shop,
          { customerId: member.customerId, trigger: "points-expiring", key: member.key, payload },
          now,
        )
      ) {
        written++;
      }
    }
  }
  return written;
}

export interface FlowDailyOutcome {
  evaluation: FlowEvaluationOutcome;
  pointsExpiring: number;
}

export async function runFlowDaily(client: Db, shop: ShopRef, now: Date, queue: JobQueue): Promise<FlowDailyOutcome> {
  const evaluation = await evaluateFlowTriggers(client, shop, { now });
  const pointsExpiring = await recordPointsExpiring(client, shop, now);
  await queueFlowSend(queue, shop.id);
  return { evaluation, pointsExpiring };
}
