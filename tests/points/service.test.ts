import { describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { getPointsAccount, loadHistory, loadLedger } from "../../app/db/points.server";
import { registerShop, type ShopRef } from "../../app/db/shops.server";
import { ledgerViolations, pointsBalance } from "../../app/domain/points";
import { adjustCustomerPoints, loadCustomerPoints } from "../../app/points/customer-points.server";
import { POINTS_JOBS } from "../../app/points/program.server";
import { applyOrderToPoints, runDailyPointsMaintenance } from "../../app/points/service.server";
import { addRefund, createCustomer, enablePoints, RecordingQueue, upsertOrder } from "./support";

const NOW = new Date("2026-03-10T03:00:00Z");
const DAY = 86_400_000;
let shopCounter = 0;

async function newShop(): Promise<ShopRef> {
  shopCounter++;
  const shop = await registerShop(db(), `points-service-${shopCounter}.myshopify.com`, {
    currency: "JPY",
    timezone: "Asia/Tokyo",
  });
  return { id: shop.id, domain: shop.domain };
}

async function ledgerOf(shop: ShopRef, customerId: bigint) {
  return loadLedger(db(), shop, customerId);
}

describe("orders to points", () => {
  it("earns once for the same order event delivered twice, with one welcome bonus", async () => {
    const shop = await newShop();
    await enablePoints(db(), shop);
    await createCustomer(db(), shop, 11n);
    await upsertOrder(db(), shop, { id: 1001n, customerId: 11n, subtotalMinor: 5_000, processedAt: NOW });
    const queue = new RecordingQueue();
    const first = await applyOrderToPoints(db(), shop, 1001n, { now: NOW, queue });
    const second = await applyOrderToPoints(db(), shop, 1001n, { now: NOW, queue });
    expect(first).toMatchObject({ status: "applied", balance: 350 });
    expect(second).toMatchObject({ status: "applied", appended: [], balance: 350 });
    const ledger = await ledgerOf(shop, 11n);
    expect(ledger.map((entry) => [entry.kind, entry.points])).toEqual([
      ["bonus_welcome", 300],
      ["earn", 50],
    ]);
    expect(ledger[1]).toMatchObject({ orderId: "1001", amountMinor: 5_000, tierId: "bronze", sourceKey: "order:1001:earn" });
    expect((await getPointsAccount(db(), shop, 11n))?.balance).toBe(350);
    expect(queue.named(POINTS_JOBS.pushMetafields)).toHaveLength(1);
    // The new member joined the entry tier: recorded as a 0-point tier change.
    const history = await loadHistory(db(), shop, 11n, { take: 10 });
    expect(history.filter((row) => row.kind === "tier_change")).toHaveLength(1);
  });

  it("does nothing when the program is off, the order has no customer, or it is not paid yet", async () => {
    const shop = await newShop();
    await createCustomer(db(), shop, 12n);
    await upsertOrder(db(), shop, { id: 2001n, customerId: 12n, subtotalMinor: 5_000, processedAt: NOW });
    expect(await applyOrderToPoints(db(), shop, 2001n, { now: NOW, queue: new RecordingQueue() })).toEqual({
      status: "disabled",
    });
    await enablePoints(db(), shop);
    await upsertOrder(db(), shop, { id: 2002n, customerId: null, subtotalMinor: 5_000, processedAt: NOW });
    expect(await applyOrderToPoints(db(), shop, 2002n, { now: NOW, queue: new RecordingQueue() })).toEqual({
      status: "no_customer",
    });
    await upsertOrder(db(), shop, {
      id: 2003n,
      customerId: 12n,
      subtotalMinor: 8_000,
      processedAt: NOW,
      financialStatus: "PENDING",
    });
    await applyOrderToPoints(db(), shop, 2003n, { now: NOW, queue: new RecordingQueue() });
    expect((await ledgerOf(shop, 12n)).map((entry) => entry.kind)).toEqual(["bonus_welcome"]);
    await upsertOrder(db(), shop, {
      id: 2003n,
      customerId: 12n,
      subtotalMinor: 8_000,
      processedAt: NOW,
      financialStatus: "PAID",
    });
    await applyOrderToPoints(db(), shop, 2003n, { now: new Date(NOW.getTime() + DAY), queue: new RecordingQueue() });
    expect((await ledgerOf(shop, 12n)).map((entry) => [entry.kind, entry.points])).toEqual([
      ["bonus_welcome", 300],
      ["earn", 80],
    ]);
  });

  it("does not award old orders first seen long after they were placed", async () => {
    const shop = await newShop();
    await enablePoints(db(), shop, { welcomeBonus: 0 });
    await createCustomer(db(), shop, 13n);
    await upsertOrder(db(), shop, {
      id: 3001n,
      customerId: 13n,
      subtotalMinor: 9_000,
      processedAt: new Date(NOW.getTime() - 200 * DAY),
    });
    await applyOrderToPoints(db(), shop, 3001n, { now: NOW, queue: new RecordingQueue() });
    expect(await ledgerOf(shop, 13n)).toEqual([]);
  });

  it("reverses refunds proportionally (refund lines, else the total capped at merchandise) and persists them once", async () => {
    const shop = await newShop();
    await enablePoints(db(), shop, { welcomeBonus: 0 });
    await createCustomer(db(), shop, 14n);
    await upsertOrder(db(), shop, { id: 4001n, customerId: 14n, subtotalMinor: 10_000, processedAt: NOW });
    const queue = new RecordingQueue();
    await applyOrderToPoints(db(), shop, 4001n, { now: NOW, queue });
    await addRefund(db(), shop, {
      id: 501n,
      orderId: 4001n,
      totalMinor: 3_300,
      lines: [3_000],
      at: new Date(NOW.getTime() + DAY),
    });
    await upsertOrder(db(), shop, {
      id: 4001n,
      customerId: 14n,
      subtotalMinor: 10_000,
      processedAt: NOW,
      financialStatus: "PARTIALLY_REFUNDED",
    });
    await applyOrderToPoints(db(), shop, 4001n, { now: new Date(NOW.getTime() + DAY), queue });
    // No refund lines: the total (shipping and tax included) counts, capped at the order's merchandise.
    await addRefund(db(), shop, { id: 502n, orderId: 4001n, totalMinor: 2_500, at: new Date(NOW.getTime() + 2 * DAY) });
    await applyOrderToPoints(db(), shop, 4001n, { now: new Date(NOW.getTime() + 2 * DAY), queue });
    await applyOrderToPoints(db(), shop, 4001n, { now: new Date(NOW.getTime() + 3 * DAY), queue });

    const ledger = await ledgerOf(shop, 14n);
    expect(ledger.map((entry) => [entry.kind, entry.points, entry.amountMinor])).toEqual([
      ["earn", 100, 10_000],
      ["reverse", -30, 3_000],
      ["reverse", -25, 2_500], // floor(100 × 5,500 / 10,000) = 55 in all
    ]);
    expect(ledger[1]).toMatchObject({ refundId: "501", sourceKey: "order:4001:refund:501" });
    expect((await getPointsAccount(db(), shop, 14n))?.balance).toBe(45);

    await addRefund(db(), shop, { id: 503n, orderId: 4001n, totalMinor: 99_999, at: new Date(NOW.getTime() + 3 * DAY) });
    await applyOrderToPoints(db(), shop, 4001n, { now: new Date(NOW.getTime() + 3 * DAY), queue });
    expect((await getPointsAccount(db(), shop, 14n))?.balance).toBe(0);
    expect(ledgerViolations(await ledgerOf(shop, 14n))).toEqual([]);
  });

  it("reverses what is left on cancellation, once, and never earns for an order cancelled before it was paid", async () => {
    const shop = await newShop();
    await enablePoints(db(), shop, { welcomeBonus: 0 });
    await createCustomer(db(), shop, 15n);
    await upsertOrder(db(), shop, { id: 5001n, customerId: 15n, subtotalMinor: 6_000, processedAt: NOW });
    const queue = new RecordingQueue();
    await applyOrderToPoints(db(), shop, 5001n, { now: NOW, queue });
    await addRefund(db(), shop, { id: 601n, orderId: 5001n, totalMinor: 1_000, lines: [1_000], at: NOW });
    const cancelledAt = new Date(NOW.getTime() + DAY);
    await upsertOrder(db(), shop, {
      id: 5001n,
      customerId: 15n,
      subtotalMinor: 6_000,
      processedAt: NOW,
      cancelledAt,
      financialStatus: "PARTIALLY_REFUNDED",
    });
    await applyOrderToPoints(db(), shop, 5001n, { now: cancelledAt, queue });
    await applyOrderToPoints(db(), shop, 5001n, { now: cancelledAt, queue });
    expect((await ledgerOf(shop, 15n)).map((entry) => [entry.kind, entry.points, entry.sourceKey])).toEqual([
      ["earn", 60, "order:5001:earn"],
      ["reverse", -10, "order:5001:refund:601"],
      ["reverse", -50, "order:5001:cancel"],
    ]);
    await upsertOrder(db(), shop, {
      id: 5002n,
      customerId: 15n,
      subtotalMinor: 6_000,
      processedAt: NOW,
      cancelledAt,
      financialStatus: "VOIDED",
    });
    await applyOrderToPoints(db(), shop, 5002n, { now: cancelledAt, queue });
    expect((await getPointsAccount(db(), shop, 15n))?.balance).toBe(0);
    expect((await ledgerOf(shop, 15n)).some((entry) => entry.orderId === "5002")).toBe(false);
  });

  it("keeps balance = sum(ledger) through a random sequence of orders, refunds, cancellations, adjustments and replays", async () => {
    const shop = await newShop();
    await enablePoints(db(), shop, { maxAdjustmentPoints: 5_000 });
    let state = 20260310;
    const random = () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
    const customers = [21n, 22n, 23n];
    for (const id of customers) await createCustomer(db(), shop, id);
    const orders: { id: bigint; customerId: bigint; subtotal: number; refunded: number; cancelled: boolean }[] = [];
    let nextOrder = 7000n;
    let nextRefund = 9000n;
    const queue = new RecordingQueue();
    for (let step = 0; step < 60; step++) {
      const now = new Date(NOW.getTime() + step * 3_600_000);
      const roll = random();
      if (roll < 0.35 || orders.length === 0) {
        const order = {
          id: nextOrder++,
          customerId: customers[Math.floor(random() * 3)],
          subtotal: 500 + Math.floor(random() * 30_000),
          refunded: 0,
          cancelled: false,
        };
        orders.push(order);
        await upsertOrder(db(), shop, {
          id: order.id,
          customerId: order.customerId,
          subtotalMinor: order.subtotal,
          processedAt: now,
        });
        await applyOrderToPoints(db(), shop, order.id, { now, queue });
      } else if (roll < 0.6) {
        const order = orders[Math.floor(random() * orders.length)];
        const amount = Math.floor(random() * order.subtotal * 0.6);
        await addRefund(db(), shop, {
          id: nextRefund++,
          orderId: order.id,
          totalMinor: amount,
          lines: random() < 0.5 ? [amount] : [],
          at: now,
        });
        await applyOrderToPoints(db(), shop, order.id, { now, queue });
      } else if (roll < 0.7) {
        const order = orders[Math.floor(random() * orders.length)];
        if (!order.cancelled) {
          order.cancelled = true;
          await upsertOrder(db(), shop, {
            id: order.id,
            customerId: order.customerId,
            subtotalMinor: order.subtotal,
            processedAt: now,
            cancelledAt: now,
          });
        }
        await applyOrderToPoints(db(), shop, order.id, { now, queue });
      } else if (roll < 0.85) {
        const customerId = customers[Math.floor(random() * 3)];
        await adjustCustomerPoints(
          db(),
          shop,
          {
            customerId,
            values: { points: String(Math.floor(random() * 800) - 400), reason: "Goodwill", adjustmentId: `adj-${step}-x` },
            now,
          },
          { queue },
        );
      } else {
        // A replay of an earlier delivery.
        const order = orders[Math.floor(random() * orders.length)];
        await applyOrderToPoints(db(), shop, order.id, { now, queue });
      }
      for (const customerId of customers) {
        const ledger = await ledgerOf(shop, customerId);
        const account = await getPointsAccount(db(), shop, customerId);
        expect(ledgerViolations(ledger)).toEqual([]);
        expect(account?.balance ?? 0).toBe(pointsBalance(ledger));
      }
    }
  });
});

describe("daily maintenance", () => {
  it("grants the birthday bonus once a year, expires idle balances once and records tier changes", async () => {
    const shop = await newShop();
    await enablePoints(db(), shop, { welcomeBonus: 100, expiry: { enabled: true, monthsWithoutPurchase: 12 } });
    const queue = new RecordingQueue();
    // Born in March (the shop's month at NOW); a big spender; an idle member.
    await createCustomer(db(), shop, 31n, "1990-03-21");
    await upsertOrder(db(), shop, { id: 8001n, customerId: 31n, subtotalMinor: 2_000, processedAt: NOW });
    await applyOrderToPoints(db(), shop, 8001n, { now: NOW, queue });
    await createCustomer(db(), shop, 32n);
    await upsertOrder(db(), shop, { id: 8002n, customerId: 32n, subtotalMinor: 60_000, processedAt: NOW });
    await applyOrderToPoints(db(), shop, 8002n, { now: NOW, queue });
    expect((await getPointsAccount(db(), shop, 32n))?.tier).toBe("silver");
    await createCustomer(db(), shop, 33n);
    const longAgo = new Date(NOW.getTime() - 400 * DAY);
    await upsertOrder(db(), shop, { id: 8003n, customerId: 33n, subtotalMinor: 3_000, processedAt: longAgo });
    await applyOrderToPoints(db(), shop, 8003n, { now: new Date(longAgo.getTime() + DAY), queue });
    expect((await getPointsAccount(db(), shop, 33n))?.balance).toBe(130);

    const first = await runDailyPointsMaintenance(db(), shop, NOW, { queue });
    expect(first).toMatchObject({ members: 3, birthdayBonuses: 1, expired: 1, pointsExpired: 130 });
    const again = await runDailyPointsMaintenance(db(), shop, new Date(NOW.getTime() + DAY), { queue });
    expect(again).toMatchObject({ birthdayBonuses: 0, expired: 0, tierChanges: 0 });
    expect((await getPointsAccount(db(), shop, 31n))?.balance).toBe(100 + 20 + 500);
    expect((await getPointsAccount(db(), shop, 33n))?.balance).toBe(0);

    // A year on the big spender's order leaves the window: back to bronze, recorded.
    const later = new Date(NOW.getTime() + 370 * DAY);
    const yearOn = await runDailyPointsMaintenance(db(), shop, later, { queue });
    expect(yearOn.tierChanges).toBeGreaterThanOrEqual(1);
    const account = await getPointsAccount(db(), shop, 32n);
    expect(account).toMatchObject({ tier: "bronze", rollingSpendMinor: 0 });
    const changes = (await loadHistory(db(), shop, 32n, { take: 50 })).filter((row) => row.kind === "tier_change");
    expect(changes.map((row) => row.detail)).toEqual([
      expect.objectContaining({ from: "silver", to: "bronze", direction: "down" }),
      expect.objectContaining({ from: null, to: "silver", direction: "joined" }),
    ]);
    const view = await loadCustomerPoints(db(), shop, 32n);
    expect(view).toMatchObject({ tier: { id: "bronze", name: "Bronze" } });
    expect(view.history.find((item) => item.kind === "tier_change")).toMatchObject({
      fromTier: { id: "silver", name: "Silver" },
      toTier: { id: "bronze", name: "Bronze" },
    });
  });
});

describe("manual adjustments", () => {
  it("validates, needs a reason, refuses overdrafts and applies a repeated submit once", async () => {
    const shop = await newShop();
    await enablePoints(db(), shop, { welcomeBonus: 0 });
    await createCustomer(db(), shop, 41n);
    const queue = new RecordingQueue();
    const adjust = (values: Record<string, unknown>) =>
      adjustCustomerPoints(db(), shop, { customerId: 41n, values, now: NOW }, { queue });
    // errors are catalogue keys with values, translated by the form
    expect(await adjust({ points: "abc", reason: "x" })).toEqual({
      ok: false,
      errors: { points: { key: "points.errors.adjustmentPoints" } },
    });
    expect(await adjust({ points: "100", reason: "  " })).toEqual({
      ok: false,
      errors: { reason: { key: "points.errors.reasonRequired" } },
    });
    expect(await adjust({ points: "-5", reason: "Typo" })).toEqual({
      ok: false,
      errors: { points: { key: "points.errors.deductionTooLarge", values: { balance: 0, points: 5 } } },
    });
    expect(await adjust({ points: "250", reason: "Apology for a late delivery", adjustmentId: "adjust-0001" })).toEqual({
      ok: true,
      balance: 250,
      duplicate: false,
    });
    expect(await adjust({ points: "250", reason: "Apology for a late delivery", adjustmentId: "adjust-0001" })).toEqual({
      ok: true,
      balance: 250,
      duplicate: true,
    });
    const [entry] = await ledgerOf(shop, 41n);
    expect(entry).toMatchObject({ kind: "adjust", points: 250, reason: "Apology for a late delivery" });
    expect(await adjustCustomerPoints(db(), shop, { customerId: 999n, values: { points: "1", reason: "x" } }, { queue })).toEqual(
      { ok: false, errors: { form: { key: "points.errors.customerMissing" } } },
    );
  });
});
