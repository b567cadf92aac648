/**
 * Backtest on CDNOW: fit BG/NBD + Gamma-Gamma on weeks 1–39 (1997-01-01 … 1997-09-30), predict the
 * 39-week holdout (… 1998-06-30) and compare with what customers actually did — in total, by number of
 * calibration repeat purchases (Fader, Hardie & Lee 2005, figure 4) and week by week (figure 2).
 *
 *   npx tsx bench/cdnow-holdout.ts   →   bench/results/cdnow-holdout.json
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readTransactionsCsv } from "../app/cli/commands/transactions-csv";
import { conditionalExpectedPurchases, expectedPurchases, fitBgNbd } from "../app/domain/clv/bgnbd";
import { fitGammaGamma } from "../app/domain/clv/gamma-gamma";
import { CDNOW_DIR } from "../app/domain/clv/test-support";
import { summarizeCalibrationHoldout } from "../app/domain/clv/summary";
import { groupOrdersByCustomer } from "../app/domain/orders";
import { dayNumberFromIsoDate } from "../app/domain/time";

const here = dirname(fileURLToPath(import.meta.url));
const TRANSACTIONS = `${CDNOW_DIR}/cdnow_sample_transactions.csv`;
const START = dayNumberFromIsoDate("1997-01-01");
const CALIBRATION_END = dayNumberFromIsoDate("1997-09-30");
const HOLDOUT_END = dayNumberFromIsoDate("1998-06-30");
const WEEKS = (HOLDOUT_END - START + 1) / 7; // 78

const started = performance.now();
const file = await readTransactionsCsv(TRANSACTIONS);
const summary = summarizeCalibrationHoldout(file.orders, {
  calibrationEnd: CALIBRATION_END,
  holdoutEnd: HOLDOUT_END,
  period: "week",
});
const bgnbd = fitBgNbd(summary);
const gammaGamma = fitGammaGamma(summary);
const fitMs = performance.now() - started;

// Holdout by calibration frequency 0 … 6, 7+.
const groups = Array.from({ length: 8 }, (_, x) => ({
  calibrationFrequency: x === 7 ? "7+" : String(x),
  customers: 0,
  predicted: 0,
  actual: 0,
}));
for (let i = 0; i < summary.size; i++) {
  const group = groups[Math.min(7, summary.frequency[i])];
  group.customers++;
  group.predicted += conditionalExpectedPurchases(
    bgnbd.params,
    summary.durationHoldout,
    summary.frequency[i],
    summary.recency[i],
    summary.T[i],
  );
  group.actual += summary.frequencyHoldout[i];
}
const predictedTotal = groups.reduce((s, g) => s + g.predicted, 0);
const actualTotal = groups.reduce((s, g) => s + g.actual, 0);

// Week by week: cumulative repeat purchase days, actual vs the model's unconditional expectation for
// each customer from their first purchase day (the tracking plot; weeks 1–39 are in-sample).
const actualByWeek = new Float64Array(WEEKS);
const { offsets, order } = groupOrdersByCustomer(file.orders);
const firstDays: number[] = [];
for (let c = 0; c + 1 < offsets.length; c++) {
  let previous = Number.NaN;
  for (let k = offsets[c]; k < offsets[c + 1]; k++) {
    const d = file.orders.day[order[k]];
    if (k === offsets[c]) firstDays.push(d);
    else if (d !== previous && d <= HOLDOUT_END) actualByWeek[Math.floor((d - START) / 7)]++;
    previous = d;
  }
}
let cumulativeActual = 0;
const weekly = Array.from({ length: WEEKS }, (_, w) => {
  cumulativeActual += actualByWeek[w];
  const endOfWeek = START + 7 * (w + 1) - 1;
  let predicted = 0;
  for (const first of firstDays) if (first < endOfWeek) predicted += expectedPurchases(bgnbd.params, (endOfWeek - first) / 7);
  return { week: w + 1, predictedCumulative: round(predicted), actualCumulative: cumulativeActual };
});

const result = {
  data: "CDNOW 1/10th sample (2,357 customers), lifetimes' copy",
  calibration: { start: "1997-01-01", end: "1997-09-30", customers: summary.size },
  holdout: { end: "1998-06-30", weeks: summary.durationHoldout },
  bgnbd: { ...mapValues(bgnbd.params, round), logLikelihood: round(bgnbd.logLikelihood), converged: bgnbd.converged },
  bgnbdPublished: { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259, logLikelihood: -9582.4 },
  gammaGamma: { ...mapValues(gammaGamma.params, round), v: round(gammaGamma.params.v / 100), customers: gammaGamma.customers },
  gammaGammaPublished: { p: 6.25, q: 3.74, v: 15.44 },
  holdoutRepeatPurchases: {
    predicted: round(predictedTotal),
    actual: actualTotal,
    errorPercent: round((100 * (predictedTotal - actualTotal)) / actualTotal),
  },
  byCalibrationFrequency: groups.map((g) => ({
    ...g,
    predicted: round(g.predicted),
    predictedPerCustomer: round(g.predicted / g.customers),
    actualPerCustomer: round(g.actual / g.customers),
  })),
  weekly,
  fitMilliseconds: Math.round(fitMs),
};

const out = join(here, "results", "cdnow-holdout.json");
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `BG/NBD r=${result.bgnbd.r} α=${result.bgnbd.alpha} a=${result.bgnbd.a} b=${result.bgnbd.b}; ` +
    `holdout predicted ${result.holdoutRepeatPurchases.predicted} vs actual ${actualTotal} → ${out}`,
);

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function mapValues<T extends object>(object: T, fn: (v: number) => number): { [K in keyof T]: number } {
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, fn(v as number)])) as { [K in keyof T]: number };
}
