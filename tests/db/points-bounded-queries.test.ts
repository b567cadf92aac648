import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { getPointsAccount, loadOrdersSince } from "../../app/db/points.server";
import type { ShopRef } from "../../app/db/shops.server";
import { applyOrderVersion } from "../../app/db/store-copy.server";
import type { LineItemRecord, OrderRecord } from "../../app/domain/store-records";
import { applyOrderToPoints, runDailyPointsMaintenance } from "../../app/points/service.server";
import { createCustomer, enablePoints, RecordingQueue } from "../points/support";
import { seedShopRows } from "../support/seed-rows";

/*
 * A shop with real history: one member with several thousand orders (and refunds) inside the tier window.
 * Every query the points code sends must keep its bound-parameter list bounded, whatever the history
 * (SQLite refuses more than 32766 parameters in one statement — far fewer in older builds — and Prisma
 * refuses a statement past the adapter's limit with P2029).
 */

const NOW = new Date("2026-06-30T00:00:00Z");
const ORDERS = 6_000;
const ORDER_MINOR = 50;
const REFUNDED_ORDERS = 40;
const BIG_SPENDER = 600_001n;
const ORDER_ID_BASE = 700_000_000n;

let shop: ShopRef;

beforeAll(async () => {
  const client = db();
  shop = await seedShopRows(client, "bounded-queries.myshopify.com", { customers: 3, idBase: 500_000 });
  await enablePoints(client, shop, { welcomeBonus: 0 });
  await createCustomer(client, shop, BIG_SPENDER);
  const rows = Array.from({ length: ORDERS }, (_, index) => {
    const at = new Date(NOW.getTime() - (index + 1) * 60_000);
    return {
      shopId: shop.id,
      id: ORDER_ID_BASE + BigInt(index),
      name: `#H${index}`,
      customerId: BIG_SPENDER,
      shopifyCreatedAt: at,
      processedAt: at,
      shopifyUpdatedAt: at,
      currency: "JPY",
      presentmentCurrency: "JPY",
      financialStatus: "PAID",
      subtotalMinor: ORDER_MINOR,
      totalMinor: ORDER_MINOR,
      presentmentTotalMinor: ORDER_MINOR,
    };
  });
  for (let start = 0; start < rows.length; start += 500) {
    await client.order.createMany({ data: rows.slice(start, start + 500) });
  }
  await client.refund.createMany({
    data: Array.from({ length: REFUNDED_ORDERS }, (_, index) => ({
      shopId: shop.id,
      id: 900_000_000n + BigInt(index),
      orderId: ORDER_ID_BASE + BigInt(index * 100),
      shopifyCreatedAt: NOW,
      totalMinor: ORDER_MINOR,
      lineItems: "[]",
    })),
  });
});

describe("points queries on a shop with several thousand orders in one page", () => {
  const expectedSpend = (ORDERS - REFUNDED_ORDERS) * ORDER_MINOR;

  it("loads every order of the window with its refunds", async () => {
    const orders = await loadOrdersSince(db(), shop, [BIG_SPENDER], new Date(NOW.getTime() - 365 * 86_400_000));
    expect(orders).toHaveLength(ORDERS);
    expect(orders.filter((order) => order.refunds.length > 0)).toHaveLength(REFUNDED_ORDERS);
  });

  it("applies one of the member's orders, with the tier from all of them", async () => {
    const queue = new RecordingQueue();
    const outcome = await applyOrderToPoints(db(), shop, ORDER_ID_BASE + 1n, { queue, now: NOW });
    expect(outcome).toMatchObject({ status: "applied", customerId: BIG_SPENDER });
    expect(await getPointsAccount(db(), shop, BIG_SPENDER)).toMatchObject({ tier: "gold", rollingSpendMinor: expectedSpend });
  });

  it("runs the daily maintenance over the page and keeps tiers and spend exact", async () => {
    // the stored tier and spend are stale: the daily run must refresh them from every order
    await db().pointsAccount.update({
      where: { shopId_customerId: { shopId: shop.id, customerId: BIG_SPENDER } },
      data: { tier: "bronze", rollingSpendMinor: 0 },
    });
    const queue = new RecordingQueue();
    const result = await runDailyPointsMaintenance(db(), shop, NOW, { queue });
    expect(result.members).toBe(1);
    expect(result.tierChanges).toBe(1);
    expect(await getPointsAccount(db(), shop, BIG_SPENDER)).toMatchObject({ tier: "gold", rollingSpendMinor: expectedSpend });
  });
});

describe("the store copy of an order with more line items than one statement may bind", () => {
  const orderId = 800_000_001n;
  const order = (updatedAt: Date): OrderRecord => ({
    id: orderId,
    name: "#B2B-1",
    customerId: BIG_SPENDER,
    email: null,
    shopifyCreatedAt: NOW,
    processedAt: NOW,
    shopifyUpdatedAt: updatedAt,
    cancelledAt: null,
    cancelReason: null,
    currency: "JPY",
    presentmentCurrency: "JPY",
    financialStatus: "PAID",
    sourceName: "web",
    tags: "",
    discountCodes: "",
    subtotalMinor: 1_500,
    totalDiscountsMinor: 0,
    totalShippingMinor: 0,
    totalTaxMinor: 0,
    totalMinor: 1_500,
    totalRefundedMinor: 0,
    presentmentTotalMinor: 1_500,
    shippingProvinceCode: null,
    shippingCountryCode: "JP",
    test: false,
  });
  const lines = (count: number): LineItemRecord[] =>
    Array.from({ length: count }, (_, index) => ({
      id: 810_000_000n + BigInt(index),
      orderId,
      productId: null,
      variantId: null,
      title: `Part ${index}`,
      variantTitle: null,
      sku: null,
      quantity: 1,
      originalUnitPriceMinor: 1,
      discountedTotalMinor: 1,
      totalDiscountMinor: 0,
    }));

  it("keeps exactly the line items of the latest version", async () => {
    expect(await applyOrderVersion(db(), shop, order(new Date("2026-06-01T00:00:00Z")), lines(1_500), [])).toBe(true);
    expect(await db().lineItem.count({ where: { shopId: shop.id, orderId } })).toBe(1_500);
    // the next version lost 300 lines (an edited order): they are removed, the rest kept
    expect(await applyOrderVersion(db(), shop, order(new Date("2026-06-02T00:00:00Z")), lines(1_200), [])).toBe(true);
    expect(await db().lineItem.count({ where: { shopId: shop.id, orderId } })).toBe(1_200);
  });
});
