/**
 * `kizuna rfm --transactions FILE.csv --as-of YYYY-MM-DD [--currency USD] [--scoring auto|quintiles|fixed]
 *   [--recency-days 30,90,180,365] [--frequency 2,3,5,10] [--monetary 50,100,250,500]`
 *
 * Prints one CSV row per customer with an order by the as-of date: recency in days, orders, net
 * spend (in the file's currency units), the three scores and the segment's English name.
 */
import { parseArgs } from "node:util";
import type { CommandIo } from "../io";
import { currencyDecimals, minorUnitsToAmount } from "../../domain/money";
import {
  analyzeRfm,
  DEFAULT_FIXED_THRESHOLDS,
  RFM_SEGMENT_KEYS,
  RFM_SEGMENT_NAMES,
  type RfmScoringConfig,
  rfmScoringConfigSchema,
} from "../../domain/rfm/index";
import { csvLines } from "../../lib/csv";
import { firstTransactionDate, parseCurrencyFlag, parseDateFlag, readTransactionsCsv } from "./transactions-csv";
import { InputError, runCommand } from "../io";

const USAGE =
  "usage: kizuna rfm --transactions FILE.csv --as-of YYYY-MM-DD [--currency USD] [--scoring auto|quintiles|fixed]\n" +
  "                  [--recency-days 30,90,180,365] [--frequency 2,3,5,10] [--monetary 50,100,250,500]\n" +
  "  --monetary is in the currency's units (yen for JPY, dollars for USD); its default follows the currency's scale.";
const HEADER = ["customer_id", "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score", "segment"];
/** Rows per stdout write: large shops produce millions of rows. */
const CHUNK = 10_000;
/**
 * Below this many customers with an order, a quintile is a handful of customers and one order moves a
 * score: `auto` scores by fixed thresholds instead (and says so).
 */
export const MIN_CUSTOMERS_FOR_QUINTILES = 50;

/**
 * The default M thresholds in the currency's own units: 50 / 100 / 250 / 500 where money has cents,
 * 5,000 / 10,000 / 25,000 / 50,000 where it has none (yen, won) — the same spending bands, not ¥50.
 */
export function defaultMonetaryThresholds(currency: string): [number, number, number, number] {
  return currencyDecimals(currency) === 0 ? [5_000, 10_000, 25_000, 50_000] : [50, 100, 250, 500];
}

function thresholdsFlag(flag: string, value: string | undefined, fallback: readonly number[]): number[] {
  if (value === undefined) return [...fallback];
  const parts = value.split(",").map((part) => part.trim());
  if (parts.length !== 4 || parts.some((part) => !/^\d+(\.\d+)?$/.test(part))) {
    throw new InputError(`--${flag} "${value}" must be four numbers separated by commas, e.g. 30,90,180,365`);
  }
  return parts.map(Number);
}

export async function run(args: string[], io: CommandIo): Promise<number> {
  return runCommand(io, USAGE, async () => {
    const { values } = parseArgs({
      args,
      options: {
        transactions: { type: "string" },
        "as-of": { type: "string" },
        currency: { type: "string", default: "USD" },
        scoring: { type: "string", default: "auto" },
        "recency-days": { type: "string" },
        frequency: { type: "string" },
        monetary: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    });
    if (!values.transactions) throw new InputError("--transactions FILE.csv is required");
    const asOfDay = parseDateFlag("as-of", values["as-of"]);
    const currency = parseCurrencyFlag(values.currency);
    const decimals = currencyDecimals(currency);
    if (values.scoring !== "auto" && values.scoring !== "quintiles" && values.scoring !== "fixed") {
      throw new InputError(`--scoring must be "auto", "quintiles" or "fixed", not "${values.scoring}"`);
    }
    const monetaryMajor = thresholdsFlag("monetary", values.monetary, defaultMonetaryThresholds(currency));
    const fixed = rfmScoringConfigSchema.safeParse({
      method: "fixed",
      recencyDays: thresholdsFlag("recency-days", values["recency-days"], DEFAULT_FIXED_THRESHOLDS.recencyDays),
      frequency: thresholdsFlag("frequency", values.frequency, DEFAULT_FIXED_THRESHOLDS.frequency),
      monetary: monetaryMajor.map((major) => Math.round(major * 10 ** decimals)),
    });
    if (!fixed.success) {
      const issue = fixed.error.issues[0];
      const flag = { recencyDays: "recency-days", frequency: "frequency", monetary: "monetary" }[String(issue.path[0])];
      throw new InputError(`--${flag}: thresholds must increase, each larger than the one before`);
    }

    const file = await readTransactionsCsv(values.transactions, { currency });
    let customersWithOrders = 0;
    const ordered = new Uint8Array(file.customerIds.length);
    for (let i = 0; i < file.rows; i++) {
      if (file.orders.day[i] <= asOfDay && !ordered[file.orders.customerIndex[i]]) {
        ordered[file.orders.customerIndex[i]] = 1;
        customersWithOrders++;
      }
    }
    if (customersWithOrders === 0) {
      throw new InputError(
        `no transactions on or before the as-of date ${values["as-of"]}; the first is on ${firstTransactionDate(file)}`,
      );
    }

    const thresholds = fixed.data as Extract<RfmScoringConfig, { method: "fixed" }>;
    let scoring: RfmScoringConfig = values.scoring === "quintiles" ? { method: "quintiles" } : thresholds;
    const tooFew = customersWithOrders < MIN_CUSTOMERS_FOR_QUINTILES;
    if (values.scoring === "auto") {
      if (tooFew) {
        const m = monetaryMajor.join("/");
        io.stderr(
          `warning: ${customersWithOrders} customers with an order are too few for quintile scores (${MIN_CUSTOMERS_FOR_QUINTILES} or more); ` +
            `scored by fixed thresholds instead (R ${thresholds.recencyDays.join("/")} days, F ${thresholds.frequency.join("/")} orders, ` +
            `M ${m} ${currency}). Pass --scoring quintiles to score by quintiles anyway.`,
        );
      } else {
        scoring = { method: "quintiles" };
      }
    } else if (values.scoring === "quintiles" && tooFew) {
      io.stderr(
        `warning: ${customersWithOrders} customers with an order are too few for meaningful quintile scores (${MIN_CUSTOMERS_FOR_QUINTILES} or more); scored by quintiles as asked.`,
      );
    }

    const { metrics, scores, segments } = analyzeRfm(file.orders, {
      asOfDay,
      customerCount: file.customerIds.length,
      scoring,
    });

    let chunk: Array<Array<string | number>> = [HEADER];
    for (let c = 0; c < metrics.customerCount; c++) {
      if (metrics.frequency[c] === 0) continue; // no order by the as-of date
      chunk.push([
        file.customerIds[c],
        metrics.recencyDays[c],
        metrics.frequency[c],
        minorUnitsToAmount(metrics.monetary[c], decimals),
        scores.recency[c],
        scores.frequency[c],
        scores.monetary[c],
        RFM_SEGMENT_NAMES[RFM_SEGMENT_KEYS[segments[c]]],
      ]);
      if (chunk.length >= CHUNK) {
        io.stdout(csvLines(chunk, { recordDelimiter: "\n" }));
        chunk = [];
      }
    }
    if (chunk.length > 0) io.stdout(csvLines(chunk, { recordDelimiter: "\n" }));
  });
}
