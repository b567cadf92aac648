import { readFileSync } from "node:fs";
import { ordersFromRecords } from "../orders";
import { dayNumberFromIsoDate } from "../time";
import { conditionalExpectedPurchases, probabilityAlive } from "./bgnbd";
import { fitClv } from "./fit-clv";
import { conditionalExpectedOrderValue, customerLifetimeValue } from "./gamma-gamma";
import { DAYS_PER_MONTH, type FittedClvModel, predictCustomers } from "./predict";
import { summarizeTransactions } from "./summary";
import { CDNOW_DIR } from "./test-support";

function cdnowSummary(period: "day" | "week" = "week") {
  const lines = readFileSync(`${CDNOW_DIR}/cdnow_sample_transactions.csv`, "utf8").trim().split(/\r?\n/).slice(1);
  const { orders } = ordersFromRecords(
    lines.map((line) => {
      const [id, date, dollars] = line.split(",");
      return { customerId: id, day: dayNumberFromIsoDate(date), amount: Math.round(Number(dollars) * 100) };
    }),
  );
  return summarizeTransactions(orders, { observationEnd: dayNumberFromIsoDate("1997-09-30"), period });
}

describe("fitClv + predictCustomers on CDNOW", () => {
  const summary = cdnowSummary();
  const result = fitClv(summary);
  const bgModel = (): FittedClvModel => {
    if (result.status !== "fitted" || result.model.kind !== "bgnbd_gamma_gamma") throw new Error("expected a BG/NBD fit");
    return result.model;
  };

  it("fits both models (amounts in cents)", () => {
    expect(result.status).toBe("fitted");
    if (result.status !== "fitted") return;
    expect(bgModel().bgnbd.r).toBeCloseTo(0.2426, 3);
    expect(result.model.gammaGamma.p).toBeCloseTo(6.25, 1);
    expect(result.model.gammaGamma.v / 100).toBeCloseTo(15.44, 1);
  });

  it("gives each customer the scalar formulas' values", () => {
    if (result.status !== "fitted") throw new Error("expected a fit");
    const model = bgModel();
    const { customers, forecast } = predictCustomers(summary, model, { monthlyDiscountRate: 0.01 });
    expect(customers.size).toBe(2357);
    for (const i of [0, 1, 2, 17, 500, 2356]) {
      const x = summary.frequency[i];
      const tx = summary.recency[i];
      const T = summary.T[i];
      expect(customers.pAlive[i]).toBeCloseTo(probabilityAlive(model.bgnbd, x, tx, T), 12);
      expect(customers.expectedPurchases90[i]).toBeCloseTo(conditionalExpectedPurchases(model.bgnbd, 90 / 7, x, tx, T), 12);
      expect(customers.expectedPurchases365[i]).toBeCloseTo(conditionalExpectedPurchases(model.bgnbd, 365 / 7, x, tx, T), 12);
      expect(customers.expectedAov[i]).toBeCloseTo(
        conditionalExpectedOrderValue(model.gammaGamma, x, summary.monetaryValue[i]),
        9,
      );
      const clv = customerLifetimeValue(
        model.bgnbd,
        model.gammaGamma,
        { frequency: x, recency: tx, T, monetaryValue: summary.monetaryValue[i] },
        { months: 12, monthlyDiscountRate: 0.01, periodsPerMonth: DAYS_PER_MONTH / 7 },
      );
      expect(customers.predictedClv12m[i]).toBeCloseTo(clv, 8);
    }
    // The shop forecast is the sum of the customers' expectations.
    let purchases12m = 0;
    for (let i = 0; i < summary.size; i++) {
      purchases12m += conditionalExpectedPurchases(
        model.bgnbd,
        (12 * DAYS_PER_MONTH) / 7,
        summary.frequency[i],
        summary.recency[i],
        summary.T[i],
      );
    }
    expect(forecast.expectedPurchases).toBeCloseTo(purchases12m, 6);
    expect(forecast.months).toHaveLength(12);
    expect(forecast.expectedRevenue).toBe(forecast.months.reduce((s, m) => s + m.expectedRevenue, 0));
    // Fewer purchases each month as customers drop out.
    expect(forecast.months[11].expectedPurchases).toBeLessThan(forecast.months[0].expectedPurchases);
  });

  it("refuses a model fitted in another period", () => {
    if (result.status !== "fitted") throw new Error("expected a fit");
    const daily: FittedClvModel = { ...bgModel(), period: "day" };
    expect(() => predictCustomers(summary, daily)).toThrow(/weeks but the model in days/);
  });

  it("gives the same predictions in days as in weeks once α is rescaled", () => {
    if (result.status !== "fitted") throw new Error("expected a fit");
    const dailySummary = cdnowSummary("day");
    const dailyModel: FittedClvModel = {
      ...bgModel(),
      period: "day",
      bgnbd: { ...bgModel().bgnbd, alpha: bgModel().bgnbd.alpha * 7 },
    };
    const weekly = predictCustomers(summary, bgModel()).customers;
    const daily = predictCustomers(dailySummary, dailyModel).customers;
    for (const i of [0, 1, 100]) {
      expect(daily.expectedPurchases365[i]).toBeCloseTo(weekly.expectedPurchases365[i], 10);
      expect(daily.predictedClv12m[i]).toBeCloseTo(weekly.predictedClv12m[i], 8);
    }
  });
});

describe("fitClv on thin data", () => {
  // Ten customers, three of whom came back.
  const { orders } = ordersFromRecords([
    ...Array.from({ length: 10 }, (_, c) => ({ customerId: c, day: 100 + c * 5, amount: 4000 + c * 100 })),
    { customerId: 0, day: 130, amount: 5000 },
    { customerId: 0, day: 170, amount: 5000 },
    { customerId: 1, day: 160, amount: 3000 },
    { customerId: 2, day: 190, amount: 6000 },
  ]);
  const summary = summarizeTransactions(orders, { observationEnd: 200, period: "day" });

  it("reports the reason and a fallback model instead of fitting", () => {
    const result = fitClv(summary);
    expect(result.status).toBe("insufficient_data");
    if (result.status !== "insufficient_data") return;
    expect(result.reason.key).toBe("too_few_customers");
    expect(result.reason.message).toMatch(/about 190 more customers.*at least 200.*has 10/);
    expect(result.reason.needed).toBe(190);
    expect(result.fallback.kind).toBe("historic_rate");
    // 4 repeat purchases over Σ T = Σ (200 − first day) days.
    const sumT = Array.from({ length: 10 }, (_, c) => 200 - (100 + c * 5)).reduce((a, b) => a + b, 0);
    expect(result.fallback.shopRepeatRate).toBeCloseTo(4 / sumT, 15);
  });

  it("names too few repeat customers when there are enough customers", () => {
    const result = fitClv(summary, { minCustomers: 5 });
    expect(result.status === "insufficient_data" && result.reason.key).toBe("too_few_repeat_customers");
  });

  it("makes finite, ordered fallback predictions", () => {
    const result = fitClv(summary);
    if (result.status !== "insufficient_data") throw new Error("expected the fallback");
    const { customers, forecast } = predictCustomers(summary, result.fallback);
    for (let i = 0; i < customers.size; i++) {
      expect(Number.isFinite(customers.predictedClv12m[i])).toBe(true);
      expect(customers.expectedPurchases30[i]).toBeLessThanOrEqual(customers.expectedPurchases90[i]);
      expect(customers.expectedPurchases90[i]).toBeLessThanOrEqual(customers.expectedPurchases365[i]);
      expect(customers.pAlive[i]).toBeGreaterThan(0);
      expect(customers.pAlive[i]).toBeLessThanOrEqual(1);
    }
    // The customer who bought three times recently is worth more than a one-off buyer.
    expect(customers.predictedClv12m[0]).toBeGreaterThan(customers.predictedClv12m[5]);
    expect(forecast.expectedRevenue).toBeGreaterThan(0);
  });
});
