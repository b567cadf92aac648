/*
 * Property test: random sequences of orders, partial and full refunds, cancellations, redemptions
 * (some of whose discounts fail), adjustments, bonuses, expiry runs and duplicate deliveries of any
 * earlier event. After every step the ledger must keep its invariants.
 */
import { describe, expect, it } from "vitest";
import {
  decideAdjustment,
  decideBirthdayBonus,
  decideCancellation,
  decideExpiry,
  decideOrderPaid,
  decideRedemption,
  decideRedemptionFailed,
  decideRefund,
  decideWelcomeBonus,
  type PointsDecision,
} from "./decisions";
import { type Ledger, ledgerViolations, orderPoints, pointsBalance } from "./ledger";
import { defaultPointsProgramSettings, type PointsProgramSettings } from "./settings";
import { purchasesFromLedger, rollingNetSpendMinor, tierForSpend } from "./tiers";

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)];
  return { next, int, pick };
}

const DAY = 86_400_000;
const SEQUENCES = 1_200;
const START = Date.UTC(2024, 0, 1);

type Step = (ledger: Ledger, now: number) => PointsDecision;

function randomSettings(random: ReturnType<typeof prng>): PointsProgramSettings {
  const base = defaultPointsProgramSettings;
  return {
    ...base,
    earn: {
      ...base.earn,
      points: random.pick([1, 1, 2, 5]),
      perAmountMinor: random.pick([100, 100, 200, 110, 1]),
      minOrderMinor: random.pick([0, 0, 1_000]),
      maxPointsPerOrder: random.pick([null, null, 300]),
    },
    tiers: [
      { id: "bronze", name: "Bronze", thresholdMinor: 0, multiplier: random.pick([1, 1.25]) },
      { id: "silver", name: "Silver", thresholdMinor: 20_000, multiplier: random.pick([1.5, 1.33]) },
      { id: "gold", name: "Gold", thresholdMinor: 60_000, multiplier: random.pick([2, 2.75]) },
    ],
    redemptionLadder: random.pick([
      base.redemptionLadder,
      [
        { points: 1, discountMinor: 1 },
        { points: 50, discountMinor: 60 },
      ],
    ]),
    expiry: { enabled: random.next() < 0.7, monthsWithoutPurchase: random.pick([1, 3, 12]) },
  };
}

function runSequence(seed: number) {
  const random = prng(seed);
  const settings = randomSettings(random);
  let ledger: Ledger = [];
  let now = START;
  const delivered: Step[] = [];
  const orders: { id: string; amount: number; refunded: number }[] = [];
  const redemptions: string[] = [];
  let counter = 0;

  const fresh = (): Step | null => {
    const id = `${seed}-${counter++}`;
    const roll = random.next();
    if (roll < 0.3 || orders.length === 0) {
      const amount = random.pick([0, 50, 99, 100, 1_234, 5_000, random.int(1, 80_000)]);
      orders.push({ id, amount, refunded: 0 });
      return (l, at) => {
        const spend = rollingNetSpendMinor(purchasesFromLedger(l), at, settings.tierWindowMonths);
        const tierId = tierForSpend(settings, spend).id;
        return decideOrderPaid(settings, l, {
          orderId: id,
          netMerchandiseMinor: amount,
          currencyCode: "JPY",
          tierId,
          occurredAt: at,
        });
      };
    }
    if (roll < 0.5) {
      const order = random.pick(orders);
      const remaining = order.amount - order.refunded;
      // Mostly partial refunds of what is left, sometimes everything, sometimes more than was paid.
      const refund = random.pick([random.int(0, Math.max(0, remaining)), remaining, remaining + 100, 1]);
      order.refunded += refund;
      return (l, at) => decideRefund(l, { orderId: order.id, refundId: id, refundedMerchandiseMinor: refund, occurredAt: at });
    }
    if (roll < 0.58) {
      const order = random.pick(orders);
      return (l, at) => decideCancellation(l, { orderId: order.id, occurredAt: at });
    }
    if (roll < 0.72) {
      const points = random.next() < 0.8 ? random.pick(settings.redemptionLadder).points : random.int(1, 2_000);
      redemptions.push(id);
      return (l, at) => decideRedemption(settings, l, { requestId: id, points, occurredAt: at });
    }
    if (roll < 0.8 && redemptions.length > 0) {
      const requestId = random.pick(redemptions);
      return (l, at) => decideRedemptionFailed(l, { requestId, occurredAt: at });
    }
    if (roll < 0.9) {
      const points = random.int(-400, 400);
      return (l, at) => decideAdjustment(settings, l, { adjustmentId: id, points, reason: "test", occurredAt: at });
    }
    if (roll < 0.94) return (l, at) => decideWelcomeBonus(settings, l, { occurredAt: at });
    if (roll < 0.97) {
      const birthMonth = random.int(1, 12);
      return (l, at) => decideBirthdayBonus(settings, l, { birthMonth, timeZone: "Asia/Tokyo" }, at);
    }
    return (l, at) => decideExpiry(settings, l, at);
  };

  const length = random.int(5, 60);
  for (let i = 0; i < length; i++) {
    now += random.int(0, 40) * DAY + random.int(0, DAY);
    const duplicate = delivered.length > 0 && random.next() < 0.2;
    const step = duplicate ? random.pick(delivered) : fresh();
    if (!step) continue;
    const before = ledger;
    const decision = step(ledger, now);
    if (!duplicate) delivered.push(step);
    if (!decision.ok) {
      // A refused event changes nothing and says why.
      expect(decision.message.key).toMatch(/^points\.errors\./);
      continue;
    }
    for (const entry of decision.entries) {
      expect(
        before.some((e) => e.sourceKey === entry.sourceKey),
        `seed ${seed}: ${entry.sourceKey} appended twice`,
      ).toBe(false);
    }
    ledger = [...ledger, ...decision.entries];

    // Re-delivering the very same event right away never appends anything.
    const again = step(ledger, now);
    if (again.ok) expect(again.entries, `seed ${seed}: duplicate delivery appended entries`).toEqual([]);

    const violations = ledgerViolations(ledger);
    expect(violations, `seed ${seed} step ${i}`).toEqual([]);
    expect(pointsBalance(ledger)).toBe(ledger.reduce((sum, e) => sum + e.points, 0));
    expect(pointsBalance(ledger)).toBeGreaterThanOrEqual(0);
  }

  for (const order of orders) {
    const state = orderPoints(ledger, order.id);
    if (!state) continue;
    expect(state.reversed).toBeLessThanOrEqual(state.earned);
    // A fully refunded or cancelled order has had every point it earned reversed, exactly.
    if (state.cancelled || state.refundedMinor >= state.amountMinor) expect(state.reversed).toBe(state.earned);
    expect(ledger.filter((e) => e.kind === "earn" && e.orderId === order.id)).toHaveLength(1);
  }
  return ledger.length;
}

describe("points ledger properties", () => {
  it(`keeps its invariants over ${SEQUENCES} random sequences`, () => {
    let entries = 0;
    for (let seed = 1; seed <= SEQUENCES; seed++) entries += runSequence(seed);
    // Guard against a generator that silently stopped producing entries.
    expect(entries).toBeGreaterThan(SEQUENCES * 5);
  });
});
