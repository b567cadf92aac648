import type { Db } from "../db/client.server";
import { findInChunks } from "../db/in-chunks";
import { journeysWithStatus } from "../db/journeys.server";
import { getShopSettings } from "../db/settings.server";
import { listPointsAccounts, loadLedger, TIER_CHANGE_KIND } from "../db/points.server";
import type { ShopRef } from "../db/shops.server";
import {
  birthMonth,
  daysUntilBirthday,
  inAudience,
  type JourneyTrigger,
  localCivil,
  localIsoDate,
  type TierMove,
  tierTriggerKey,
  tierTriggerMatches,
  zoneClock,
} from "../domain/journeys";
import { parseShopSettings } from "../domain/settings/shop-settings";
import { balanceExpiresAt } from "../domain/points";
import { MS_PER_DAY } from "../domain/time";
import { enrolCustomers, type LoadedJourney, loadJourney } from "./enrol.server";

/**
 * The daily scan for date-based triggers (decision 020). Each trigger has a key that names the occasion
 * (the birthday's year, the lapse's last-order date, the segment change, the scan day), so running the scan
 * twice a day, or catching up after a missed day, enrols nobody twice; the re-entry rule decides the rest.
 * Customers are read a page at a time.
 */
const PAGE = 1000;
/** a daily trigger still fires up to this many days late (a missed scan catches up) */
const CATCH_UP_DAYS = 7;

export interface DailyScanOutcome {
  enrolled: number;
  /** trigger kinds the scan does not evaluate (yet) */
  skipped: string[];
}

export async function runJourneysDaily(client: Db, shop: ShopRef, now: Date): Promise<DailyScanOutcome> {
  const outcome: DailyScanOutcome = { enrolled: 0, skipped: [] };
  const journeys = (await journeysWithStatus(client, shop, ["active"])).map(loadJourney);
  const dated = journeys.filter((j) => j.parsed.trigger.kind !== "first_order" && j.parsed.trigger.kind !== "nth_order");
  if (dated.length === 0) return outcome;
  const info = await client.shop.findUniqueOrThrow({ where: { id: shop.id }, select: { timezone: true } });
  const clock = zoneClock(info.timezone);
  const today = clock.toLocal(now).day;
  const scanDay = localIsoDate(clock, now);
  for (const journey of dated) {
    const candidates = await candidatesFor(client, shop, journey, journey.parsed.trigger, { now, today, scanDay });
    if (candidates === null) {
      outcome.skipped.push(journey.parsed.trigger.kind);
      continue;
    }
    for (let start = 0; start < candidates.length; start += PAGE) {
      outcome.enrolled += await enrolCustomers(client, shop, journey, candidates.slice(start, start + PAGE), {
        enteredAt: now,
        now,
      });
    }
  }
  return outcome;
}

type Candidate = { customerId: bigint; triggerKey: string };

async function candidatesFor(
  client: Db,
  shop: ShopRef,
  journey: LoadedJourney,
  trigger: JourneyTrigger,
  at: { now: Date; today: number; scanDay: string },
): Promise<Candidate[] | null> {
  const audience = journey.parsed.audience;
  const metricsFilter = {
    shopId: shop.id,
    ...(audience.segments ? { segment: { in: audience.segments } } : {}),
    ...(audience.minOrders !== undefined || audience.maxOrders !== undefined
      ? { ordersCount: { gte: audience.minOrders ?? 0, lte: audience.maxOrders ?? 1_000_000 } }
      : {}),
  };
  const withMetrics = async (customerIds: bigint[]) => {
    if (!audience.segments && audience.minOrders === undefined && audience.maxOrders === undefined) return new Set(customerIds);
    const rows = await findInChunks(customerIds, (ids) =>
      client.customerMetrics.findMany({ where: { ...metricsFilter, customerId: { in: ids } }, select: { customerId: true } }),
    );
    return new Set(rows.map((r) => r.customerId));
  };
  switch (trigger.kind) {
    case "birthday":
    case "birthday_month": {
      const out: Candidate[] = [];
      const { month, year } = localCivil(at.today);
      let after: bigint | null = null;
      for (;;) {
        const page: { id: bigint; birthDate: string | null }[] = await client.customer.findMany({
          where: { shopId: shop.id, birthDate: { not: null }, deletedAt: null, ...(after !== null ? { id: { gt: after } } : {}) },
          select: { id: true, birthDate: true },
          orderBy: { id: "asc" },
          take: PAGE,
        });
        if (page.length === 0) break;
        after = page[page.length - 1].id;
        const hits: Candidate[] = [];
        for (const customer of page) {
          if (!customer.birthDate) continue;
          if (trigger.kind === "birthday_month") {
            if (birthMonth(customer.birthDate) === month)
              hits.push({ customerId: customer.id, triggerKey: `birthday-month:${year}` });
            continue;
          }
          const next = daysUntilBirthday(customer.birthDate, at.today);
          // due in daysBefore days, or up to CATCH_UP_DAYS later (a missed scan), but not after the birthday
          if (next && next.days <= trigger.daysBefore && next.days >= Math.max(0, trigger.daysBefore - CATCH_UP_DAYS)) {
            hits.push({ customerId: customer.id, triggerKey: `birthday:${next.year}` });
          }
        }
        const allowed = await withMetrics(hits.map((h) => h.customerId));
        out.push(...hits.filter((h) => allowed.has(h.customerId)));
      }
      return out;
    }
    case "days_since_last_order": {
      const latest = new Date(at.now.getTime() - trigger.days * MS_PER_DAY);
      const earliest = new Date(latest.getTime() - CATCH_UP_DAYS * MS_PER_DAY);
      const rows = await client.customerMetrics.findMany({
        where: {
          ...metricsFilter,
          lastOrderAt: { gt: earliest, lte: latest },
          ...(trigger.minOrders
            ? { ordersCount: { gte: Math.max(trigger.minOrders, audience.minOrders ?? 0), lte: audience.maxOrders ?? 1_000_000 } }
            : {}),
        },
        select: { customerId: true, lastOrderAt: true },
      });
      return rows.map((r) => ({ customerId: r.customerId, triggerKey: `lapsed:${r.lastOrderAt?.toISOString().slice(0, 10)}` }));
    }
    case "churn_risk": {
      const rows = await client.customerMetrics.findMany({
        where: { ...metricsFilter, pAlive: { lte: 1 - trigger.threshold } },
        select: { customerId: true, lastOrderAt: true },
      });
      // one entry per lapse (the last order it follows)
      return rows.map((r) => ({
        customerId: r.customerId,
        triggerKey: `churn:${r.lastOrderAt?.toISOString().slice(0, 10) ?? "none"}`,
      }));
    }
    case "future_loyal_candidate": {
      const rows = await client.customerMetrics.findMany({
        where: { ...metricsFilter, futureLoyalScore: { not: null } },
        select: { customerId: true },
      });
      return rows.map((r) => ({ customerId: r.customerId, triggerKey: `future-loyal:${at.scanDay}` }));
    }
    case "segment_entered":
    case "segment_left": {
      const since = new Date(at.now.getTime() - CATCH_UP_DAYS * MS_PER_DAY);
      const changes = await client.segmentChange.findMany({
        where: {
          shopId: shop.id,
          changedAt: { gt: since, lte: at.now },
          ...(trigger.kind === "segment_entered" ? { toSegment: trigger.segment } : { fromSegment: trigger.segment }),
        },
        select: { id: true, customerId: true },
        orderBy: { id: "asc" },
      });
      const segments = await findInChunks([...new Set(changes.map((c) => c.customerId))], (ids) =>
        client.customerMetrics.findMany({
          where: { shopId: shop.id, customerId: { in: ids } },
          select: { customerId: true, segment: true, ordersCount: true },
        }),
      );
      const facts = new Map(segments.map((s) => [s.customerId, s]));
      return changes
        .filter((c) => {
          const f = facts.get(c.customerId);
          return inAudience(audience, { segment: f?.segment ?? null, orders: f?.ordersCount ?? 0 });
        })
        .map((c) => ({ customerId: c.customerId, triggerKey: `segment:${c.id}` }));
    }
    case "points_expiring": {
      const settings = (await getShopSettings(client, shop)).points;
      if (!settings.enabled || !settings.expiry.enabled) return [];
      const out: Candidate[] = [];
      let after: bigint | null = null;
      for (;;) {
        const accounts = await listPointsAccounts(client, shop, { afterCustomerId: after, take: PAGE });
        if (accounts.length === 0) break;
        after = accounts[accounts.length - 1].customerId;
        for (const account of accounts) {
          if (account.balance <= 0) continue;
          const expiresAt = balanceExpiresAt(settings, await loadLedger(client, shop, account.customerId));
          if (expiresAt === null) continue;
          const daysLeft = (expiresAt - at.now.getTime()) / MS_PER_DAY;
          if (daysLeft > 0 && daysLeft <= trigger.daysBefore) {
            out.push({
              customerId: account.customerId,
              triggerKey: `points-expiring:${new Date(expiresAt).toISOString().slice(0, 10)}`,
            });
          }
        }
      }
      const allowed = await withMetrics(out.map((c) => c.customerId));
      return out.filter((c) => allowed.has(c.customerId));
    }
    case "tier_changed": {
      // the points service enrols at the move (journeysAfterTierChange); this replays the moves the ledger
      // recorded in the last days, for one that was missed (same trigger key: nobody enrols twice)
      const settings = parseShopSettings(
        (await client.shop.findUniqueOrThrow({ where: { id: shop.id }, select: { settings: true } })).settings,
      );
      const tierIds = settings.points.tiers.map((tier) => tier.id);
      const rows = await client.pointsEntry.findMany({
        where: {
          shopId: shop.id,
          kind: TIER_CHANGE_KIND,
          occurredAt: { gte: new Date(at.now.getTime() - CATCH_UP_DAYS * MS_PER_DAY), lte: at.now },
        },
        select: { customerId: true, occurredAt: true, detail: true },
        orderBy: { occurredAt: "asc" },
      });
      const out: Candidate[] = [];
      for (const row of rows) {
        let move: TierMove | null = null;
        try {
          move = row.detail ? (JSON.parse(row.detail) as TierMove) : null;
        } catch {
          move = null;
        }
        if (!move?.to || !tierTriggerMatches(trigger, move, tierIds)) continue;
        out.push({ customerId: row.customerId, triggerKey: tierTriggerKey(move, row.occurredAt) });
      }
      const allowed = await withMetrics(out.map((c) => c.customerId));
      return out.filter((c) => allowed.has(c.customerId));
    }
    case "first_order":
    case "nth_order":
      return [];
  }
}
