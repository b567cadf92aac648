/**
 * `kizuna import-history --shop DOMAIN --file FILE.csv [--preset generic|ec-cube|…] [--dry-run]`
 * `kizuna import-history --shop DOMAIN --remove BATCH_ID`
 *
 * Imports past orders from the previous shop system (docs/decisions/029-history-import.md): the file is
 * validated as a whole first, problems are printed with their line numbers and nothing is written unless the
 * whole file is valid. `--dry-run` reports what an import would do. The same file imported again changes
 * nothing. `--remove` takes a batch out again as one.
 */
import { parseArgs } from "node:util";
import { db } from "../../db/client.server";
import { listBatches } from "../../db/history-import.server";
import type { ImportProblem } from "../../domain/import/orders";
import { PRESET_IDS, type PresetId } from "../../domain/import/presets";
import {
  type ImportReport,
  ImportFileError,
  importHistoryFile,
  inspectImportFile,
  removeImportBatch,
  validateImportFile,
} from "../../sync/history-import.server";
import { type CommandIo, InputError, runCommand } from "../io";
import { progressPrinter } from "../progress";
import { shopFromArgs } from "./shop-option";

const USAGE =
  "usage: kizuna import-history --shop DOMAIN --file FILE.csv [--preset " +
  `${PRESET_IDS.join("|")}] [--dry-run]\n       kizuna import-history --shop DOMAIN --remove BATCH_ID\n       kizuna import-history --shop DOMAIN --list`;

const RECOMPUTE_HINT = (domain: string) =>
  `The shop's data is marked changed; run \`npx kizuna recompute --shop ${domain}\` to see it in the analytics now.`;

const PROBLEM_TEXT: Record<ImportProblem["code"], string> = {
  broken_line: "the line is broken (wrong number of fields or a quoted field not closed)",
  bad_date: "the date is not a date (use 2023-04-01, 2023/4/1 or 2023年4月1日)",
  future_date: "the date is in the future",
  bad_amount: "the amount is not a number",
  negative_amount: "the amount is negative",
  bad_quantity: "the quantity is not a whole number",
  bad_price: "the price is not a number",
  empty_customer: "no customer: the email, phone and customer id are all empty",
  empty_order_id: "the order id is empty",
  duplicate_order: "this order id was already used for a different order",
  order_rows_disagree: "rows of the same order have different dates or customers",
};

export function problemLine(problem: ImportProblem): string {
  const value = problem.value === undefined ? "" : ` ("${problem.value}")`;
  const other = problem.otherLine === undefined ? "" : ` (first on line ${problem.otherLine})`;
  return `line ${problem.line}: ${PROBLEM_TEXT[problem.code]}${value}${other}`;
}

function reportLines(report: ImportReport): string[] {
  return [
    `encoding ${report.encoding}, preset ${report.preset}`,
    `${report.rows} rows → ${report.orders} orders (${report.lineItems} line items), ${report.skippedRows} rows skipped, ${report.duplicateOrders} orders exported twice`,
    `${report.customers} customers: ${report.customersMatched} matched to Shopify customers, ${report.customersCreated} historical-only`,
    ...(report.firstOrderAt ? [`orders from ${report.firstOrderAt.slice(0, 10)} to ${report.lastOrderAt?.slice(0, 10)}`] : []),
  ];
}

export async function run(args: string[], io: CommandIo): Promise<number> {
  return runCommand(io, USAGE, async () => {
    const { values } = parseArgs({
      args,
      options: {
        shop: { type: "string" },
        file: { type: "string" },
        preset: { type: "string" },
        "dry-run": { type: "boolean", default: false },
        remove: { type: "string" },
        list: { type: "boolean", default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    const client = db();
    const shop = await shopFromArgs(client, values.shop === undefined ? [] : ["--shop", values.shop]);
    const ref = { id: shop.id, domain: shop.domain };
    const now = new Date();

    if (values.list) {
      for (const batch of await listBatches(client, ref)) {
        io.stdout(
          `#${batch.id} ${batch.status} ${batch.fileName} (${batch.preset}): ${batch.ordersImported} orders, ` +
            `${batch.customersMatched} matched, ${batch.customersCreated} historical-only, ${batch.createdAt.toISOString()}`,
        );
      }
      return;
    }
    if (values.remove !== undefined) {
      const batchId = Number(values.remove);
      if (!Number.isInteger(batchId) || batchId <= 0)
        throw new InputError(`--remove takes a batch number, not "${values.remove}"`);
      const removed = await removeImportBatch(client, ref, batchId, now);
      if (!removed) throw new InputError(`No import batch #${batchId} in ${shop.domain} (see --list)`);
      io.stdout(`Removed batch #${batchId}: ${removed.orders} orders, ${removed.customers} historical-only customers`);
      io.stdout(RECOMPUTE_HINT(shop.domain));
      return;
    }
    if (!values.file) throw new InputError("--file FILE.csv is required (or --remove BATCH_ID, --list)");
    let preset: PresetId;
    try {
      const info = await inspectImportFile(values.file);
      if (values.preset !== undefined && !(PRESET_IDS as readonly string[]).includes(values.preset)) {
        throw new InputError(`--preset must be one of ${PRESET_IDS.join(", ")}, not "${values.preset}"`);
      }
      preset = (values.preset as PresetId | undefined) ?? info.suggestedPreset;
      io.stderr(
        `${values.file}: ${info.encoding}, ${info.header.length} columns, preset ${preset}${values.preset ? "" : " (suggested)"}`,
      );
    } catch (error) {
      if (error instanceof ImportFileError) throw new InputError(`${values.file}: ${error.message}`);
      throw error;
    }
    const progress = progressPrinter(io);
    const onProgress = (phase: string, done: number) => progress.update({ phase, done, total: null });

    if (values["dry-run"]) {
      const report = await validateImportFile(client, ref, values.file, { preset, now, progress: onProgress });
      progress.done();
      printReport(io, report);
      if (report.missing.length > 0 || report.problemCount > 0) throw new InputError("the file would not import (see above)");
      io.stdout("Dry run: nothing was written. Run again without --dry-run to import.");
      return;
    }
    const outcome = await importHistoryFile(client, ref, values.file, { preset, now, progress: onProgress });
    progress.done();
    if (outcome.status === "already-imported") {
      io.stdout(`Already imported as batch #${outcome.batch.id} (${outcome.batch.status}); nothing changed.`);
      return;
    }
    printReport(io, outcome.report);
    if (outcome.status === "invalid") throw new InputError("nothing was imported: fix the lines above and run again");
    io.stdout(`Imported batch #${outcome.batch.id}: ${outcome.report.orders} orders.`);
    io.stdout(RECOMPUTE_HINT(shop.domain));
  });
}

function printReport(io: CommandIo, report: ImportReport): void {
  if (report.missing.length > 0) {
    io.stderr(`No column found for: ${report.missing.join(", ")}. Choose another --preset or rename the columns.`);
    return;
  }
  for (const line of reportLines(report)) io.stdout(line);
  if (report.problemCount > 0) {
    io.stderr(`${report.problemCount} problems:`);
    for (const problem of report.problems) io.stderr(`  ${problemLine(problem)}`);
    if (report.problemCount > report.problems.length) io.stderr(`  … and ${report.problemCount - report.problems.length} more`);
  }
}
