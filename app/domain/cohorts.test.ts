import { daysToSecondOrderByCustomer, monthlyCohorts, repeatPurchaseStats } from "./cohorts";
import { ordersFromRecords, ordersFromTimestamps } from "./orders";
import { createLocalDayNumber, dayNumberFromIsoDate as day } from "./time";

describe("monthlyCohorts", () => {
  // January cohort: a, b, c. February cohort: d.
  // a: Jan 5, Jan 20 (returns in month 0), Mar 3 (month 2).  b: Jan 10, Feb 1, Feb 15 (month 1 once).
  // c: Jan 31 only.  d: Feb 2, Mar 30 (month 1).
  const { orders } = ordersFromRecords([
    { customerId: "a", day: day("2024-01-05"), amount: 1000 },
    { customerId: "b", day: day("2024-01-10"), amount: 2000 },
    { customerId: "a", day: day("2024-01-20"), amount: 500 },
    { customerId: "c", day: day("2024-01-31"), amount: 3000 },
    { customerId: "b", day: day("2024-02-01"), amount: 700 },
    { customerId: "d", day: day("2024-02-02"), amount: 4000 },
    { customerId: "b", day: day("2024-02-15"), amount: 300 },
    { customerId: "a", day: day("2024-03-03"), amount: 800 },
    { customerId: "d", day: day("2024-03-30"), amount: 600 },
    { customerId: "d", day: day("2024-04-02"), amount: 999 }, // after the as-of day
  ]);

  it("builds the retention and revenue triangle", () => {
    const cohorts = monthlyCohorts(orders, { asOfDay: day("2024-03-31") });
    expect(cohorts).toEqual([
      {
        month: "2024-01",
        customers: 3,
        returningCustomers: [1, 1, 1],
        retention: [1 / 3, 1 / 3, 1 / 3],
        revenue: [6500, 1000, 800],
        inProgressMonth: null,
      },
      {
        month: "2024-02",
        customers: 1,
        returningCustomers: [0, 1],
        retention: [0, 1],
        revenue: [4000, 600],
        inProgressMonth: null,
      },
    ]);
  });

  it("marks the month still in progress on the as-of day, in every cohort row", () => {
    // As of 10 March, March has three weeks to go: its retention is not a drop, it is not over yet.
    const cohorts = monthlyCohorts(orders, { asOfDay: day("2024-03-10") });
    expect(cohorts.map((c) => [c.month, c.retention.length, c.inProgressMonth])).toEqual([
      ["2024-01", 3, 2],
      ["2024-02", 2, 1],
    ]);
    // A cohort whose first month is the as-of month is in progress from month 0.
    const march = monthlyCohorts(ordersFromRecords([{ customerId: "e", day: day("2024-03-02"), amount: 1 }]).orders, {
      asOfDay: day("2024-03-10"),
    });
    expect(march[0].inProgressMonth).toBe(0);
    // The last day of the month closes it (the as-of day is included in full), and so does February 29.
    expect(monthlyCohorts(orders, { asOfDay: day("2024-02-29") }).map((c) => c.inProgressMonth)).toEqual([null, null]);
    expect(monthlyCohorts(orders, { asOfDay: day("2024-02-28") }).map((c) => c.inProgressMonth)).toEqual([1, 0]);
    // Without an as-of day nothing is known to be unfinished.
    expect(monthlyCohorts(orders).map((c) => c.inProgressMonth)).toEqual([null, null]);
  });

  it("extends to the as-of month and drops empty cohorts", () => {
    const cohorts = monthlyCohorts(orders, { asOfDay: day("2024-05-10") });
    expect(cohorts.map((c) => c.month)).toEqual(["2024-01", "2024-02"]);
    expect(cohorts[0].retention).toHaveLength(5);
    expect(cohorts[1].revenue).toEqual([4000, 600, 999, 0]);
  });

  it("uses the shop's time zone for the month", () => {
    // 2024-01-31 20:00 UTC is already 1 February in Tokyo.
    const columns = {
      customerIndex: [0],
      processedAtMs: [Date.UTC(2024, 0, 31, 20)],
      amount: [100],
    };
    expect(monthlyCohorts(ordersFromTimestamps(columns, createLocalDayNumber("UTC")))[0].month).toBe("2024-01");
    expect(monthlyCohorts(ordersFromTimestamps(columns, createLocalDayNumber("Asia/Tokyo")))[0].month).toBe("2024-02");
  });

  it("returns nothing without orders", () => {
    expect(monthlyCohorts({ customerIndex: [], day: [], amount: [] })).toEqual([]);
  });
});

describe("repeatPurchaseStats", () => {
  const { orders } = ordersFromRecords([
    { customerId: "a", day: 0, amount: 1 },
    { customerId: "a", day: 3, amount: 1 }, // second order after 3 days
    { customerId: "b", day: 0, amount: 1 },
    { customerId: "b", day: 200, amount: 1 }, // after 200 days
    { customerId: "c", day: 10, amount: 1 }, // one order, eligible
    { customerId: "d", day: 350, amount: 1 },
    { customerId: "d", day: 350, amount: 1 }, // same day: 0 days; too recent for the F2 window
    { customerId: "e", day: 390, amount: 1 }, // one order, too recent for a 90-day window
  ]);

  it("computes the repeat rate, F2 conversion and days-to-second-order histogram", () => {
    const stats = repeatPurchaseStats(orders, { asOfDay: 400, windowDays: 90 });
    expect(stats.customers).toBe(5);
    expect(stats.repeatCustomers).toBe(3);
    expect(stats.repeatPurchaseRate).toBeCloseTo(0.6, 15);
    // Eligible (first order ≥ 90 days before day 400): a, b, c. Converted within 90 days: a (b took 200).
    expect(stats.f2Conversion).toEqual({ windowDays: 90, eligibleCustomers: 3, converted: 1, rate: 1 / 3 });
    const counts = Object.fromEntries(stats.daysToSecondOrder.map((b) => [`${b.fromDay}-${b.toDay ?? ""}`, b.customers]));
    expect(counts).toEqual({ "0-7": 2, "7-14": 0, "14-30": 0, "30-60": 0, "60-90": 0, "90-180": 0, "180-365": 1, "365-": 0 });
    expect(stats.medianDaysToSecondOrder).toBe(3);
  });

  it("gives each customer's days to the second order", () => {
    expect(Array.from(daysToSecondOrderByCustomer(orders, { asOfDay: 400 }))).toEqual([3, 200, Number.NaN, 0, Number.NaN]);
    expect(daysToSecondOrderByCustomer(orders, { asOfDay: 100 })[1]).toBeNaN();
  });
});
