/**
 * `kizuna rfm --transactions FILE.csv --as-of YYYY-MM-DD [--scoring quintiles|fixed]`
 *
 * Prints one CSV row per customer with an order by the as-of date: recency in days, orders, net
 * spend (in the file's currency units), the three scores and the segment's English name.
 */
import { parseArgs } from "node:util";
import type { CommandIo } from "../io";
import {
  analyzeRfm,
  DEFAULT_FIXED_THRESHOLDS,
  RFM_SEGMENT_KEYS,
  RFM_SEGMENT_NAMES,
  type RfmScoringConfig,
} from "../../domain/rfm/index";
import { csvLines } from "../../lib/csv";
import { parseDateFlag, readTransactionsCsv } from "./transactions-csv";
import { InputError, runCommand } from "../io";

const USAGE = "usage: kizuna rfm --transactions FILE.csv --as-of YYYY-MM-DD [--scoring quintiles|fixed]";
const HEADER = ["customer_id", "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score", "segment"];
/** Rows per stdout write: large shops produce millions of rows. */
const CHUNK = 10_000;

export async function run(args: string[], io: CommandIo): Promise<number> {
  return runCommand(io, USAGE, async () => {
    const { values } = parseArgs({
      args,
      options: {
        transactions: { type: "string" },
        "as-of": { type: "string" },
        scoring: { type: "string", default: "quintiles" },
      },
      strict: true,
      allowPositionals: false,
    });
    if (!values.transactions) throw new InputError("--transactions FILE.csv is required");
    const asOfDay = parseDateFlag("as-of", values["as-of"]);
    let scoring: RfmScoringConfig;
    if (values.scoring === "quintiles") scoring = { method: "quintiles" };
    else if (values.scoring === "fixed") scoring = DEFAULT_FIXED_THRESHOLDS;
    else throw new InputError(`--scoring must be "quintiles" or "fixed", not "${values.scoring}"`);

    const file = await readTransactionsCsv(values.transactions);
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
        (metrics.monetary[c] / 100).toFixed(2),
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
