/**
 * `kizuna clv-fit --transactions FILE.csv --calibration-end YYYY-MM-DD [--holdout-end YYYY-MM-DD] [--period day|week] [--currency USD]`
 *
 * Fits BG/NBD and Gamma-Gamma on the calibration period and prints the parameters as JSON; with a
 * holdout end, also compares predicted and actual repeat purchases in the holdout period. A model whose
 * optimiser stopped, or whose parameters ran off to a bound the data cannot pin down, is reported as
 * `converged: false` with the reason: such numbers are not a fit, and the app predicts with the fallback.
 */
import { parseArgs } from "node:util";
import type { CommandIo } from "../io";
import { conditionalExpectedPurchases, fitBgNbd, type BgNbdFit } from "../../domain/clv/bgnbd";
import { bgnbdIdentifiability, fitClv, gammaGammaIdentifiability } from "../../domain/clv/fit-clv";
import { currencyDecimals } from "../../domain/money";
import { fitGammaGamma, type GammaGammaFit } from "../../domain/clv/gamma-gamma";
import {
  type CalibrationHoldoutSummary,
  type Period,
  type RfmSummary,
  summarizeCalibrationHoldout,
  summarizeTransactions,
} from "../../domain/clv/summary";
import { firstTransactionDate, parseCurrencyFlag, parseDateFlag, readTransactionsCsv } from "./transactions-csv";
import { InputError, runCommand } from "../io";

const USAGE =
  "usage: kizuna clv-fit --transactions FILE.csv --calibration-end YYYY-MM-DD [--holdout-end YYYY-MM-DD] [--period day|week] [--currency USD]";

/** Calibration repeat purchases grouped 0 … 6 and 7+, as in Fader, Hardie & Lee (2005), figure 3. */
const FREQUENCY_GROUPS = 8;

export async function run(args: string[], io: CommandIo): Promise<number> {
  return runCommand(io, USAGE, async () => {
    const { values } = parseArgs({
      args,
      options: {
        transactions: { type: "string" },
        "calibration-end": { type: "string" },
        "holdout-end": { type: "string" },
        period: { type: "string", default: "week" },
        currency: { type: "string", default: "USD" },
      },
      strict: true,
      allowPositionals: false,
    });
    if (!values.transactions) throw new InputError("--transactions FILE.csv is required");
    const calibrationEnd = parseDateFlag("calibration-end", values["calibration-end"]);
    const holdoutEnd = values["holdout-end"] === undefined ? undefined : parseDateFlag("holdout-end", values["holdout-end"]);
    if (holdoutEnd !== undefined && holdoutEnd <= calibrationEnd) {
      throw new InputError("--holdout-end must be after --calibration-end");
    }
    if (values.period !== "day" && values.period !== "week") {
      throw new InputError(`--period must be "day" or "week", not "${values.period}"`);
    }
    const period: Period = values.period;
    const currency = parseCurrencyFlag(values.currency);

    const file = await readTransactionsCsv(values.transactions, { currency });
    const withHoldout =
      holdoutEnd === undefined ? undefined : summarizeCalibrationHoldout(file.orders, { calibrationEnd, holdoutEnd, period });
    const summary: RfmSummary = withHoldout ?? summarizeTransactions(file.orders, { observationEnd: calibrationEnd, period });
    if (summary.size === 0) {
      throw new InputError(
        `no transactions on or before the calibration end ${values["calibration-end"]}; the first is on ${firstTransactionDate(file)}`,
      );
    }

    const assessment = fitClv(summary);
    const bgnbd: BgNbdFit = assessment.bgnbd ?? fitBgNbd(summary);
    let gammaGamma: GammaGammaFit | null = assessment.gammaGamma ?? null;
    let repeatCustomers = 0;
    for (let i = 0; i < summary.size; i++) if (summary.frequency[i] > 0 && summary.monetaryValue[i] > 0) repeatCustomers++;
    if (!gammaGamma && repeatCustomers > 0) gammaGamma = fitGammaGamma(summary);

    const output: Record<string, unknown> = {
      transactions: file.rows,
      customers: summary.size,
      repeatCustomers,
      period,
      calibrationEnd: values["calibration-end"],
      currency,
      bgnbd: {
        ...bgnbd.params,
        logLikelihood: bgnbd.logLikelihood,
        ...convergence(bgnbd.converged, bgnbdIdentifiability(bgnbd.params)),
      },
      // v is reported in the file's currency units (amounts were read into minor units).
      gammaGamma: gammaGamma
        ? {
            ...gammaGamma.params,
            v: gammaGamma.params.v / 10 ** currencyDecimals(currency),
            ...convergence(gammaGamma.converged, gammaGammaIdentifiability(gammaGamma.params)),
          }
        : null,
      model:
        assessment.status === "fitted"
          ? { status: "fitted" }
          : { status: assessment.status, reason: assessment.reason.key, message: assessment.reason.message },
    };
    if (withHoldout) output.holdout = holdoutComparison(withHoldout, bgnbd, values["holdout-end"] as string);
    io.stdout(`${JSON.stringify(output, null, 2)}\n`);
  });
}

/** converged only when the optimiser stopped at a minimum the data identifies; otherwise the reason. */
function convergence(optimiserConverged: boolean, problem: string | undefined) {
  if (!optimiserConverged) return { converged: false, reason: "The optimiser stopped before reaching a minimum." };
  return problem ? { converged: false, reason: problem } : { converged: true };
}

function holdoutComparison(summary: CalibrationHoldoutSummary, bgnbd: BgNbdFit, holdoutEnd: string) {
  const customers = new Array<number>(FREQUENCY_GROUPS).fill(0);
  const predicted = new Array<number>(FREQUENCY_GROUPS).fill(0);
  const actual = new Array<number>(FREQUENCY_GROUPS).fill(0);
  for (let i = 0; i < summary.size; i++) {
    const group = Math.min(summary.frequency[i], FREQUENCY_GROUPS - 1);
    customers[group]++;
    predicted[group] += conditionalExpectedPurchases(
      bgnbd.params,
      summary.durationHoldout,
      summary.frequency[i],
      summary.recency[i],
      summary.T[i],
    );
    actual[group] += summary.frequencyHoldout[i];
  }
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return {
    holdoutEnd,
    durationPeriods: summary.durationHoldout,
    predicted: sum(predicted),
    actual: sum(actual),
    byCalibrationFrequency: customers.map((count, group) => ({
      calibrationFrequency: group === FREQUENCY_GROUPS - 1 ? `${group}+` : String(group),
      customers: count,
      predicted: predicted[group],
      actual: actual[group],
      predictedPerCustomer: count > 0 ? predicted[group] / count : 0,
      actualPerCustomer: count > 0 ? actual[group] / count : 0,
    })),
  };
}
