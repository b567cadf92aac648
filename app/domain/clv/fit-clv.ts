/**
 * The one entry point a shop job calls: fit BG/NBD + Gamma-Gamma when the data can support them, and
 * otherwise say why (a machine key the UI translates, plus an English message) and hand back the
 * stated historic-rate fallback instead of fitted nonsense.
 */
import type { BgNbdFit, BgNbdParams } from "./bgnbd";
import { fitGammaGamma, type GammaGammaFit, type GammaGammaParams } from "./gamma-gamma";
import { type FrequencyFit, type FrequencyModelKind, fitFrequencyModel, frequencyModelProblem } from "./models";
import type { FittedClvModel, FittedFrequencyClvModel, HistoricRateModel } from "./predict";
import { PERIOD_DAYS, type RfmSummary } from "./summary";

export type InsufficientDataReasonKey =
  | "too_few_customers"
  | "too_few_repeat_customers"
  | "bgnbd_not_converged"
  | "gamma_gamma_not_converged"
  | "implausible_parameters";

export interface InsufficientDataReason {
  key: InsufficientDataReasonKey;
  message: string;
  /** For the "too few" keys: how many more customers (or repeat customers) the shop needs. */
  needed?: number;
}

export interface ClvFitOptions {
  /** Minimum customers in the summary (default 200). */
  minCustomers?: number;
  /** Minimum customers with a repeat purchase and positive spend (default 50). */
  minRepeatCustomers?: number;
  /** lifetimes-style L2 penalty for both models (default 0). */
  penalizer?: number;
  /** Fallback: retention per month since the last purchase (default 0.9). */
  monthlyRetention?: number;
  /** Fallback: pseudo-observation days pulling each customer's rate to the shop's (default 365). */
  priorDays?: number;
  /** The purchase-frequency model (default BG/NBD; select.ts chooses one from the shop's holdout). */
  frequencyModel?: FrequencyModelKind;
}

export type ClvFitResult =
  | {
      status: "fitted";
      model: FittedClvModel | FittedFrequencyClvModel;
      /** The frequency model actually used (its covariance gives the intervals). */
      frequency: FrequencyFit;
      /** Present when the frequency model is BG/NBD (the stored-model shape other code reads). */
      bgnbd?: BgNbdFit;
      gammaGamma: GammaGammaFit;
      /** Set when BG/NBD ran to the no-dropout boundary (a → 0) and its nested NBD was used instead. */
      boundaryFallback?: "bgnbd_to_nbd";
    }
  | {
      status: "insufficient_data";
      reason: InsufficientDataReason;
      fallback: HistoricRateModel;
      /** Present when a fit was attempted, for diagnostics. */
      bgnbd?: BgNbdFit;
      frequency?: FrequencyFit;
      gammaGamma?: GammaGammaFit;
    };

export function fitClv(summary: RfmSummary, options: ClvFitOptions = {}): ClvFitResult {
  const minCustomers = options.minCustomers ?? 200;
  const minRepeatCustomers = options.minRepeatCustomers ?? 50;
  const fallback = historicRateModel(summary, options);
  const insufficient = (
    key: InsufficientDataReasonKey,
    message: string,
    fits: { bgnbd?: BgNbdFit; frequency?: FrequencyFit; gammaGamma?: GammaGammaFit } = {},
    needed?: number,
  ): ClvFitResult => ({
    status: "insufficient_data",
    reason: needed === undefined ? { key, message } : { key, message, needed },
    fallback,
    ...fits,
  });

  if (summary.size < minCustomers) {
    const needed = minCustomers - summary.size;
    return insufficient(
      "too_few_customers",
      `Predictions need about ${needed} more customers with an order (at least ${minCustomers}; this shop has ${summary.size}).`,
      {},
      needed,
    );
  }
  let repeatCustomers = 0;
  for (let i = 0; i < summary.size; i++) if (summary.frequency[i] > 0 && summary.monetaryValue[i] > 0) repeatCustomers++;
  if (repeatCustomers < minRepeatCustomers) {
    const needed = minRepeatCustomers - repeatCustomers;
    return insufficient(
      "too_few_repeat_customers",
      `Predictions need about ${needed} more repeat customers (at least ${minRepeatCustomers} who ordered again; this shop has ${repeatCustomers}).`,
      {},
      needed,
    );
  }

  const kind = options.frequencyModel ?? "bgnbd";
  let frequency = fitFrequencyModel(kind, summary, { penalizer: options.penalizer });
  let boundaryFallback: "bgnbd_to_nbd" | undefined;
  if (kind === "bgnbd" && frequency.converged && frequencyModelProblem(frequency.model) === "boundary") {
    // a → 0: no customer ever drops out. That is the NBD, nested in BG/NBD; fit it rather than give up.
    const nbd = fitFrequencyModel("nbd", summary, { penalizer: options.penalizer });
    if (nbd.converged && !frequencyModelProblem(nbd.model)) {
      frequency = nbd;
      boundaryFallback = "bgnbd_to_nbd";
    }
  }
  const bgnbd = frequency.model.kind === "bgnbd" ? toBgNbdFit(frequency) : undefined;
  if (!frequency.converged) {
    return insufficient("bgnbd_not_converged", "The purchase-frequency model did not converge on this shop's data.", {
      bgnbd,
      frequency,
    });
  }
  const gammaGamma = fitGammaGamma(summary, { penalizer: options.penalizer });
  if (!gammaGamma.converged) {
    return insufficient("gamma_gamma_not_converged", "The order-value model did not converge on this shop's data.", {
      bgnbd,
      frequency,
      gammaGamma,
    });
  }
  const problem =
    (frequencyModelProblem(frequency.model)
      ? "The purchase-frequency model's parameters ran off to an extreme, so the data cannot pin them down."
      : undefined) ?? implausibleGammaGamma(gammaGamma.params, summary);
  if (problem) return insufficient("implausible_parameters", problem, { bgnbd, frequency, gammaGamma });

  const model: FittedClvModel | FittedFrequencyClvModel = bgnbd
    ? { kind: "bgnbd_gamma_gamma", period: summary.period, bgnbd: bgnbd.params, gammaGamma: gammaGamma.params }
    : { kind: "frequency_gamma_gamma", period: summary.period, frequency: frequency.model, gammaGamma: gammaGamma.params };
  return { status: "fitted", model, frequency, bgnbd, gammaGamma, ...(boundaryFallback ? { boundaryFallback } : {}) };
}

function toBgNbdFit(fit: FrequencyFit): BgNbdFit {
  const [r, alpha, a, b] = fit.model.params;
  return {
    params: { r, alpha, a, b },
    logLikelihood: fit.logLikelihood,
    converged: fit.converged,
    iterations: fit.iterations,
    customers: fit.customers,
    distinctRows: fit.distinctRows,
  };
}

const positiveFinite = (values: number[]) => values.every((v) => Number.isFinite(v) && v > 0);
// The optimiser ran off towards a boundary (r → 1e7, b → 1e-4): the data cannot identify the model.
const atExtreme = (values: number[]) => values.some((v) => v < 1e-4 || v > 1e4);

/** Why BG/NBD parameters are not a usable fit even though the optimiser stopped, or undefined. */
export function bgnbdIdentifiability(bgnbd: BgNbdParams): string | undefined {
  if (!positiveFinite([bgnbd.r, bgnbd.alpha, bgnbd.a, bgnbd.b])) return "A model parameter is not a positive finite number.";
  if (atExtreme([bgnbd.r, bgnbd.a, bgnbd.b])) {
    return "The purchase-frequency model's shape parameters (r, a, b) ran off to an extreme, so the data cannot pin them down.";
  }
  if (bgnbd.a + bgnbd.b <= 1) return "The drop-out model has a + b ≤ 1, for which expected purchases are undefined.";
  return undefined;
}

/** Why Gamma-Gamma parameters are not a usable fit even though the optimiser stopped, or undefined. */
export function gammaGammaIdentifiability(gammaGamma: GammaGammaParams): string | undefined {
  if (!positiveFinite([gammaGamma.p, gammaGamma.q, gammaGamma.v])) return "A model parameter is not a positive finite number.";
  if (atExtreme([gammaGamma.p, gammaGamma.q])) {
    return "The order-value model's shape parameters (p, q) ran off to an extreme, so the data cannot pin them down.";
  }
  if (gammaGamma.q <= 1) return "The order-value model implies an infinite average order value (q ≤ 1).";
  return undefined;
}

/** Returns why the parameters cannot be used, or undefined when they look sane. */
export function implausibility(
  bgnbd: BgNbdParams,
  gammaGamma: GammaGammaParams,
  summary: Pick<RfmSummary, "frequency" | "monetaryValue" | "T">,
): string | undefined {
  return bgnbdIdentifiability(bgnbd) ?? implausibleGammaGamma(gammaGamma, summary);
}

/** Why Gamma-Gamma parameters cannot be used with this shop's spend, or undefined. */
export function implausibleGammaGamma(
  gammaGamma: GammaGammaParams,
  summary: Pick<RfmSummary, "frequency" | "monetaryValue">,
): string | undefined {
  const problem = gammaGammaIdentifiability(gammaGamma);
  if (problem) return problem;
  // The model's population mean spend should be of the order of what repeat customers actually spend.
  let spend = 0;
  let count = 0;
  for (let i = 0; i < summary.frequency.length; i++) {
    if (summary.frequency[i] > 0 && summary.monetaryValue[i] > 0) {
      spend += summary.monetaryValue[i];
      count++;
    }
  }
  const observedMean = spend / count;
  const modelMean = (gammaGamma.v * gammaGamma.p) / (gammaGamma.q - 1);
  if (!(modelMean > observedMean / 5 && modelMean < observedMean * 5)) {
    return "The order-value model's average is far from the shop's actual average order value.";
  }
  return undefined;
}

/** The fallback model's shop-level inputs, from the same summary. */
export function historicRateModel(
  summary: RfmSummary,
  options: Pick<ClvFitOptions, "monthlyRetention" | "priorDays"> = {},
): HistoricRateModel {
  let repeatPurchases = 0;
  let observedPeriods = 0;
  let spend = 0;
  for (let i = 0; i < summary.size; i++) {
    repeatPurchases += summary.frequency[i];
    observedPeriods += summary.T[i];
    spend += summary.firstPurchaseValue[i] + summary.frequency[i] * summary.monetaryValue[i];
  }
  const purchases = summary.size + repeatPurchases;
  return {
    kind: "historic_rate",
    period: summary.period,
    shopRepeatRate: observedPeriods > 0 ? repeatPurchases / observedPeriods : 0,
    priorPeriods: (options.priorDays ?? 365) / PERIOD_DAYS[summary.period],
    monthlyRetention: options.monthlyRetention ?? 0.9,
    shopAverageOrderValue: purchases > 0 ? spend / purchases : 0,
  };
}
