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
import type { ShopRef } from "../db/shops.server";
import {
  affordableSteps,
  balanceExpiresAt,
  decideAdjustment,
  type PointsMessage,
  type TierProgressMetafield,
  tierForSpend,
} from "../domain/points";
import { memberTierProgress } from "../domain/pushback/plan";
import { loadPointsProgram, type PointsDeps, type PointsSettings, schedulePointsPush, tierById } from "./program.server";

/* A customer's points as the admin customer page and the storefront show them, and staff adjustments. */

export interface PointsHistoryItem {
  id: number;
  kind: string;
  points: number;
  occurredAt: string;
  reason: string | null;
  orderId: string | null;
  /** tier changes: the tier names before and after */
  fromTier?: string | null;
  toTier?: string;
}

function historyItem(settings: PointsSettings, row: PointsHistoryRow): PointsHistoryItem {
  const item: PointsHistoryItem = {
    id: row.id,
    kind: row.kind,
    points: row.points,
    occurredAt: row.occurredAt.toISOString(),
    reason: row.reason,
    orderId: row.orderId === null ? null : String(row.orderId),
  };
  if (row.kind === TIER_CHANGE_KIND) {
    const from = typeof row.detail.from === "string" ? row.detail.from : null;
    const to = typeof row.detail.to === "string" ? row.detail.to : "";
    item.fromTier = from === null ? null : (tierById(settings, from)?.name ?? from);
    item.toTier = tierById(settings, to)?.name ?? to;
  }
  return item;
}

export interface CustomerPointsView {
  enabled: boolean;
  customerId: string;
  balance: number;
  tierId: string;
  tierName: string;
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
  return {
    enabled: settings.enabled,
    customerId: String(customerId),
    balance: account?.balance ?? 0,
    tierId: tier.id,
    tierName: tier.name,
    rollingSpendMinor: spend,
    currency: settings.currencyCode,
    timeZone: program.timezone,
    expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
    maxAdjustmentPoints: settings.maxAdjustmentPoints,
    history: history.map((row) => historyItem(settings, row)),
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

export interface StorefrontPoints {
  points_balance: number;
  tier: string;
  tier_name: string;
  tier_progress: TierProgressMetafield;
  history: { kind: string; points: number; occurred_at: string; reason: string | null }[];
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
  const balance = account?.balance ?? 0;
  // the same tier and progress the `$app:kizuna` metafields carry (one definition of each value)
  const progress = memberTierProgress(settings, {
    tier: account?.tier ?? null,
    rollingSpendMinor: account?.rollingSpendMinor ?? 0,
  });
  const affordable = new Set(affordableSteps(settings, balance).map((step) => step.points));
  return {
    points_balance: balance,
    tier: progress.tier,
    tier_name: progress.tier_name,
    tier_progress: progress,
    history: history.map((row) => ({
      kind: row.kind,
      points: row.points,
      occurred_at: row.occurredAt.toISOString(),
      reason: row.kind === "adjust" || row.kind === "expire" || row.kind === "bonus_birthday" ? row.reason : null,
    })),
    redemption_options: settings.redemptionLadder.map((step) => ({
      points: step.points,
      discount_minor: step.discountMinor,
      affordable: affordable.has(step.points),
    })),
    currency: settings.currencyCode,
  };
}
