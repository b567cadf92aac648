import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client.server";
import {
  findCustomer,
  getPointsAccount,
  loadHistory,
  loadLedger,
  type PointsHistoryRow,
  TIER_CHANGE_KIND,
  writeLedger,
} from "../db/points.server";
import { orderNamesById } from "../db/customers.server";
import type { ShopRef } from "../db/shops.server";
import {
  affordableSteps,
  balanceExpiresAt,
  decideAdjustment,
  type LedgerReason,
  ledgerReason,
  type PointsMessage,
  type TierProgressMetafield,
  tierForSpend,
  unnamedDefaultTier,
} from "../domain/points";
import { memberTierProgress } from "../domain/pushback/plan";
import { loadPointsProgram, type PointsDeps, type PointsSettings, schedulePointsPush, tierById } from "./program.server";

/* A customer's points as the admin customer page and the storefront show them, and staff adjustments. */

export interface PointsHistoryItem {
  id: number;
  kind: string;
  points: number;
  occurredAt: string;
  /** why: a catalogue key with values, or staff's own words (see ledgerReason) */
  reason: LedgerReason | null;
  /** the order's name as the customer knows it (#17254); null when the order is not in the store copy */
  orderName: string | null;
  /** tier changes: the ranks before and after, shown with formatTierName; null = none, or a rank since removed */
  fromTier?: TierLabel | null;
  toTier?: TierLabel | null;
}

/** A rank as pages show it: formatTierName turns it into the merchant's name or the default's translation. */
export interface TierLabel {
  id: string;
  name: string;
}

const tierLabel = (tier: { id: string; name: string } | null): TierLabel | null =>
  tier ? { id: tier.id, name: tier.name } : null;

/** The order names the history refers to, fetched once for the rows shown. */
async function orderNamesOf(client: Db, shop: ShopRef, rows: PointsHistoryRow[]): Promise<Map<string, string>> {
  return orderNamesById(
    client,
    shop,
    rows.flatMap((row) => (row.orderId === null ? [] : [row.orderId])),
  );
}

function historyItem(settings: PointsSettings, row: PointsHistoryRow, orderNames: Map<string, string>): PointsHistoryItem {
  const item: PointsHistoryItem = {
    id: row.id,
    kind: row.kind,
    points: row.points,
    occurredAt: row.occurredAt.toISOString(),
    reason: ledgerReason({
      kind: row.kind,
      reason: row.reason,
      reasonKey: row.detail.reasonKey,
      reasonValues: row.detail.reasonValues,
    }),
    orderName: row.orderId === null ? null : (orderNames.get(row.orderId.toString()) ?? null),
  };
  if (row.kind === TIER_CHANGE_KIND) {
    const from = typeof row.detail.from === "string" ? row.detail.from : null;
    const to = typeof row.detail.to === "string" ? row.detail.to : null;
    item.fromTier = from === null ? null : tierLabel(tierById(settings, from));
    item.toTier = to === null ? null : tierLabel(tierById(settings, to));
  }
  return item;
}

export interface CustomerPointsView {
  enabled: boolean;
  customerId: string;
  balance: number;
  /** the member's rank, shown with formatTierName (never the id on its own) */
  tier: TierLabel;
  rollingSpendMinor: number;
  currency: string;
  /** the shop's time zone, for dates */
  timeZone: string;
  /** when the whole balance expires without another purchase; null when it cannot */
  expiresAt: string | null;
  maxAdjustmentPoints: number;
  history: PointsHistoryItem[];
}

/** Loader helper for the customer page (app.customers.$id.tsx) and its PointsLedgerCard. */
export async function loadCustomerPoints(client: Db, shop: ShopRef, customerId: bigint): Promise<CustomerPointsView> {
  const program = await loadPointsProgram(client, shop);
  const settings = program.settings;
  const [account, history, ledger] = await Promise.all([
    getPointsAccount(client, shop, customerId),
    loadHistory(client, shop, customerId, { take: 100 }),
    loadLedger(client, shop, customerId),
  ]);
  const spend = account?.rollingSpendMinor ?? 0;
  const tier = tierById(settings, account?.tier ?? null) ?? tierForSpend(settings, spend);
  const expiresAt = (account?.balance ?? 0) > 0 ? balanceExpiresAt(settings, ledger) : null;
  const orderNames = await orderNamesOf(client, shop, history);
  return {
    enabled: settings.enabled,
    customerId: String(customerId),
    balance: account?.balance ?? 0,
    tier: { id: tier.id, name: tier.name },
    rollingSpendMinor: spend,
    currency: settings.currencyCode,
    timeZone: program.timezone,
    expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
    maxAdjustmentPoints: settings.maxAdjustmentPoints,
    history: history.map((row) => historyItem(settings, row, orderNames)),
  };
}

export const adjustmentFormSchema = z.object({
  points: z
    .string({ error: "points.errors.adjustmentPoints" })
    .trim()
    .regex(/^[+-]?\d{1,9}$/, { error: "points.errors.adjustmentPoints" })
    .transform(Number)
    .refine((value) => value !== 0, { error: "points.errors.adjustmentPoints" }),
  reason: z
    .string({ error: "points.errors.reasonRequired" })
    .trim()
    .min(1, { error: "points.errors.reasonRequired" })
    .max(200, { error: "points.errors.reasonTooLong" }),
  /** set once per form render, so a double submit adjusts once */
  adjustmentId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .optional(),
});

export type AdjustmentResult =
  | { ok: true; balance: number; duplicate: boolean }
  /** each error a catalogue key with its values, translated by the form */
  | { ok: false; errors: Partial<Record<"points" | "reason" | "form", PointsMessage>> };

/** Action helper: a staff adjustment from the PointsLedgerCard form. */
export async function adjustCustomerPoints(
  client: Db,
  shop: ShopRef,
  input: { customerId: bigint; values: Record<string, unknown>; staffId?: string | null; now?: Date },
  deps?: PointsDeps,
): Promise<AdjustmentResult> {
  const parsed = adjustmentFormSchema.safeParse(input.values);
  if (!parsed.success) {
    const errors: Partial<Record<"points" | "reason" | "form", PointsMessage>> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] === "points" || issue.path[0] === "reason" ? issue.path[0] : "form";
      errors[field] ??= { key: field === "form" ? "forms.errors.unreadable" : issue.message };
    }
    return { ok: false, errors };
  }
  const program = await loadPointsProgram(client, shop);
  if (!program.settings.enabled) {
    return { ok: false, errors: { form: { key: "points.errors.programOff" } } };
  }
  const customer = await findCustomer(client, shop, input.customerId);
  if (!customer || customer.deletedAt) {
    return { ok: false, errors: { form: { key: "points.errors.customerMissing" } } };
  }
  const now = (input.now ?? new Date()).getTime();
  const outcome = await writeLedger(client, shop, input.customerId, ({ ledger }) => {
    const decision = decideAdjustment(program.settings, ledger, {
      adjustmentId: parsed.data.adjustmentId ?? randomUUID(),
      points: parsed.data.points,
      reason: parsed.data.reason,
      occurredAt: now,
      ...(input.staffId ? { staffId: input.staffId } : {}),
    });
    return { entries: decision.ok ? decision.entries : [], result: decision };
  });
  const decision = outcome.result;
  if (!decision.ok) {
    const field = decision.error === "REASON_REQUIRED" ? "reason" : "points";
    return { ok: false, errors: { [field]: decision.message } };
  }
  if (outcome.changed) await schedulePointsPush(shop, deps);
  return { ok: true, balance: outcome.balance, duplicate: outcome.appended.length === 0 };
}

export interface StorefrontHistoryItem {
  kind: string;
  points: number;
  occurred_at: string;
  /** the order's name (#17254), never its id; null for entries without an order or an order not copied yet */
  order_name: string | null;
  /** why, as a key of the block's locales (kizuna_points.reasons.*) with its values; null when there is none */
  reason_key: string | null;
  reason_values: Record<string, string | number> | null;
  /** staff's own words for an adjustment, shown as written */
  reason: string | null;
}

export interface StorefrontPoints {
  points_balance: number;
  tier: string;
  tier_name: string;
  /** set while the rank is a default the merchant has not renamed: the block shows its name in the customer's language */
  tier_key: string | null;
  next_tier_key: string | null;
  tier_progress: TierProgressMetafield;
  history: StorefrontHistoryItem[];
  redemption_options: { points: number; discount_minor: number; affordable: boolean }[];
  currency: string;
}

/** What the storefront may show the logged-in customer: their own balance, tier and last 20 movements. */
export async function storefrontPoints(
  client: Db,
  shop: ShopRef,
  customerId: bigint,
  settings: PointsSettings,
): Promise<StorefrontPoints> {
  const [account, history] = await Promise.all([
    getPointsAccount(client, shop, customerId),
    loadHistory(client, shop, customerId, { take: 20, includeTierChanges: false }),
  ]);
  const orderNames = await orderNamesOf(client, shop, history);
  const balance = account?.balance ?? 0;
  // the same tier and progress the `$app:kizuna` metafields carry (one definition of each value)
  const progress = memberTierProgress(settings, {
    tier: account?.tier ?? null,
    rollingSpendMinor: account?.rollingSpendMinor ?? 0,
  });
  const affordable = new Set(affordableSteps(settings, balance).map((step) => step.points));
  const defaultKey = (id: string | null) => {
    const tier = id === null ? undefined : tierById(settings, id);
    return tier ? unnamedDefaultTier(tier) : null;
  };
  return {
    points_balance: balance,
    tier: progress.tier,
    tier_name: progress.tier_name,
    tier_key: defaultKey(progress.tier),
    next_tier_key: defaultKey(progress.next_tier),
    tier_progress: progress,
    history: history.map((row) => {
      const item = historyItem(settings, row, orderNames);
      const reason = item.reason;
      return {
        kind: row.kind,
        points: row.points,
        occurred_at: item.occurredAt,
        order_name: item.orderName,
        reason_key: reason && "key" in reason ? reason.key : null,
        reason_values: reason && "key" in reason ? reason.values : null,
        reason: reason && "text" in reason && row.kind === "adjust" ? reason.text : null,
      };
    }),
    redemption_options: settings.redemptionLadder.map((step) => ({
      points: step.points,
      discount_minor: step.discountMinor,
      affordable: affordable.has(step.points),
    })),
    currency: settings.currencyCode,
  };
}
