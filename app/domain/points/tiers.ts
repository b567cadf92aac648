import { addMonthsUtc } from "./calendar";
import { type Ledger, sourceKeys } from "./ledger";
import type { PointsProgramSettings, Tier } from "./settings";

export interface Purchase {
  occurredAt: number;
  /** Net merchandise after discounts and refunds, in minor units (never below 0). */
  netMinor: number;
}

/** Net spend of the purchases made in the `months` before `now` (the window is (now − months, now]). */
export function rollingNetSpendMinor(purchases: readonly Purchase[], now: number, months: number): number {
  const from = addMonthsUtc(now, -months);
  let spend = 0;
  for (const purchase of purchases) {
    if (purchase.occurredAt > from && purchase.occurredAt <= now) spend += Math.max(0, purchase.netMinor);
  }
  return spend;
}

/**
 * The purchases a ledger knows about: each order's amount less what was refunded, 0 once cancelled.
 * Orders from before the program started are not in the ledger; pass purchases from the orders
 * table instead when those should count.
 */
export function purchasesFromLedger(ledger: Ledger): Purchase[] {
  const byOrder = new Map<string, Purchase & { cancelled: boolean }>();
  for (const entry of ledger) {
    if (entry.kind === "earn" && entry.orderId) {
      byOrder.set(entry.orderId, { occurredAt: entry.occurredAt, netMinor: entry.amountMinor ?? 0, cancelled: false });
    }
  }
  for (const entry of ledger) {
    if (entry.kind !== "reverse" || !entry.orderId) continue;
    const purchase = byOrder.get(entry.orderId);
    if (!purchase) continue;
    purchase.netMinor -= entry.amountMinor ?? 0;
    if (entry.sourceKey === sourceKeys.cancel(entry.orderId)) purchase.cancelled = true;
  }
  return [...byOrder.values()].map(({ occurredAt, netMinor, cancelled }) => ({
    occurredAt,
    netMinor: cancelled ? 0 : Math.max(0, netMinor),
  }));
}

/** The highest tier whose threshold the spend reaches (tiers are validated to be ascending from 0). */
export function tierForSpend(settings: PointsProgramSettings, spendMinor: number): Tier {
  let tier = settings.tiers[0];
  for (const candidate of settings.tiers) {
    if (spendMinor >= candidate.thresholdMinor) tier = candidate;
  }
  return tier;
}

export interface TierChange {
  from: string | null;
  to: string;
  direction: "up" | "down" | "joined";
  spendMinor: number;
}

/**
 * The tier change to record, or null if the customer stays where they are. `previousTierId` is
 * null for a new member; an id no longer in the settings counts as a change to the current tier.
 */
export function decideTierChange(
  settings: PointsProgramSettings,
  previousTierId: string | null,
  spendMinor: number,
): TierChange | null {
  const next = tierForSpend(settings, spendMinor);
  if (previousTierId === next.id) return null;
  if (previousTierId === null) return { from: null, to: next.id, direction: "joined", spendMinor };
  const previousIndex = settings.tiers.findIndex((tier) => tier.id === previousTierId);
  const nextIndex = settings.tiers.findIndex((tier) => tier.id === next.id);
  return { from: previousTierId, to: next.id, direction: nextIndex > previousIndex ? "up" : "down", spendMinor };
}

export interface TierProgress {
  tier: Tier;
  nextTier: Tier | null;
  /** Spend still needed to reach `nextTier`; null at the top tier. */
  spendToNextMinor: number | null;
  /** 0–100, how far from this tier's threshold to the next one; 100 at the top tier. */
  percent: number;
}

/**
 * Progress from the member's tier to the next one. `currentTierId` is the tier the member holds (tiers
 * move at the daily run, not with every order): progress is measured from it, so the storefront never
 * shows a tier and a progress that disagree. Without it (or for an id no longer in the settings) the tier
 * the spend reaches is used.
 */
export function tierProgress(settings: PointsProgramSettings, spendMinor: number, currentTierId?: string | null): TierProgress {
  const tier = settings.tiers.find((candidate) => candidate.id === currentTierId) ?? tierForSpend(settings, spendMinor);
  const index = settings.tiers.indexOf(tier);
  const nextTier = settings.tiers[index + 1] ?? null;
  if (!nextTier) return { tier, nextTier: null, spendToNextMinor: null, percent: 100 };
  const span = nextTier.thresholdMinor - tier.thresholdMinor;
  const done = spendMinor - tier.thresholdMinor;
  return {
    tier,
    nextTier,
    spendToNextMinor: Math.max(0, nextTier.thresholdMinor - spendMinor),
    percent: Math.min(99, Math.max(0, Math.floor((done * 100) / span))),
  };
}

/**
 * The JSON the app writes to the customer's `tier_progress` metafield, read by the theme block.
 * `spend_to_next_money` is in Liquid's money units (the amount × 100 whatever the currency's decimals),
 * so the block can print it with the `money` filter.
 */
export interface TierProgressMetafield {
  tier: string;
  tier_name: string;
  next_tier: string | null;
  next_tier_name: string | null;
  spend_to_next_minor: number | null;
  spend_to_next_money: number | null;
  currency: string;
  progress_percent: number;
}

export function tierProgressMetafield(
  settings: PointsProgramSettings,
  spendMinor: number,
  currencyDecimals: number,
  currentTierId?: string | null,
): TierProgressMetafield {
  const progress = tierProgress(settings, spendMinor, currentTierId);
  const toLiquidMoney = (minor: number) => minor * 10 ** (2 - currencyDecimals);
  return {
    tier: progress.tier.id,
    tier_name: progress.tier.name,
    next_tier: progress.nextTier?.id ?? null,
    next_tier_name: progress.nextTier?.name ?? null,
    spend_to_next_minor: progress.spendToNextMinor,
    spend_to_next_money: progress.spendToNextMinor === null ? null : toLiquidMoney(progress.spendToNextMinor),
    currency: settings.currencyCode,
    progress_percent: progress.percent,
  };
}

/** The ranks Kizuna ships with, by id, with the English names stored in the default settings. */
export const DEFAULT_TIER_NAMES = { bronze: "Bronze", silver: "Silver", gold: "Gold" } as const;
export type DefaultTierId = keyof typeof DEFAULT_TIER_NAMES;

/**
 * The default rank a tier still is, when the merchant has neither renamed it nor reused its id: its name is
 * then shown in the page's language (ブロンズ) rather than as stored. Null for a rank the merchant named.
 */
export function unnamedDefaultTier(tier: { id: string; name: string }): DefaultTierId | null {
  if (!Object.hasOwn(DEFAULT_TIER_NAMES, tier.id)) return null;
  const id = tier.id as DefaultTierId;
  return tier.name.trim().toLowerCase() === DEFAULT_TIER_NAMES[id].toLowerCase() ? id : null;
}
