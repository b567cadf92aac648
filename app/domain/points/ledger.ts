/*
 * One customer's points in one shop are an append-only ledger. Nothing is ever updated or
 * deleted: the balance is the sum of `points`, and every entry is idempotent on `sourceKey`
 * (the database keeps a unique index on shop + customer + sourceKey).
 */

export type LedgerEntryKind =
  | "earn"
  | "reverse"
  | "bonus_welcome"
  | "bonus_birthday"
  | "adjust"
  | "redeem"
  | "redeem_refund"
  | "expire";

export interface LedgerEntry {
  kind: LedgerEntryKind;
  /** Signed whole points. `earn` and `reverse` may be 0: they still record that the order/refund was seen. */
  points: number;
  sourceKey: string;
  /** Epoch milliseconds (UTC). */
  occurredAt: number;
  /** What staff typed for an adjustment: their words, shown as written. */
  reason?: string;
  /** Why the app itself made the entry, translated where it is shown (see `ledgerReason`). */
  reasonKey?: LedgerReasonKey;
  reasonValues?: Record<string, string | number>;
  orderId?: string;
  refundId?: string;
  /** Redemption request id, for `redeem` and `redeem_refund`. */
  requestId?: string;
  /** Discount the redemption bought, in minor units. */
  discountMinor?: number;
  /**
   * `earn`: the order's net merchandise total the points were earned on.
   * `reverse`: the merchandise amount this refund gave back (0 for a cancellation).
   */
  amountMinor?: number;
  /** `earn`: the tier whose multiplier applied. */
  tierId?: string;
  /**
   * `reverse`: points the refund should have taken back but could not, because the customer had
   * already spent them. They are written off, never collected later (see docs/decisions).
   */
  shortfallPoints?: number;
  /** `expire`: the day (UTC, YYYY-MM-DD) the balance expired. */
  expiresOn?: string;
  staffId?: string;
}

export type Ledger = readonly LedgerEntry[];

/** The one place sourceKeys are spelled, so every caller builds the same key for the same event. */
export const sourceKeys = {
  earn: (orderId: string) => `order:${orderId}:earn`,
  refund: (orderId: string, refundId: string) => `order:${orderId}:refund:${refundId}`,
  cancel: (orderId: string) => `order:${orderId}:cancel`,
  welcome: () => "welcome",
  birthday: (year: number) => `birthday:${year}`,
  adjust: (adjustmentId: string) => `adjust:${adjustmentId}`,
  redeem: (requestId: string) => `redeem:${requestId}`,
  redeemRefund: (requestId: string) => `redeem:${requestId}:refund`,
  expire: (expiresOn: string) => `expire:${expiresOn}`,
} as const;

export function pointsBalance(ledger: Ledger): number {
  let balance = 0;
  for (const entry of ledger) balance += entry.points;
  return balance;
}

export function hasSourceKey(ledger: Ledger, sourceKey: string): boolean {
  return ledger.some((entry) => entry.sourceKey === sourceKey);
}

export function findBySourceKey(ledger: Ledger, sourceKey: string): LedgerEntry | undefined {
  return ledger.find((entry) => entry.sourceKey === sourceKey);
}

export interface OrderPoints {
  orderId: string;
  /** Points the order earned (0 if it earned none). */
  earned: number;
  /** Net merchandise total the points were earned on. */
  amountMinor: number;
  /** Merchandise refunded so far, over all refunds. */
  refundedMinor: number;
  /** Points taken back so far, including shortfall that could not be taken back. */
  reversed: number;
  cancelled: boolean;
}

/** What one order earned and what has been reversed of it; null if the order never earned in this ledger. */
export function orderPoints(ledger: Ledger, orderId: string): OrderPoints | null {
  const earn = findBySourceKey(ledger, sourceKeys.earn(orderId));
  if (!earn) return null;
  const state: OrderPoints = {
    orderId,
    earned: earn.points,
    amountMinor: earn.amountMinor ?? 0,
    refundedMinor: 0,
    reversed: 0,
    cancelled: false,
  };
  for (const entry of ledger) {
    if (entry.kind !== "reverse" || entry.orderId !== orderId) continue;
    state.refundedMinor += entry.amountMinor ?? 0;
    state.reversed += -entry.points + (entry.shortfallPoints ?? 0);
    if (entry.sourceKey === sourceKeys.cancel(orderId)) state.cancelled = true;
  }
  return state;
}

/** The last time the customer bought something (an `earn` entry, even one of 0 points); null if never. */
export function lastPurchaseAt(ledger: Ledger): number | null {
  let last: number | null = null;
  for (const entry of ledger) {
    if (entry.kind === "earn" && (last === null || entry.occurredAt > last)) last = entry.occurredAt;
  }
  return last;
}

/**
 * Appends entries, dropping any whose sourceKey is already present (or repeated in `entries`).
 * Decisions already return nothing for duplicates; this is the same rule the database's unique
 * index enforces, for in-memory use.
 */
export function appendEntries(ledger: Ledger, entries: readonly LedgerEntry[]): LedgerEntry[] {
  const seen = new Set(ledger.map((entry) => entry.sourceKey));
  const next = [...ledger];
  for (const entry of entries) {
    if (seen.has(entry.sourceKey)) continue;
    seen.add(entry.sourceKey);
    next.push(entry);
  }
  return next;
}

/**
 * The ledger's invariants, as a list of what is broken (empty = healthy). Used by the property
 * tests and by reconciliation, which can run it over stored ledgers.
 */
export function ledgerViolations(ledger: Ledger): string[] {
  const violations: string[] = [];
  const keys = new Set<string>();
  let running = 0;
  const earnedByOrder = new Map<string, number>();
  const reversedByOrder = new Map<string, number>();
  ledger.forEach((entry, index) => {
    const at = `entry ${index} (${entry.sourceKey})`;
    if (keys.has(entry.sourceKey)) violations.push(`${at}: duplicate sourceKey`);
    keys.add(entry.sourceKey);
    if (!Number.isSafeInteger(entry.points)) violations.push(`${at}: points ${entry.points} is not a whole number`);
    if (entry.points === 0 && entry.kind !== "earn" && entry.kind !== "reverse") {
      violations.push(`${at}: only earn and reverse entries may be 0 points`);
    }
    const mustBePositive = entry.kind === "earn" || entry.kind.startsWith("bonus_") || entry.kind === "redeem_refund";
    const mustBeNegative = entry.kind === "reverse" || entry.kind === "redeem" || entry.kind === "expire";
    if (mustBePositive && entry.points < 0) violations.push(`${at}: ${entry.kind} cannot take points away`);
    if (mustBeNegative && entry.points > 0) violations.push(`${at}: ${entry.kind} cannot add points`);
    running += entry.points;
    if (running < 0) violations.push(`${at}: balance went below zero (${running})`);
    if (entry.kind === "earn" && entry.orderId) {
      if (earnedByOrder.has(entry.orderId)) violations.push(`${at}: order ${entry.orderId} earned twice`);
      earnedByOrder.set(entry.orderId, entry.points);
    }
    if (entry.kind === "reverse" && entry.orderId) {
      if (!earnedByOrder.has(entry.orderId)) violations.push(`${at}: reversal before the order earned`);
      const reversed = (reversedByOrder.get(entry.orderId) ?? 0) - entry.points + (entry.shortfallPoints ?? 0);
      reversedByOrder.set(entry.orderId, reversed);
      if (reversed > (earnedByOrder.get(entry.orderId) ?? 0)) {
        violations.push(`${at}: order ${entry.orderId} reversed ${reversed} but earned ${earnedByOrder.get(entry.orderId) ?? 0}`);
      }
    }
  });
  return violations;
}

/**
 * Reasons the app gives for the entries it makes. Stored as a key with values (in the entry's detail) and
 * translated where it is shown, in the admin's or the customer's language.
 */
export const LEDGER_REASON_KEYS = ["birthday", "noPurchase", "redemptionFailed"] as const;
export type LedgerReasonKey = (typeof LEDGER_REASON_KEYS)[number];

export type LedgerReason =
  | { key: LedgerReasonKey; values: Record<string, string | number> }
  /** staff's own words */
  | { text: string };

/** Rows written before reasons had keys carry these English sentences; they read as the key they meant. */
const LEGACY_REASONS: ReadonlyArray<{
  pattern: RegExp;
  key: LedgerReasonKey;
  values: (match: RegExpMatchArray) => Record<string, number>;
}> = [
  { pattern: /^Birthday (\d{4})$/, key: "birthday", values: (match) => ({ year: Number(match[1]) }) },
  { pattern: /^No purchase for (\d{1,3}) months$/, key: "noPurchase", values: (match) => ({ months: Number(match[1]) }) },
  { pattern: /^The discount code could not be created$/, key: "redemptionFailed", values: () => ({}) },
];

/** Why an entry was made, as a key to translate or staff's words; null when there is nothing to say. */
export function ledgerReason(entry: {
  kind: string;
  reason?: string | null;
  reasonKey?: unknown;
  reasonValues?: unknown;
}): LedgerReason | null {
  if (typeof entry.reasonKey === "string" && (LEDGER_REASON_KEYS as readonly string[]).includes(entry.reasonKey)) {
    const values =
      entry.reasonValues && typeof entry.reasonValues === "object"
        ? Object.fromEntries(
            Object.entries(entry.reasonValues).filter(
              (pair): pair is [string, string | number] => typeof pair[1] === "string" || typeof pair[1] === "number",
            ),
          )
        : {};
    return { key: entry.reasonKey as LedgerReasonKey, values };
  }
  const text = entry.reason?.trim();
  if (!text) return null;
  if (entry.kind !== "adjust") {
    for (const legacy of LEGACY_REASONS) {
      const match = text.match(legacy.pattern);
      if (match) return { key: legacy.key, values: legacy.values(match) };
    }
  }
  return { text };
}
