import { describe, expect, it } from "vitest";
import {
  balanceExpiresAt,
  decideAdjustment,
  decideBirthdayBonus,
  decideCancellation,
  decideExpiry,
  decideOrderPaid,
  decideRedemption,
  decideRedemptionFailed,
  decideRefund,
  decideWelcomeBonus,
  type OrderPaidEvent,
  type PointsDecision,
  pointsForAmount,
} from "./decisions";
import { appendEntries, type Ledger, type LedgerEntry, ledgerViolations, orderPoints, pointsBalance } from "./ledger";
import { pointsLiabilityMinor } from "./liability";
import { defaultPointsProgramSettings as settings } from "./settings";

const T0 = Date.UTC(2025, 3, 1, 3, 0, 0); // 2025-04-01 12:00 JST
const DAY = 86_400_000;

function entriesOf(decision: PointsDecision): LedgerEntry[] {
  if (!decision.ok) throw new Error(`${decision.error}: ${decision.message.key}`);
  return decision.entries;
}

const paid = (orderId: string, netMerchandiseMinor: number, tierId: string | null = null): OrderPaidEvent => ({
  orderId,
  netMerchandiseMinor,
  currencyCode: "JPY",
  tierId,
  occurredAt: T0,
});

function ledgerWithOrder(orderId: string, amount: number, tierId: string | null = null): LedgerEntry[] {
  return entriesOf(decideOrderPaid(settings, [], paid(orderId, amount, tierId)));
}

describe("earning", () => {
  it("earns 1 point per full ¥100, rounding down", () => {
    const [entry] = ledgerWithOrder("1", 1_999);
    expect(entry).toEqual({
      kind: "earn",
      points: 19,
      sourceKey: "order:1:earn",
      occurredAt: T0,
      orderId: "1",
      amountMinor: 1_999,
      tierId: "bronze",
    });
  });

  it("applies the tier multiplier before rounding down once", () => {
    const silver = settings.tiers[1];
    expect(pointsForAmount(settings, 1_550, silver)).toBe(23); // 15.5 × 1.5 = 23.25
    expect(ledgerWithOrder("1", 10_000, "gold")[0].points).toBe(200);
  });

  it("works in two-decimal currencies through minor units", () => {
    const usd = { ...settings, currencyCode: "USD", earn: { ...settings.earn, perAmountMinor: 100 } };
    const decision = decideOrderPaid(usd, [], { ...paid("1", 12_345), currencyCode: "USD" }); // $123.45
    expect(entriesOf(decision)[0].points).toBe(123);
  });

  it("respects the minimum order and the per-order cap", () => {
    const capped = { ...settings, earn: { ...settings.earn, minOrderMinor: 1_000, maxPointsPerOrder: 50 } };
    expect(pointsForAmount(capped, 999, settings.tiers[0])).toBe(0);
    expect(pointsForAmount(capped, 1_000, settings.tiers[0])).toBe(10);
    expect(pointsForAmount(capped, 100_000, settings.tiers[2])).toBe(50);
  });

  it("records a 0-point purchase (it still counts for expiry and tiers)", () => {
    expect(ledgerWithOrder("1", 50)[0].points).toBe(0);
  });

  it("never earns twice for one order", () => {
    const ledger = ledgerWithOrder("1", 5_000);
    expect(decideOrderPaid(settings, ledger, paid("1", 5_000))).toEqual({ ok: true, entries: [], skipped: "duplicate" });
  });

  it("refuses other currencies and unknown tiers with a clear message", () => {
    const usd = decideOrderPaid(settings, [], { ...paid("1", 100), currencyCode: "USD" });
    expect(usd).toMatchObject({ ok: false, error: "CURRENCY_MISMATCH" });
    expect(decideOrderPaid(settings, [], paid("1", 100, "platinum"))).toMatchObject({
      ok: false,
      error: "UNKNOWN_TIER",
      message: { key: "points.errors.unknownTier", values: { tier: "platinum" } },
    });
    expect(decideOrderPaid(settings, [], paid("1", -1))).toMatchObject({ ok: false, error: "INVALID_AMOUNT" });
  });
});

describe("refunds and cancellations", () => {
  it("reverses proportionally and the last refund clears the remainder exactly", () => {
    let ledger: Ledger = ledgerWithOrder("1", 1_000); // 10 points
    const refund = (refundId: string, amount: number) => {
      const entries = entriesOf(
        decideRefund(ledger, { orderId: "1", refundId, refundedMerchandiseMinor: amount, occurredAt: T0 + DAY }),
      );
      ledger = appendEntries(ledger, entries);
      return entries[0];
    };
    expect(refund("a", 333).points).toBe(-3); // floor(10 × 333/1000) = 3
    expect(refund("b", 333).points).toBe(-3); // floor(10 × 666/1000) = 6 in all
    expect(refund("c", 334).points).toBe(-4); // all 10
    expect(pointsBalance(ledger)).toBe(0);
    expect(orderPoints(ledger, "1")).toMatchObject({ earned: 10, reversed: 10, refundedMinor: 1_000 });
    expect(refund("d", 100).points).toBe(0); // nothing left; recorded so the refund is not seen twice
    expect(ledgerViolations(ledger)).toEqual([]);
  });

  it("records 0-point refunds so small refunds add up", () => {
    let ledger: Ledger = ledgerWithOrder("1", 1_000);
    for (const id of ["a", "b", "c"]) {
      ledger = appendEntries(
        ledger,
        entriesOf(decideRefund(ledger, { orderId: "1", refundId: id, refundedMerchandiseMinor: 50, occurredAt: T0 })),
      );
    }
    expect(pointsBalance(ledger)).toBe(9); // 150 of 1000 refunded → floor(1.5) = 1 reversed
  });

  it("ignores a duplicate refund and refunds of orders the program never saw", () => {
    let ledger: Ledger = ledgerWithOrder("1", 1_000);
    const event = { orderId: "1", refundId: "a", refundedMerchandiseMinor: 500, occurredAt: T0 };
    ledger = appendEntries(ledger, entriesOf(decideRefund(ledger, event)));
    expect(decideRefund(ledger, event)).toEqual({ ok: true, entries: [], skipped: "duplicate" });
    expect(decideRefund(ledger, { ...event, orderId: "2" })).toEqual({ ok: true, entries: [], skipped: "order_not_in_ledger" });
  });

  it("clamps a reversal to the balance and records the shortfall when points were spent", () => {
    let ledger: Ledger = ledgerWithOrder("1", 60_000); // 600 points
    ledger = appendEntries(
      ledger,
      entriesOf(decideRedemption(settings, ledger, { requestId: "r1", points: 500, occurredAt: T0 })),
    );
    const [entry] = entriesOf(
      decideRefund(ledger, { orderId: "1", refundId: "a", refundedMerchandiseMinor: 60_000, occurredAt: T0 }),
    );
    expect(entry).toMatchObject({ kind: "reverse", points: -100, shortfallPoints: 500 });
    ledger = appendEntries(ledger, [entry]);
    expect(pointsBalance(ledger)).toBe(0);
    // The shortfall counts as reversed: a later cancellation has nothing left to take.
    expect(entriesOf(decideCancellation(ledger, { orderId: "1", occurredAt: T0 }))[0]).toMatchObject({ points: 0 });
    expect(ledgerViolations(ledger)).toEqual([]);
  });

  it("cancellation reverses what remains after partial refunds", () => {
    let ledger: Ledger = ledgerWithOrder("1", 1_000);
    ledger = appendEntries(
      ledger,
      entriesOf(decideRefund(ledger, { orderId: "1", refundId: "a", refundedMerchandiseMinor: 400, occurredAt: T0 })),
    );
    const [cancel] = entriesOf(decideCancellation(ledger, { orderId: "1", occurredAt: T0, reason: "customer" }));
    expect(cancel).toMatchObject({ kind: "reverse", points: -6, sourceKey: "order:1:cancel", reason: "customer" });
    ledger = appendEntries(ledger, [cancel]);
    expect(decideCancellation(ledger, { orderId: "1", occurredAt: T0 })).toMatchObject({ skipped: "duplicate" });
    // Shopify also sends the refund that goes with a cancellation: it takes nothing more.
    const [late] = entriesOf(
      decideRefund(ledger, { orderId: "1", refundId: "b", refundedMerchandiseMinor: 600, occurredAt: T0 }),
    );
    expect(late.points).toBe(0);
  });
});

describe("adjustments", () => {
  const ledger = ledgerWithOrder("1", 5_000); // 50 points
  const adjust = (points: number, reason = "Goodwill for a late delivery") =>
    decideAdjustment(settings, ledger, { adjustmentId: "adj1", points, reason, staffId: "staff-9", occurredAt: T0 });

  it("adds or deducts with a reason", () => {
    expect(entriesOf(adjust(100))).toEqual([
      {
        kind: "adjust",
        points: 100,
        sourceKey: "adjust:adj1",
        occurredAt: T0,
        reason: "Goodwill for a late delivery",
        staffId: "staff-9",
      },
    ]);
    expect(entriesOf(adjust(-50))[0].points).toBe(-50);
  });

  it("cannot take the balance below zero", () => {
    expect(adjust(-51)).toEqual({
      ok: false,
      error: "INSUFFICIENT_BALANCE",
      message: { key: "points.errors.deductionTooLarge", values: { balance: 50, points: 51 } },
    });
  });

  it("needs a reason, a non-zero whole number and stays within the limit", () => {
    expect(adjust(10, "  ")).toMatchObject({ ok: false, error: "REASON_REQUIRED" });
    expect(adjust(0)).toMatchObject({ ok: false, error: "INVALID_POINTS" });
    expect(adjust(1.5)).toMatchObject({ ok: false, error: "INVALID_POINTS" });
    expect(adjust(100_001)).toMatchObject({ ok: false, error: "ADJUSTMENT_TOO_LARGE" });
  });
});

describe("redemption", () => {
  const rich = ledgerWithOrder("1", 120_000); // 1200 points

  it("takes a ladder step's points and records the discount", () => {
    expect(entriesOf(decideRedemption(settings, rich, { requestId: "q1", points: 1_000, occurredAt: T0 }))).toEqual([
      { kind: "redeem", points: -1_000, sourceKey: "redeem:q1", occurredAt: T0, requestId: "q1", discountMinor: 1_100 },
    ]);
  });

  it("refuses amounts off the ladder and more than the balance", () => {
    expect(decideRedemption(settings, rich, { requestId: "q1", points: 700, occurredAt: T0 })).toEqual({
      ok: false,
      error: "NOT_A_LADDER_STEP",
      message: { key: "points.errors.notALadderStep", values: { points: 700, offered: "500, 1000, 3000" } },
    });
    expect(decideRedemption(settings, rich, { requestId: "q1", points: 3_000, occurredAt: T0 })).toMatchObject({
      ok: false,
      error: "INSUFFICIENT_BALANCE",
    });
  });

  it("gives the points back once when the discount could not be created", () => {
    let ledger: Ledger = appendEntries(
      rich,
      entriesOf(decideRedemption(settings, rich, { requestId: "q1", points: 500, occurredAt: T0 })),
    );
    expect(pointsBalance(ledger)).toBe(700);
    const failed = { requestId: "q1", occurredAt: T0 + 1 };
    const [refund] = entriesOf(decideRedemptionFailed(ledger, failed));
    expect(refund).toMatchObject({
      kind: "redeem_refund",
      points: 500,
      sourceKey: "redeem:q1:refund",
      reasonKey: "redemptionFailed",
    });
    ledger = appendEntries(ledger, [refund]);
    expect(pointsBalance(ledger)).toBe(1_200);
    expect(decideRedemptionFailed(ledger, failed)).toMatchObject({ skipped: "duplicate" });
    expect(decideRedemptionFailed(ledger, { ...failed, requestId: "nope" })).toMatchObject({ skipped: "redemption_not_found" });
    expect(decideRedemption(settings, ledger, { requestId: "q1", points: 500, occurredAt: T0 })).toMatchObject({
      skipped: "duplicate",
    });
  });
});

describe("bonuses", () => {
  it("gives the welcome bonus once", () => {
    const [welcome] = entriesOf(decideWelcomeBonus(settings, [], { occurredAt: T0 }));
    expect(welcome).toEqual({ kind: "bonus_welcome", points: 300, sourceKey: "welcome", occurredAt: T0 });
    expect(decideWelcomeBonus(settings, [welcome], { occurredAt: T0 })).toMatchObject({ skipped: "duplicate" });
    expect(decideWelcomeBonus({ ...settings, welcomeBonus: 0 }, [], { occurredAt: T0 })).toMatchObject({
      skipped: "bonus_disabled",
    });
  });

  it("gives the birthday bonus once per calendar year in the shop's time zone", () => {
    const tokyo = { birthMonth: 5, timeZone: "Asia/Tokyo" };
    const lateApril30Utc = Date.UTC(2025, 3, 30, 16, 0); // 2025-05-01 01:00 in Tokyo
    const [bonus] = entriesOf(decideBirthdayBonus(settings, [], tokyo, lateApril30Utc));
    expect(bonus).toMatchObject({ kind: "bonus_birthday", points: 500, sourceKey: "birthday:2025" });
    // the reason is a key with values, translated where it is shown: no English sentence in the ledger
    expect(bonus).toMatchObject({ reasonKey: "birthday", reasonValues: { year: 2025 } });
    expect(bonus.reason).toBeUndefined();
    expect(decideBirthdayBonus(settings, [], { ...tokyo, timeZone: "America/New_York" }, lateApril30Utc)).toMatchObject({
      skipped: "not_birthday_month",
    });
    expect(decideBirthdayBonus(settings, [bonus], tokyo, lateApril30Utc + 10 * DAY)).toMatchObject({ skipped: "duplicate" });
    const nextYear = Date.UTC(2026, 4, 15);
    expect(entriesOf(decideBirthdayBonus(settings, [bonus], tokyo, nextYear))[0].sourceKey).toBe("birthday:2026");
  });

  it("the new year starts at midnight in the shop's zone", () => {
    const december = { birthMonth: 12, timeZone: "Asia/Tokyo" };
    const newYearInTokyo = Date.UTC(2025, 11, 31, 15, 30); // 2026-01-01 00:30 JST
    expect(decideBirthdayBonus(settings, [], december, newYearInTokyo)).toMatchObject({ skipped: "not_birthday_month" });
  });
});

describe("expiry", () => {
  const ledger = [...entriesOf(decideWelcomeBonus(settings, [], { occurredAt: T0 - 30 * DAY })), ...ledgerWithOrder("1", 5_000)];

  it("expires the whole balance 12 months after the last purchase, once", () => {
    expect(balanceExpiresAt(settings, ledger)).toBe(Date.UTC(2026, 3, 1, 3, 0, 0));
    expect(decideExpiry(settings, ledger, Date.UTC(2026, 3, 1, 2, 59))).toMatchObject({ skipped: "not_expired" });
    const now = Date.UTC(2026, 3, 2);
    const [expire] = entriesOf(decideExpiry(settings, ledger, now));
    expect(expire).toMatchObject({
      kind: "expire",
      points: -350,
      sourceKey: "expire:2026-04-01",
      expiresOn: "2026-04-01",
      occurredAt: now,
      reasonKey: "noPurchase",
      reasonValues: { months: 12 },
    });
    expect(expire.reason).toBeUndefined();
    expect(decideExpiry(settings, [...ledger, expire], now + DAY)).toMatchObject({ skipped: "duplicate" });
  });

  it("a new purchase moves the expiry date", () => {
    const later = [
      ...ledger,
      ...entriesOf(decideOrderPaid(settings, ledger, { ...paid("2", 100), occurredAt: Date.UTC(2026, 0, 31) })),
    ];
    expect(balanceExpiresAt(settings, later)).toBe(Date.UTC(2027, 0, 31));
  });

  it("members who never bought expire from their first entry; disabled expiry never expires", () => {
    const welcomeOnly = entriesOf(decideWelcomeBonus(settings, [], { occurredAt: T0 }));
    expect(entriesOf(decideExpiry(settings, welcomeOnly, Date.UTC(2026, 3, 1, 3)))[0].points).toBe(-300);
    const off = { ...settings, expiry: { enabled: false, monthsWithoutPurchase: 12 } };
    expect(decideExpiry(off, welcomeOnly, Date.UTC(2030, 0, 1))).toMatchObject({ skipped: "expiry_disabled" });
    expect(decideExpiry(settings, [], T0)).toMatchObject({ skipped: "nothing_to_expire" });
  });
});

describe("liability", () => {
  it("values points at the ladder's best rate, rounded down", () => {
    expect(pointsLiabilityMinor(settings, 1_000)).toBe(1_166); // best is 3000 → ¥3,500
    expect(pointsLiabilityMinor(settings, 0)).toBe(0);
  });

  it("or at a fixed rate", () => {
    const fixed = { ...settings, liability: { method: "fixed" as const, valueMinor: 1, perPoints: 1 } };
    expect(pointsLiabilityMinor(fixed, 1_234)).toBe(1_234);
  });
});
