/**
 * Model choice per shop from its own history: the latest 13 weeks are held out, every candidate model is
 * fitted on the weeks before, each predicts the held-out weeks customer by customer, and the one with the
 * smallest holdout error (root-mean-square error of purchases per customer) is chosen and then refitted
 * on the whole history. The comparison is kept with the result (ModelCheck), so a merchant can see it.
 */
import type { OrderColumns } from "../orders";
import { type ClvFitOptions, type ClvFitResult, fitClv } from "./fit-clv";
import { groupSummaryRows } from "./groups";
import {
  FREQUENCY_MODEL_KINDS,
  type FrequencyModel,
  type FrequencyModelKind,
  fitFrequencyModel,
  frequencyModelProblem,
  modelExpectedIfAlive,
  modelPAlive,
  namedParams,
} from "./models";
import {
  type CalibrationHoldoutSummary,
  PERIOD_DAYS,
  type Period,
  type RfmSummary,
  summarizeCalibrationHoldout,
  summarizeTransactions,
} from "./summary";

export const HOLDOUT_DAYS = 91;
/** Calibration purchases 0 … 6 and 7+, as in Fader, Hardie & Lee (2005), figure 4. */
export const FREQUENCY_BUCKETS = 8;

export type ModelChoice = FrequencyModelKind | "auto";

export interface CandidateCheck {
  kind: FrequencyModelKind;
  /** usable: fitted and inside the parameter space; otherwise why not. */
  status: "usable" | "not_converged" | "boundary" | "not_finite";
  params: Record<string, number> | null;
  logLikelihood: number | null;
  /** Root-mean-square error of holdout purchases per customer; null when not usable. */
  rmse: number | null;
  /** Predicted holdout purchases, all customers. */
  predictedTotal: number | null;
  /** Mean predicted holdout purchases per customer, by calibration-purchase bucket. */
  predictedByFrequency: number[] | null;
}

export interface HoldoutCheck {
  calibrationEndDay: number;
  holdoutEndDay: number;
  period: Period;
  holdoutPeriods: number;
  /** Customers with an order by the calibration end. */
  customers: number;
  actualTotal: number;
  /** Per bucket (0 … 6, 7+): customers and mean actual holdout purchases. */
  byFrequency: { calibrationPurchases: string; customers: number; actual: number }[];
  candidates: CandidateCheck[];
  /** The best usable candidate by holdout error, or null when none is usable. */
  best: FrequencyModelKind | null;
}

export interface HoldoutCheckOptions {
  /** Last day (inclusive) of the data; the holdout is the HOLDOUT_DAYS days ending here. */
  asOfDay: number;
  period?: Period;
  customerCount?: number;
  holdoutDays?: number;
  kinds?: readonly FrequencyModelKind[];
  penalizer?: number;
  /** Below this many repeat customers in the calibration period, no comparison is made (default 30). */
  minRepeatCustomers?: number;
}

/** Fits every candidate on the calibration period and scores it on the holdout; null when too thin. */
export function holdoutCheck(columns: OrderColumns, options: HoldoutCheckOptions): HoldoutCheck | null {
  const period = options.period ?? "day";
  const holdoutDays = options.holdoutDays ?? HOLDOUT_DAYS;
  const calibrationEndDay = options.asOfDay - holdoutDays;
  const summary = summarizeCalibrationHoldout(columns, {
    calibrationEnd: calibrationEndDay,
    holdoutEnd: options.asOfDay,
    period,
    customerCount: options.customerCount,
  });
  let repeat = 0;
  for (let i = 0; i < summary.size; i++) if (summary.frequency[i] > 0) repeat++;
  if (repeat < (options.minRepeatCustomers ?? 30)) return null;
  return scoreCandidates(summary, {
    calibrationEndDay,
    holdoutEndDay: options.asOfDay,
    kinds: options.kinds ?? FREQUENCY_MODEL_KINDS,
    penalizer: options.penalizer,
  });
}

/** The comparison on a ready calibration/holdout summary (used by the CDNOW bench and the tests). */
export function scoreCandidates(
  summary: CalibrationHoldoutSummary,
  options: { calibrationEndDay: number; holdoutEndDay: number; kinds: readonly FrequencyModelKind[]; penalizer?: number },
): HoldoutCheck {
  const groups = groupSummaryRows(summary.frequency, summary.recency, summary.T);
  const G = groups.size;
  const actualSum = new Float64Array(G);
  const actualSquares = new Float64Array(G);
  for (let i = 0; i < summary.size; i++) {
    const g = groups.groupOf[i];
    const y = summary.frequencyHoldout[i];
    actualSum[g] += y;
    actualSquares[g] += y * y;
  }
  const bucketOf = (x: number) => Math.min(FREQUENCY_BUCKETS - 1, x);
  const bucketCustomers = new Float64Array(FREQUENCY_BUCKETS);
  const bucketActual = new Float64Array(FREQUENCY_BUCKETS);
  let actualTotal = 0;
  for (let g = 0; g < G; g++) {
    const b = bucketOf(groups.x[g]);
    bucketCustomers[b] += groups.count[g];
    bucketActual[b] += actualSum[g];
    actualTotal += actualSum[g];
  }
  const N = summary.size;
  const duration = summary.durationHoldout;

  const candidates: CandidateCheck[] = options.kinds.map((kind) => {
    const fit = fitFrequencyModel(kind, summary, { penalizer: options.penalizer });
    const problem = fit.converged ? frequencyModelProblem(fit.model) : "not_converged";
    if (problem) {
      return {
        kind,
        status: problem,
        params: namedParams(fit.model),
        logLikelihood: Number.isFinite(fit.logLikelihood) ? fit.logLikelihood : null,
        rmse: null,
        predictedTotal: null,
        predictedByFrequency: null,
      };
    }
    const prediction = groupPredictions(fit.model, groups, duration);
    let squaredError = 0;
    let predictedTotal = 0;
    const bucketPredicted = new Float64Array(FREQUENCY_BUCKETS);
    for (let g = 0; g < G; g++) {
      const p = prediction[g];
      const n = groups.count[g];
      squaredError += actualSquares[g] - 2 * p * actualSum[g] + n * p * p;
      predictedTotal += n * p;
      bucketPredicted[bucketOf(groups.x[g])] += n * p;
    }
    return {
      kind,
      status: "usable",
      params: namedParams(fit.model),
      logLikelihood: fit.logLikelihood,
      rmse: Math.sqrt(Math.max(0, squaredError) / N),
      predictedTotal,
      predictedByFrequency: Array.from(bucketPredicted, (v, b) => (bucketCustomers[b] > 0 ? v / bucketCustomers[b] : 0)),
    };
  });

  let best: CandidateCheck | null = null;
  for (const candidate of candidates) {
    if (candidate.rmse === null) continue;
    if (!best || (best.rmse !== null && candidate.rmse < best.rmse)) best = candidate;
  }
  return {
    calibrationEndDay: options.calibrationEndDay,
    holdoutEndDay: options.holdoutEndDay,
    period: summary.period,
    holdoutPeriods: duration,
    customers: N,
    actualTotal,
    byFrequency: Array.from(bucketCustomers, (customers, b) => ({
      calibrationPurchases: b === FREQUENCY_BUCKETS - 1 ? `${b}+` : String(b),
      customers,
      actual: customers > 0 ? bucketActual[b] / customers : 0,
    })),
    candidates,
    best: best?.kind ?? null,
  };
}

/** Conditional expected purchases over `t` periods for each group. */
function groupPredictions(model: FrequencyModel, groups: ReturnType<typeof groupSummaryRows>, t: number): Float64Array {
  const out = new Float64Array(groups.size);
  const memo = new Map<string, number>();
  for (let g = 0; g < groups.size; g++) {
    const key = `${groups.x[g]},${groups.T[g]}`;
    let ifAlive = memo.get(key);
    if (ifAlive === undefined) {
      ifAlive = modelExpectedIfAlive(model, t, groups.x[g], groups.T[g]);
      memo.set(key, ifAlive);
    }
    out[g] = modelPAlive(model, groups.x[g], groups.tx[g], groups.T[g]) * ifAlive;
  }
  return out;
}

export interface SelectedClvFit {
  /** The whole-history summary the chosen model was fitted on. */
  summary: RfmSummary;
  fit: ClvFitResult;
  /** The holdout comparison, or null when the calibration period was too thin to compare. */
  check: HoldoutCheck | null;
  chosen: FrequencyModelKind;
  /** Why this model: the best holdout error, asked for by name, or the default when no comparison was possible. */
  chosenBecause: "best_holdout_error" | "requested" | "default_no_holdout";
}

export interface SelectedClvFitOptions extends ClvFitOptions {
  asOfDay: number;
  period?: Period;
  customerCount?: number;
  model?: ModelChoice;
  holdoutDays?: number;
  /** The whole-history summary when the caller already has it (same asOfDay, period and customers). */
  summary?: RfmSummary;
}

/** Holdout comparison, then the chosen (or requested) model fitted on the whole history. */
export function fitClvWithSelection(columns: OrderColumns, options: SelectedClvFitOptions): SelectedClvFit {
  const period = options.period ?? "day";
  const choice = options.model ?? "auto";
  const summary =
    options.summary ??
    summarizeTransactions(columns, { observationEnd: options.asOfDay, period, customerCount: options.customerCount });
  const history = summary.size > 0 ? maxT(summary) * PERIOD_DAYS[period] : 0;
  const holdoutDays = options.holdoutDays ?? HOLDOUT_DAYS;
  // A comparison needs a calibration period at least as long as the holdout.
  const check =
    history >= 2 * holdoutDays
      ? holdoutCheck(columns, {
          asOfDay: options.asOfDay,
          period,
          customerCount: options.customerCount,
          holdoutDays,
          penalizer: options.penalizer,
        })
      : null;
  let chosen: FrequencyModelKind;
  let chosenBecause: SelectedClvFit["chosenBecause"];
  if (choice !== "auto") {
    chosen = choice;
    chosenBecause = "requested";
  } else if (check?.best) {
    chosen = check.best;
    chosenBecause = "best_holdout_error";
  } else {
    chosen = "bgnbd";
    chosenBecause = "default_no_holdout";
  }
  const fit = fitClv(summary, { ...options, frequencyModel: chosen });
  return { summary, fit, check, chosen, chosenBecause };
}

function maxT(summary: RfmSummary): number {
  let m = 0;
  for (let i = 0; i < summary.size; i++) m = Math.max(m, summary.T[i]);
  return m;
}

/** What a ModelCheck row stores as JSON: the comparison, the choice and why, and the chosen fit's intervals. */
export interface ModelCheckDetail {
  version: 1;
  chosenModel: FrequencyModelKind;
  chosenBecause: SelectedClvFit["chosenBecause"];
  /** Set when BG/NBD ran to a → 0 and the nested NBD was used. */
  boundaryFallback: "bgnbd_to_nbd" | null;
  status: "fitted" | "insufficient_data";
  /** Why there are no model predictions (the "too few" keys say how many more customers are needed). */
  reason: { key: string; message: string; needed?: number } | null;
  params: Record<string, number> | null;
  holdout: HoldoutCheck | null;
  /** The shop forecast for the next 12 months with its 80% interval (minor units for revenue). */
  forecast: {
    expectedPurchases: number;
    expectedPurchasesLow: number | null;
    expectedPurchasesHigh: number | null;
    expectedRevenue: number;
    expectedRevenueLow: number | null;
    expectedRevenueHigh: number | null;
  } | null;
  /** Holdout error of the monthly revenue forecast with and without the seasonal index, when measured. */
  seasonality: { applied: boolean; errorWithout: number | null; errorWith: number | null } | null;
}

export function modelCheckDetail(
  selected: SelectedClvFit,
  forecast: ModelCheckDetail["forecast"],
  seasonality: ModelCheckDetail["seasonality"] = null,
): ModelCheckDetail {
  const fit = selected.fit;
  const frequency = fit.status === "fitted" ? fit.frequency : fit.frequency;
  return {
    version: 1,
    chosenModel: frequency?.model.kind ?? selected.chosen,
    chosenBecause: selected.chosenBecause,
    boundaryFallback: fit.status === "fitted" ? (fit.boundaryFallback ?? null) : null,
    status: fit.status,
    reason: fit.status === "fitted" ? null : fit.reason,
    params: frequency ? namedParams(frequency.model) : null,
    holdout: selected.check,
    forecast,
    seasonality,
  };
}
