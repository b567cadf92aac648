/*
 * Pure decisions: given the program, one customer's ledger and an event, which entries to append.
 * A duplicate event (its sourceKey is already in the ledger) appends nothing. No decision lets the
 * balance go below zero: reversals are clamped to the balance and record the rest as shortfall;
 * adjustments and redemptions that would overdraw are refused with a message staff can act on.
 */
import { addMonthsUtc, localDate, utcDay } from "./calendar";
import {
  findBySourceKey,
  hasSourceKey,
  type Ledger,
  type LedgerEntry,
  lastPurchaseAt,
  orderPoints,
  pointsBalance,
  sourceKeys,
} from "./ledger";
import type { PointsMessage } from "./message";
import type { PointsProgramSettings, RedemptionStep, Tier } from "./settings";

export type PointsErrorCode =
  | "CURRENCY_MISMATCH"
  | "INVALID_AMOUNT"
  | "UNKNOWN_TIER"
  | "REASON_REQUIRED"
  | "INVALID_POINTS"
  | "ADJUSTMENT_TOO_LARGE"
  | "INSUFFICIENT_BALANCE"
  | "NOT_A_LADDER_STEP";

/** Why a valid event appended nothing. */
export type SkipReason =
  | "duplicate"
  | "order_not_in_ledger"
  | "nothing_left_to_reverse"
  | "bonus_disabled"
  | "not_birthday_month"
  | "expiry_disabled"
  | "not_expired"
  | "nothing_to_expire"
  | "redemption_not_found";

export type PointsDecision =
  | { ok: true; entries: LedgerEntry[]; skipped?: SkipReason }
  | { ok: false; error: PointsErrorCode; message: PointsMessage };

const append = (...entries: LedgerEntry[]): PointsDecision => ({ ok: true, entries });
const skip = (skipped: SkipReason): PointsDecision => ({ ok: true, entries: [], skipped });
/** A refusal: the code for programs, the message (a catalogue key and values) for the person. */
const refuse = (error: PointsErrorCode, key: string, values?: PointsMessage["values"]): PointsDecision => ({
  ok: false,
  error,
  message: values ? { key, values } : { key },
});

/** floor(a × b / c) on integers without losing precision past 2^53. */
function mulDivFloor(a: number, b: number, c: number): number {
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

const isWholeAmount = (value: number) => Number.isSafeInteger(value) && value >= 0;

// ─── Orders ──────────────────────────────────────────────────────────────────

export interface OrderPaidEvent {
  orderId: string;
  /** Merchandise after discounts, excluding shipping and tax, in minor units of the shop currency. */
  netMerchandiseMinor: number;
  currencyCode: string;
  /** The customer's tier when the order was paid; null = the entry tier. */
  tierId: string | null;
  occurredAt: number;
}

/**
 * Points for an amount at a tier: floor(amount ÷ perAmount × points × multiplier), rounded down once
 * at the end (¥1,550 at ×1.5 → 23 points, not floor(15) × 1.5 = 22), then capped per order.
 */
export function pointsForAmount(settings: PointsProgramSettings, amountMinor: number, tier: Tier): number {
  const { earn } = settings;
  if (amountMinor < earn.minOrderMinor) return 0;
  const multiplierHundredths = Math.round(tier.multiplier * 100);
  const points = mulDivFloor(amountMinor, earn.points * multiplierHundredths, earn.perAmountMinor * 100);
  return earn.maxPointsPerOrder === null ? points : Math.min(points, earn.maxPointsPerOrder);
}

export function decideOrderPaid(settings: PointsProgramSettings, ledger: Ledger, event: OrderPaidEvent): PointsDecision {
  const sourceKey = sourceKeys.earn(event.orderId);
  if (hasSourceKey(ledger, sourceKey)) return skip("duplicate");
  if (event.currencyCode !== settings.currencyCode) {
    return refuse("CURRENCY_MISMATCH", "points.errors.currencyMismatch", {
      order: event.orderId,
      orderCurrency: event.currencyCode,
      programCurrency: settings.currencyCode,
    });
  }
  if (!isWholeAmount(event.netMerchandiseMinor)) {
    return refuse("INVALID_AMOUNT", "points.errors.invalidOrderAmount", {
      order: event.orderId,
      amount: event.netMerchandiseMinor,
    });
  }
  const tier = event.tierId === null ? settings.tiers[0] : settings.tiers.find((t) => t.id === event.tierId);
  if (!tier) {
    return refuse("UNKNOWN_TIER", "points.errors.unknownTier", { tier: String(event.tierId) });
  }
  return append({
    kind: "earn",
    points: pointsForAmount(settings, event.netMerchandiseMinor, tier),
    sourceKey,
    occurredAt: event.occurredAt,
    orderId: event.orderId,
    amountMinor: event.netMerchandiseMinor,
    tierId: tier.id,
  });
}

export interface RefundEvent {
  orderId: string;
  refundId: string;
  /** Merchandise this refund gives back (after discounts, excluding shipping and tax), in minor units. */
  refundedMerchandiseMinor: number;
  occurredAt: number;
}

/** A reversal of `due` points, clamped to what the customer still has; the rest is recorded as shortfall. */
function reversal(ledger: Ledger, due: number, fields: Omit<LedgerEntry, "kind" | "points" | "shortfallPoints">): LedgerEntry {
  const taken = Math.min(due, Math.max(0, pointsBalance(ledger)));
  const entry: LedgerEntry = { kind: "reverse", points: taken === 0 ? 0 : -taken, ...fields };
  if (due > taken) entry.shortfallPoints = due - taken;
  return entry;
}

/**
 * Proportional reversal, computed on the cumulative refunded amount so partial refunds add up:
 * after refunds totalling R of an order of amount A that earned E, floor(E × R ÷ A) points are
 * reversed in all (all E once R ≥ A). Rounding down favours the customer on each partial refund and
 * the last refund clears the remainder exactly. A refund is recorded even when it reverses 0 points,
 * so that the next one counts its amount.
 */
export function decideRefund(ledger: Ledger, event: RefundEvent): PointsDecision {
  const sourceKey = sourceKeys.refund(event.orderId, event.refundId);
  if (hasSourceKey(ledger, sourceKey)) return skip("duplicate");
  if (!isWholeAmount(event.refundedMerchandiseMinor)) {
    return refuse("INVALID_AMOUNT", "points.errors.invalidRefundAmount", {
      refund: event.refundId,
      amount: event.refundedMerchandiseMinor,
    });
  }
  const order = orderPoints(ledger, event.orderId);
  // Orders from before the program (or not yet delivered to it) earned nothing here, so lose nothing.
  if (!order) return skip("order_not_in_ledger");
  const refundedMinor = order.refundedMinor + event.refundedMerchandiseMinor;
  const target = refundedMinor >= order.amountMinor ? order.earned : mulDivFloor(order.earned, refundedMinor, order.amountMinor);
  const due = Math.max(0, target - order.reversed);
  return append(
    reversal(ledger, due, {
      sourceKey,
      occurredAt: event.occurredAt,
      orderId: event.orderId,
      refundId: event.refundId,
      amountMinor: event.refundedMerchandiseMinor,
    }),
  );
}

export interface CancellationEvent {
  orderId: string;
  occurredAt: number;
  reason?: string;
}

/** Reverses whatever the order earned and has not been reversed yet. */
export function decideCancellation(ledger: Ledger, event: CancellationEvent): PointsDecision {
  const sourceKey = sourceKeys.cancel(event.orderId);
  if (hasSourceKey(ledger, sourceKey)) return skip("duplicate");
  const order = orderPoints(ledger, event.orderId);
  if (!order) return skip("order_not_in_ledger");
  const entry = reversal(ledger, Math.max(0, order.earned - order.reversed), {
    sourceKey,
    occurredAt: event.occurredAt,
    orderId: event.orderId,
    amountMinor: 0,
  });
  if (event.reason) entry.reason = event.reason;
  return append(entry);
}

// ─── Staff adjustments ───────────────────────────────────────────────────────

export interface AdjustmentEvent {
  adjustmentId: string;
  points: number;
  reason: string;
  staffId?: string;
  occurredAt: number;
}

export function decideAdjustment(settings: PointsProgramSettings, ledger: Ledger, event: AdjustmentEvent): PointsDecision {
  const sourceKey = sourceKeys.adjust(event.adjustmentId);
  if (hasSourceKey(ledger, sourceKey)) return skip("duplicate");
  const reason = event.reason.trim();
  if (!reason) return refuse("REASON_REQUIRED", "points.errors.reasonRequired");
  if (!Number.isSafeInteger(event.points) || event.points === 0) {
    return refuse("INVALID_POINTS", "points.errors.adjustmentPoints");
  }
  if (Math.abs(event.points) > settings.maxAdjustmentPoints) {
    return refuse("ADJUSTMENT_TOO_LARGE", "points.errors.adjustmentTooLarge", { max: settings.maxAdjustmentPoints });
  }
  const balance = pointsBalance(ledger);
  if (balance + event.points < 0) {
    return refuse("INSUFFICIENT_BALANCE", "points.errors.deductionTooLarge", { balance, points: -event.points });
  }
  const entry: LedgerEntry = { kind: "adjust", points: event.points, sourceKey, occurredAt: event.occurredAt, reason };
  if (event.staffId) entry.staffId = event.staffId;
  return append(entry);
}

// ─── Redemption ──────────────────────────────────────────────────────────────

export interface RedemptionEvent {
  requestId: string;
  points: number;
  occurredAt: number;
}

export function ladderStep(settings: PointsProgramSettings, points: number): RedemptionStep | undefined {
  return settings.redemptionLadder.find((step) => step.points === points);
}

/** The steps the customer can afford with `balance`, cheapest first (for the storefront and admin). */
export function affordableSteps(settings: PointsProgramSettings, balance: number): RedemptionStep[] {
  return settings.redemptionLadder.filter((step) => step.points <= balance);
}

/**
 * Takes the points before the discount code is created. If creating it fails, append the entry
 * from `decideRedemptionFailed` to give them back.
 */
export function decideRedemption(settings: PointsProgramSettings, ledger: Ledger, event: RedemptionEvent): PointsDecision {
  const sourceKey = sourceKeys.redeem(event.requestId);
  if (hasSourceKey(ledger, sourceKey)) return skip("duplicate");
  const step = ladderStep(settings, event.points);
  if (!step) {
    const offered = settings.redemptionLadder.map((s) => s.points).join(", ");
    return refuse("NOT_A_LADDER_STEP", "points.errors.notALadderStep", { points: event.points, offered });
  }
  const balance = pointsBalance(ledger);
  if (balance < step.points) {
    return refuse("INSUFFICIENT_BALANCE", "points.errors.rewardTooExpensive", { points: step.points, balance });
  }
  return append({
    kind: "redeem",
    points: -step.points,
    sourceKey,
    occurredAt: event.occurredAt,
    requestId: event.requestId,
    discountMinor: step.discountMinor,
  });
}

export interface RedemptionFailedEvent {
  requestId: string;
  occurredAt: number;
}

/** Gives back the points of a redemption whose discount could not be created (once). */
export function decideRedemptionFailed(ledger: Ledger, event: RedemptionFailedEvent): PointsDecision {
  const sourceKey = sourceKeys.redeemRefund(event.requestId);
  if (hasSourceKey(ledger, sourceKey)) return skip("duplicate");
  const redeem = findBySourceKey(ledger, sourceKeys.redeem(event.requestId));
  if (!redeem) return skip("redemption_not_found");
  return append({
    kind: "redeem_refund",
    points: -redeem.points,
    sourceKey,
    occurredAt: event.occurredAt,
    requestId: event.requestId,
    reasonKey: "redemptionFailed",
  });
}

// ─── Bonuses ─────────────────────────────────────────────────────────────────

export interface RegistrationEvent {
  occurredAt: number;
}

export function decideWelcomeBonus(settings: PointsProgramSettings, ledger: Ledger, event: RegistrationEvent): PointsDecision {
  const sourceKey = sourceKeys.welcome();
  if (hasSourceKey(ledger, sourceKey)) return skip("duplicate");
  if (settings.welcomeBonus === 0) return skip("bonus_disabled");
  return append({ kind: "bonus_welcome", points: settings.welcomeBonus, sourceKey, occurredAt: event.occurredAt });
}

export interface BirthdayInput {
  /** 1–12; the year of birth is not needed. */
  birthMonth: number;
  /** The shop's IANA time zone, e.g. Asia/Tokyo. */
  timeZone: string;
}

/**
 * Once per calendar year in the shop's time zone, on any day of the birthday month: a daily job
 * that misses a day still grants it, and Feb 29 birthdays need no special case.
 */
export function decideBirthdayBonus(
  settings: PointsProgramSettings,
  ledger: Ledger,
  input: BirthdayInput,
  now: number,
): PointsDecision {
  const today = localDate(now, input.timeZone);
  const sourceKey = sourceKeys.birthday(today.year);
  if (hasSourceKey(ledger, sourceKey)) return skip("duplicate");
  if (settings.birthdayBonus === 0) return skip("bonus_disabled");
  if (today.month !== input.birthMonth) return skip("not_birthday_month");
  return append({
    kind: "bonus_birthday",
    points: settings.birthdayBonus,
    sourceKey,
    occurredAt: now,
    reasonKey: "birthday",
    reasonValues: { year: today.year },
  });
}

// ─── Expiry ──────────────────────────────────────────────────────────────────

/**
 * When the balance expires: `monthsWithoutPurchase` after the last purchase, or after the first
 * entry for a member who has never bought (e.g. only a welcome bonus). Null if nothing can expire.
 */
export function balanceExpiresAt(settings: PointsProgramSettings, ledger: Ledger): number | null {
  if (!settings.expiry.enabled || ledger.length === 0) return null;
  const anchor = lastPurchaseAt(ledger) ?? Math.min(...ledger.map((entry) => entry.occurredAt));
  return addMonthsUtc(anchor, settings.expiry.monthsWithoutPurchase);
}

/** Expires the whole remaining balance in one entry, keyed by the expiry day so a rerun adds nothing. */
export function decideExpiry(settings: PointsProgramSettings, ledger: Ledger, now: number): PointsDecision {
  const expiresAt = balanceExpiresAt(settings, ledger);
  if (expiresAt === null) return skip(settings.expiry.enabled ? "nothing_to_expire" : "expiry_disabled");
  if (now < expiresAt) return skip("not_expired");
  const expiresOn = utcDay(expiresAt);
  const sourceKey = sourceKeys.expire(expiresOn);
  if (hasSourceKey(ledger, sourceKey)) return skip("duplicate");
  const balance = pointsBalance(ledger);
  if (balance <= 0) return skip("nothing_to_expire");
  return append({
    kind: "expire",
    points: -balance,
    sourceKey,
    occurredAt: now,
    expiresOn,
    reasonKey: "noPurchase",
    reasonValues: { months: settings.expiry.monthsWithoutPurchase },
  });
}
