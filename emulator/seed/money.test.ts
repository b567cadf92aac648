import type { Order } from "../store/model";
import { generateStore } from "./generate";

function checkOrder(order: Order, now: number): void {
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  for (const bag of [order.subtotal, order.total, order.totalTax, order.totalShipping, order.totalDiscounts]) {
    expect(Number.isInteger(bag.shop)).toBe(true);
    expect(bag.presentment).toBe(bag.shop);
    expect(bag.shop).toBeGreaterThanOrEqual(0);
  }
  expect(order.lineItems.length).toBeGreaterThan(0);
  for (const line of order.lineItems) {
    expect(line.quantity).toBeGreaterThan(0);
    expect(line.totalDiscount.shop).toBeGreaterThanOrEqual(0);
    expect(line.discountedTotal.shop).toBe(line.originalUnitPrice.shop * line.quantity - line.totalDiscount.shop);
    expect(line.discountedTotal.shop).toBeGreaterThanOrEqual(0);
    expect(line.discountedTotal.presentment).toBe(line.discountedTotal.shop);
  }
  expect(sum(order.lineItems.map((line) => line.discountedTotal.shop))).toBe(order.subtotal.shop);
  expect(sum(order.lineItems.map((line) => line.totalDiscount.shop))).toBe(order.totalDiscounts.shop);
  expect(order.total.shop).toBe(order.subtotal.shop + order.totalShipping.shop + (order.taxesIncluded ? 0 : order.totalTax.shop));
  if (order.taxesIncluded) expect(order.totalTax.shop).toBeLessThan(order.total.shop);
  expect(order.discountCodes.length > 0).toBe(order.totalDiscounts.shop > 0);

  const refunded = sum(order.refunds.map((refund) => refund.totalRefunded.shop));
  expect(refunded).toBeLessThanOrEqual(order.total.shop);
  for (const refund of order.refunds) {
    expect(refund.orderId).toBe(order.id);
    expect(refund.createdAt).toBeGreaterThanOrEqual(order.createdAt);
    expect(refund.createdAt).toBeLessThanOrEqual(order.updatedAt);
    for (const refundLine of refund.refundLineItems) {
      const line = order.lineItems.find((item) => item.id === refundLine.lineItemId);
      expect(line).toBeDefined();
      expect(refundLine.quantity).toBeLessThanOrEqual(line?.quantity ?? 0);
      expect(refundLine.subtotal.shop).toBeLessThanOrEqual(line?.discountedTotal.shop ?? 0);
    }
  }
  const expectedStatus =
    order.financialStatus === "VOIDED"
      ? "VOIDED"
      : refunded === 0
        ? "PAID"
        : refunded === order.total.shop
          ? "REFUNDED"
          : "PARTIALLY_REFUNDED";
  expect(order.financialStatus).toBe(expectedStatus);
  if (order.financialStatus === "VOIDED") expect(order.cancelledAt).not.toBeNull();
  if (order.cancelledAt !== null) {
    expect(order.cancelReason).not.toBeNull();
    expect(["VOIDED", "REFUNDED"]).toContain(order.financialStatus);
    expect(order.fulfillmentStatus).toBe("UNFULFILLED");
  }

  expect(order.processedAt).toBe(order.createdAt);
  expect(order.updatedAt).toBeGreaterThanOrEqual(order.createdAt);
  expect(order.updatedAt).toBeLessThanOrEqual(now);
  if (order.closedAt !== null) expect(order.closedAt).toBeGreaterThanOrEqual(order.createdAt);
  expect(order.test).toBe(false);
  expect(order.currency).toBe(order.presentmentCurrency);
}

describe.each(["JPY", "USD"])("money invariants over every order of a 2,000-customer %s store", (currency) => {
  const store = generateStore({ seed: 99, customers: 2_000, currency });
  const orders = [...store.orders.values()];

  it("holds exactly in integer minor units for every order", () => {
    expect(orders.length).toBeGreaterThan(5_000);
    for (const order of orders) checkOrder(order, store.now);
  });

  it("has the advertised shares of codes, refunds, cancellations and channels", () => {
    const share = (predicate: (order: Order) => boolean) => orders.filter(predicate).length / orders.length;
    expect(share((order) => order.discountCodes.length > 0)).toBeGreaterThan(0.1);
    expect(share((order) => order.discountCodes.length > 0)).toBeLessThan(0.2);
    expect(share((order) => order.cancelledAt !== null)).toBeGreaterThan(0.005);
    expect(share((order) => order.cancelledAt !== null)).toBeLessThan(0.03);
    expect(share((order) => order.cancelledAt === null && order.refunds.length > 0)).toBeGreaterThan(0.015);
    expect(share((order) => order.cancelledAt === null && order.refunds.length > 0)).toBeLessThan(0.05);
    expect(share((order) => order.financialStatus === "PARTIALLY_REFUNDED")).toBeGreaterThan(0);
    expect(share((order) => order.sourceName === "web")).toBeGreaterThan(0.75);
    expect(share((order) => order.sourceName === "pos")).toBeGreaterThan(0.03);
    expect(share((order) => order.totalShipping.shop === 0 && order.sourceName === "web")).toBeGreaterThan(0.1);
  });

  it("uses WELCOME10 only on first orders and ships web orders to the customer's address", () => {
    const firstOrder = new Map<number, number>();
    for (const order of orders) {
      const id = order.customerId as number;
      firstOrder.set(id, Math.min(firstOrder.get(id) ?? Number.POSITIVE_INFINITY, order.createdAt));
    }
    for (const order of orders) {
      if (order.discountCodes.includes("WELCOME10")) expect(order.createdAt).toBe(firstOrder.get(order.customerId as number));
      const customer = store.customers.get(order.customerId as number);
      expect(customer).toBeDefined();
      expect(order.email).toBe(customer?.email);
      if (order.sourceName !== "pos") expect(order.shippingAddress).toEqual(customer?.defaultAddress);
      expect(customer?.createdAt ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(order.createdAt);
    }
  });
});

describe("Japanese consumption tax", () => {
  it("includes 8% on food lines and 10% on the rest and on shipping", () => {
    const store = generateStore({ seed: 5, customers: 200 });
    const foodVariants = new Set<number>();
    for (const product of store.products.values()) {
      if (product.tags.includes("食品")) for (const variant of product.variants) foodVariants.add(variant.id);
    }
    for (const order of store.orders.values()) {
      expect(order.taxesIncluded).toBe(true);
      let tax = Math.round((order.totalShipping.shop * 0.1) / 1.1);
      for (const line of order.lineItems) {
        const rate = foodVariants.has(line.variantId as number) ? 0.08 : 0.1;
        tax += Math.round((line.discountedTotal.shop * rate) / (1 + rate));
      }
      expect(order.totalTax.shop).toBe(tax);
    }
  });
});
