import { readFileSync } from "node:fs";
import { ordersFromRecords } from "../orders";
import { dayNumberFromIsoDate } from "../time";
import { summarizeCalibrationHoldout, summarizeTransactions, summaryFromColumns } from "./summary";
import { CDNOW_DIR as CDNOW } from "./test-support";

function loadCdnowTransactions() {
  const lines = readFileSync(`${CDNOW}/cdnow_sample_transactions.csv`, "utf8").trim().split(/\r?\n/).slice(1);
  return ordersFromRecords(
    lines.map((line) => {
      const [id, date, dollars] = line.split(",");
      return { customerId: Number(id), day: dayNumberFromIsoDate(date), amount: Math.round(Number(dollars) * 100) };
    }),
  );
}

describe("summarizeTransactions", () => {
  // Customer "a": two purchases on day 10 (count once, amounts summed), then days 12 and 20.
  // Customer "b": a single day. Customer "c": only after the observation end, so not summarised.
  const { orders, customerIds } = ordersFromRecords([
    { customerId: "a", day: 10, amount: 500 },
    { customerId: "b", day: 13, amount: 700 },
    { customerId: "a", day: 20, amount: 300 },
    { customerId: "a", day: 10, amount: 250 },
    { customerId: "a", day: 12, amount: 100 },
    { customerId: "a", day: 12, amount: 100 },
    { customerId: "c", day: 31, amount: 900 },
    { customerId: "a", day: 40, amount: 999 },
  ]);

  it("follows lifetimes' definitions in days", () => {
    const s = summarizeTransactions(orders, { observationEnd: 30, period: "day" });
    expect(s.size).toBe(2);
    expect(Array.from(s.customerIndex, (i) => customerIds[i])).toEqual(["a", "b"]);
    expect(Array.from(s.frequency)).toEqual([2, 0]);
    expect(Array.from(s.recency)).toEqual([10, 0]);
    expect(Array.from(s.T)).toEqual([20, 17]);
    // Repeat days: day 12 (200) and day 20 (300); the first day (750) is excluded.
    expect(Array.from(s.monetaryValue)).toEqual([250, 0]);
    expect(Array.from(s.firstPurchaseValue)).toEqual([750, 700]);
  });

  it("measures time in weeks as days / 7", () => {
    const s = summarizeTransactions(orders, { observationEnd: 30, period: "week" });
    expect(s.recency[0]).toBeCloseTo(10 / 7, 15);
    expect(s.T[1]).toBeCloseTo(17 / 7, 15);
  });

  it("splits calibration and holdout", () => {
    const s = summarizeCalibrationHoldout(orders, { calibrationEnd: 30, holdoutEnd: 44, period: "day" });
    expect(Array.from(s.frequency)).toEqual([2, 0]);
    expect(Array.from(s.frequencyHoldout)).toEqual([1, 0]);
    expect(Array.from(s.monetaryHoldout)).toEqual([999, 0]);
    expect(s.durationHoldout).toBe(14);
    expect(() => summarizeCalibrationHoldout(orders, { calibrationEnd: 30, holdoutEnd: 30 })).toThrow(/after/);
  });

  it("builds a summary from columns", () => {
    const s = summaryFromColumns({ frequency: [1, 0], recency: [2, 0], T: [3, 4] });
    expect(s.size).toBe(2);
    expect(() => summaryFromColumns({ frequency: [1], recency: [2, 0], T: [3, 4] })).toThrow();
  });
});

describe("CDNOW summary", () => {
  it("reproduces the published calibration summary exactly", () => {
    const { orders, customerIds } = loadCdnowTransactions();
    const s = summarizeTransactions(orders, { observationEnd: dayNumberFromIsoDate("1997-09-30"), period: "week" });
    const published = readFileSync(`${CDNOW}/cdnow_customers_summary_with_transactions.csv`, "utf8")
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((line) => line.split(","));
    expect(s.size).toBe(published.length);
    expect(s.size).toBe(2357);
    let repeatCustomers = 0;
    for (let i = 0; i < s.size; i++) {
      const [id, x, tx, T, zbar] = published[i];
      expect(customerIds[s.customerIndex[i]]).toBe(Number(id));
      const row = [
        String(s.frequency[i]),
        s.recency[i].toFixed(2),
        s.T[i].toFixed(2),
        // Cents → dollars with half-up rounding of the mean, as the published table does.
        (Math.round(s.monetaryValue[i]) / 100).toFixed(2),
      ];
      expect(row, `customer ${id}`).toEqual([x, tx, T, zbar]);
      if (s.frequency[i] > 0) repeatCustomers++;
    }
    expect(repeatCustomers).toBe(946);
  });
});
