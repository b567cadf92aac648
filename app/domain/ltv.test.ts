import { customerHistory, historicLtv } from "./ltv";
import { ordersFromRecords } from "./orders";

describe("historicLtv", () => {
  const { orders } = ordersFromRecords([
    { customerId: "a", day: 1, amount: 1000 },
    { customerId: "a", day: 5, amount: 3000 },
    { customerId: "a", day: 9, amount: -1000 }, // refund
    { customerId: "b", day: 2, amount: 2000 },
    { customerId: "c", day: 3, amount: 500 },
    { customerId: "c", day: 50, amount: 9999 }, // after as-of
  ]);

  it("computes per-customer history", () => {
    const h = customerHistory(orders, { asOfDay: 10 });
    expect(Array.from(h.orders)).toEqual([3, 1, 1]);
    expect(Array.from(h.netSpend)).toEqual([3000, 2000, 500]);
    expect(Array.from(h.firstOrderDay)).toEqual([1, 2, 3]);
    expect(Array.from(h.lastOrderDay)).toEqual([9, 2, 3]);
  });

  it("aggregates the shop in integer minor units", () => {
    const { shop, averageOrderValue } = historicLtv(orders, { asOfDay: 10 });
    expect(Array.from(averageOrderValue)).toEqual([1000, 2000, 500]);
    expect(shop).toEqual({
      customers: 3,
      orders: 5,
      netRevenue: 5500,
      averageOrderValue: 1100,
      ordersPerCustomer: 5 / 3,
      averageLtv: 1833,
      medianLtv: 2000,
      top10PercentRevenueShare: 3000 / 5500,
    });
  });

  it("handles an empty shop", () => {
    const { shop } = historicLtv({ customerIndex: [], day: [], amount: [] });
    expect(shop.customers).toBe(0);
    expect(shop.averageOrderValue).toBe(0);
  });
});
