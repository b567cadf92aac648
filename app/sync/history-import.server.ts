import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, rm, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { CsvError, parse } from "csv-parse";
import iconv from "iconv-lite";
import type { Db } from "../db/client.server";
import { projectRoot } from "../db/database-url.mjs";
import {
  type BatchSummary,
  findBatch,
  findBatchByHash,
  historicalCustomerId,
  matchCustomer,
  openBatch,
  removeBatchRows,
  type ResolvedOrder,
  type ShopifyCustomerIndex,
  shopifyCustomerIndex,
  updateBatch,
  writeImportChunk,
} from "../db/history-import.server";
import { getShop, markShopDataChanged, type ShopRef } from "../db/shops.server";
import { finishRun, startRun, updateRun } from "../db/sync-runs.server";
import { detectEncoding, type ImportEncoding } from "../domain/import/encoding";
import { normaliseEmail, normalisePhone } from "../domain/import/normalize";
import {
  cell,
  type ImportContext,
  type ImportedOrder,
  type ImportProblem,
  interpretRow,
  OrderAssembler,
} from "../domain/import/orders";
import {
  type ColumnMapping,
  IMPORT_FIELDS,
  type ImportField,
  missingFields,
  PRESET_IDS,
  PRESETS,
  type PresetId,
  resolveMapping,
  suggestPreset,
} from "../domain/import/presets";
import { currencyDecimals } from "../domain/money";
import { utcOffsetFunction } from "../domain/time";

/**
 * Importing past orders from the previous shop system (docs/decisions/029-history-import.md). A file is read
 * twice, streaming: a validation pass that writes nothing and reports every problem with its line, then —
 * only when the whole file is valid — a write pass in chunked transactions. A write pass that fails removes
 * what it wrote, so a batch is all there or not at all.
 */

const SAMPLE_BYTES = 64 * 1024;
const PREVIEW_ROWS = 5;
/** problems kept for the report (all are counted) */
const PROBLEMS_KEPT = 200;
const WRITE_CHUNK = 2000;

export interface ImportFileInfo {
  fileName: string;
  bytes: number;
  encoding: ImportEncoding;
  header: string[];
  suggestedPreset: PresetId;
  /** the first rows as read, with their line numbers */
  sample: { line: number; record: string[] }[];
}

export class ImportFileError extends Error {
  override name = "ImportFileError";
  constructor(
    readonly code: "unreadable" | "empty" | "broken_line",
    readonly line?: number,
  ) {
    super(code === "broken_line" ? `line ${line}: the line is broken (a quoted field is not closed)` : `the file is ${code}`);
  }
}

async function sampleOf(path: string): Promise<Uint8Array> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The file's records as text, decoded from its encoding, each with the line it starts on. */
async function* records(path: string, encoding: ImportEncoding): AsyncGenerator<{ record: string[]; line: number }> {
  const input = createReadStream(path, { highWaterMark: 256 * 1024 });
  const parser = input
    .pipe(iconv.decodeStream(encoding))
    .pipe(
      parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: ["\r\n", "\n", "\r"] }),
    );
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { record, line: info.lines };
    }
  } catch (error) {
    if (error instanceof CsvError) throw new ImportFileError("broken_line", (error as CsvError & { lines?: number }).lines);
    throw error;
  } finally {
    input.destroy();
  }
}

export async function fileSha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Encoding, header, the preset it looks like and the first rows: what the mapping step shows. */
export async function inspectImportFile(path: string, fileName = basename(path)): Promise<ImportFileInfo> {
  const stats = await stat(path).catch(() => {
    throw new ImportFileError("unreadable");
  });
  if (!stats.isFile()) throw new ImportFileError("unreadable");
  const encoding = detectEncoding(await sampleOf(path));
  let header: string[] | null = null;
  const sample: ImportFileInfo["sample"] = [];
  for await (const { record, line } of records(path, encoding)) {
    if (!header) header = record.map((name) => name.trim());
    else sample.push({ line, record });
    if (sample.length >= PREVIEW_ROWS) break;
  }
  if (!header) throw new ImportFileError("empty");
  return { fileName, bytes: stats.size, encoding, header, suggestedPreset: suggestPreset(header), sample };
}

export interface ShopImportSettings {
  currency: string;
  timezone: string;
}

async function importSettings(client: Db, shop: ShopRef): Promise<ShopImportSettings> {
  const record = await getShop(client, shop);
  return { currency: record.currency, timezone: record.timezone };
}

/** The shop's UTC offset, looked up once per UTC hour (Intl is slow and a file has a million dates). */
function cachedOffset(timeZone: string): (epochMs: number) => number {
  const offsetAt = utcOffsetFunction(timeZone);
  const byHour = new Map<number, number>();
  return (ms) => {
    const hour = Math.floor(ms / 3_600_000);
    let offset = byHour.get(hour);
    if (offset === undefined) {
      offset = offsetAt(ms);
      byHour.set(hour, offset);
    }
    return offset;
  };
}

export interface ImportOptions {
  preset: PresetId;
  /** columns chosen by the merchant; the preset's resolution of the header when absent */
  mapping?: ColumnMapping;
  now: Date;
}

function contextFor(settings: ShopImportSettings, header: string[], options: ImportOptions): ImportContext {
  const preset = PRESETS[options.preset];
  return {
    preset,
    mapping: options.mapping ?? resolveMapping(preset, header),
    decimals: currencyDecimals(settings.currency),
    offsetAt: cachedOffset(settings.timezone),
    nowMs: options.now.getTime(),
  };
}

/** For each preview row, what each mapped column became (or the problem with it). */
export interface PreviewCell {
  field: ImportField;
  raw: string;
  problem: string | null;
}

export function previewRows(info: ImportFileInfo, settings: ShopImportSettings, options: ImportOptions) {
  const context = contextFor(settings, info.header, options);
  return info.sample.map(({ line, record }) => {
    const outcome = interpretRow(record, line, context);
    const problems = outcome.kind === "problems" ? outcome.problems : [];
    const cells: PreviewCell[] = IMPORT_FIELDS.filter((field) => context.mapping[field]).map((field) => ({
      field,
      raw: cell(record, context.mapping, field),
      problem: problems.find((problem) => problem.field === field)?.code ?? null,
    }));
    const row = outcome.kind === "row" ? outcome.row : null;
    return {
      line,
      skipped: outcome.kind === "skip",
      cells,
      became: row
        ? {
            orderId: row.orderId,
            processedAt: new Date(row.atMs).toISOString(),
            customer: row.customer.key,
            amountMinor: row.amountMinor,
            lineItem: row.item,
          }
        : null,
    };
  });
}

export interface ImportReport {
  encoding: ImportEncoding;
  preset: PresetId;
  mapping: ColumnMapping;
  missing: ImportField[];
  rows: number;
  orders: number;
  lineItems: number;
  skippedRows: number;
  duplicateOrders: number;
  customers: number;
  customersMatched: number;
  customersCreated: number;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  problemCount: number;
  problems: ImportProblem[];
}

type Progress = (phase: "validating" | "importing", rowsDone: number) => void | Promise<void>;

/**
 * The validation pass (also the dry run): reads the whole file, writes nothing. With `onOrder`, the orders it
 * assembles are handed on (the write pass is this pass again with a writer).
 */
async function passOverFile(
  path: string,
  info: { encoding: ImportEncoding; header: string[] },
  context: ImportContext,
  index: ShopifyCustomerIndex,
  options: { progress?: Progress; phase: "validating" | "importing"; onOrder?: (order: ImportedOrder) => Promise<void> | void },
): Promise<Omit<ImportReport, "encoding" | "preset" | "mapping" | "missing">> {
  const report = {
    rows: 0,
    orders: 0,
    lineItems: 0,
    skippedRows: 0,
    duplicateOrders: 0,
    customers: 0,
    customersMatched: 0,
    customersCreated: 0,
    firstOrderAt: null as string | null,
    lastOrderAt: null as string | null,
    problemCount: 0,
    problems: [] as ImportProblem[],
  };
  const customerKeys = new Set<string>();
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const pending: ImportedOrder[] = [];
  const assembler = new OrderAssembler(context, {
    order: (order) => {
      report.orders++;
      report.lineItems += order.lineItems.length;
      if (order.processedAtMs < first) first = order.processedAtMs;
      if (order.processedAtMs > last) last = order.processedAtMs;
      if (!customerKeys.has(order.customer.key)) {
        customerKeys.add(order.customer.key);
        if (matchCustomer(index, order.customer) === null) report.customersCreated++;
        else report.customersMatched++;
      }
      if (options.onOrder) pending.push(order);
    },
    problem: (problem) => {
      report.problemCount++;
      if (report.problems.length < PROBLEMS_KEPT) report.problems.push(problem);
    },
    skipped: (kind) => {
      if (kind === "row") report.skippedRows++;
      else report.duplicateOrders++;
    },
  });
  let header = true;
  try {
    for await (const { record, line } of records(path, info.encoding)) {
      if (header) {
        header = false;
        continue;
      }
      report.rows++;
      if (record.length !== info.header.length && !(record.length === 1 && record[0] === "")) {
        report.problemCount++;
        if (report.problems.length < PROBLEMS_KEPT) report.problems.push({ line, code: "broken_line" });
        continue;
      }
      assembler.add(record, line);
      if (pending.length > 0 && options.onOrder) {
        for (const order of pending.splice(0)) await options.onOrder(order);
      }
      if (report.rows % 10_000 === 0) await options.progress?.(options.phase, report.rows);
    }
  } catch (error) {
    if (!(error instanceof ImportFileError) || error.code !== "broken_line") throw error;
    report.problemCount++;
    report.problems.push({ line: error.line ?? 0, code: "broken_line" });
  }
  assembler.finish();
  if (options.onOrder) for (const order of pending.splice(0)) await options.onOrder(order);
  // an order id used twice is found when the second order closes: list every problem in file order
  report.problems.sort((a, b) => a.line - b.line);
  report.customers = customerKeys.size;
  report.firstOrderAt = Number.isFinite(first) ? new Date(first).toISOString() : null;
  report.lastOrderAt = Number.isFinite(last) ? new Date(last).toISOString() : null;
  await options.progress?.(options.phase, report.rows);
  return report;
}

const normalisers = { email: normaliseEmail, phone: (value: string | null) => normalisePhone(value) };

/** The dry run: every count and problem the import would have, nothing written. */
export async function validateImportFile(
  client: Db,
  shop: ShopRef,
  path: string,
  options: ImportOptions & { progress?: Progress },
): Promise<ImportReport> {
  const info = await inspectImportFile(path);
  const settings = await importSettings(client, shop);
  const context = contextFor(settings, info.header, options);
  const missing = missingFields(context.preset, context.mapping);
  const head = { encoding: info.encoding, preset: options.preset, mapping: context.mapping, missing };
  if (missing.length > 0) return { ...head, ...emptyCounts() };
  const index = await shopifyCustomerIndex(client, shop, normalisers);
  const counts = await passOverFile(path, info, context, index, { progress: options.progress, phase: "validating" });
  return { ...head, ...counts };
}

function emptyCounts() {
  return {
    rows: 0,
    orders: 0,
    lineItems: 0,
    skippedRows: 0,
    duplicateOrders: 0,
    customers: 0,
    customersMatched: 0,
    customersCreated: 0,
    firstOrderAt: null,
    lastOrderAt: null,
    problemCount: 0,
    problems: [],
  };
}

export type ImportOutcome =
  | { status: "imported"; batch: BatchSummary; report: ImportReport }
  | { status: "already-imported"; batch: BatchSummary }
  | { status: "invalid"; report: ImportReport; batch: BatchSummary | null };

/**
 * Imports a file as one batch. The same file (same bytes) imported again finds its batch and changes nothing;
 * a file that does not validate writes nothing. Progress goes to a SyncRun of kind "import".
 */
export async function importHistoryFile(
  client: Db,
  shop: ShopRef,
  path: string,
  options: ImportOptions & { fileName?: string; progress?: Progress },
): Promise<ImportOutcome> {
  const fileHash = await fileSha256(path);
  const earlier = await findBatchByHash(client, shop, fileHash);
  if (earlier && (earlier.status === "done" || earlier.status === "importing"))
    return { status: "already-imported", batch: earlier };

  const info = await inspectImportFile(path, options.fileName);
  const settings = await importSettings(client, shop);
  const context = contextFor(settings, info.header, options);
  const missing = missingFields(context.preset, context.mapping);
  const head = { encoding: info.encoding, preset: options.preset, mapping: context.mapping, missing };
  if (missing.length > 0) return { status: "invalid", report: { ...head, ...emptyCounts() }, batch: null };

  const batch = await openBatch(client, shop, {
    fileName: options.fileName ?? info.fileName,
    fileHash,
    preset: options.preset,
    mapping: JSON.stringify(context.mapping),
  });
  const runId = await startRun(client, shop, "import", "validating", options.now);
  const progress: Progress = async (phase, rowsDone) => {
    await updateRun(client, shop, runId, { phase, rowsDone });
    await options.progress?.(phase, rowsDone);
  };
  try {
    const index = await shopifyCustomerIndex(client, shop, normalisers);
    const validated = await passOverFile(path, info, context, index, { progress, phase: "validating" });
    const report: ImportReport = { ...head, ...validated };
    if (report.problemCount > 0 || report.orders === 0) {
      const error = report.orders === 0 && report.problemCount === 0 ? "no orders" : `${report.problemCount} problems`;
      await updateBatch(client, shop, batch.id, { status: "failed", rows: report.rows, error, finishedAt: new Date() });
      await updateRun(client, shop, runId, { rowsTotal: report.rows });
      await finishRun(client, shop, runId, { status: "failed", error }, new Date());
      return { status: "invalid", report, batch: await findBatch(client, shop, batch.id) };
    }

    await updateBatch(client, shop, batch.id, { status: "importing", rows: report.rows });
    await updateRun(client, shop, runId, { phase: "importing", rowsDone: 0, rowsTotal: report.rows });
    const importedAt = options.now;
    const chunk: ResolvedOrder[] = [];
    const flush = async () => {
      await writeImportChunk(client, shop, { id: batch.id, currency: settings.currency, importedAt }, chunk.splice(0));
    };
    await passOverFile(path, info, context, index, {
      progress,
      phase: "importing",
      onOrder: async (order) => {
        const matched = matchCustomer(index, order.customer);
        chunk.push({ order, customerId: matched ?? historicalCustomerId(order.customer), historical: matched === null });
        if (chunk.length >= WRITE_CHUNK) await flush();
      },
    });
    await flush();
    await updateBatch(client, shop, batch.id, {
      status: "done",
      ordersImported: report.orders,
      customersMatched: report.customersMatched,
      customersCreated: report.customersCreated,
      finishedAt: new Date(),
    });
    await markShopDataChanged(client, shop, new Date());
    await finishRun(client, shop, runId, { status: "completed", phase: "done" }, new Date());
    const done = await findBatch(client, shop, batch.id);
    return { status: "imported", batch: done ?? batch, report };
  } catch (error) {
    // nothing half-imported: what the write pass wrote goes again
    await removeBatchRows(client, shop, batch.id);
    const message = error instanceof Error ? error.message : String(error);
    await updateBatch(client, shop, batch.id, { status: "failed", error: message.slice(0, 500), finishedAt: new Date() });
    await finishRun(client, shop, runId, { status: "failed", error: message.slice(0, 500) }, new Date());
    throw error;
  }
}

/** Removes a batch as one (orders, historical-only customers without other orders, their metrics). */
export async function removeImportBatch(
  client: Db,
  shop: ShopRef,
  batchId: number,
  now: Date,
): Promise<{ orders: number; customers: number } | null> {
  const batch = await findBatch(client, shop, batchId);
  if (!batch) return null;
  const removed = await removeBatchRows(client, shop, batchId);
  await updateBatch(client, shop, batchId, { status: "removed", finishedAt: now });
  await markShopDataChanged(client, shop, now);
  return removed;
}

/** Where uploaded files wait for their import job: the project's data folder, so a worker on the host finds them. */
export function importUploadDir(): string {
  return process.env.KIZUNA_IMPORT_DIR ?? join(projectRoot, "data", "imports");
}

/** An upload's stored name: shop, a random part, `.csv` (the job payload carries only this name). */
export function importUploadPath(name: string, shopId: number): string {
  // uploads are named <shop id>-<random>.csv: a shop can only ever name its own
  if (!/^[a-z0-9-]+\.csv$/.test(name) || !name.startsWith(`${shopId}-`)) throw new ImportFileError("unreadable");
  return join(importUploadDir(), name);
}

/**
 * The admin's import, run as a job: the stored upload imported as one batch, then deleted. Returns whether
 * orders were written (the caller queues the recompute).
 */
export async function runHistoryImportJob(
  client: Db,
  shop: ShopRef,
  payload: { file: string; fileName: string; preset: string; mapping?: Record<string, number[]> },
  now: Date,
): Promise<boolean> {
  const path = importUploadPath(payload.file, shop.id);
  const preset = (PRESET_IDS as readonly string[]).includes(payload.preset) ? (payload.preset as PresetId) : "generic";
  try {
    const outcome = await importHistoryFile(client, shop, path, {
      preset,
      mapping: payload.mapping as ColumnMapping | undefined,
      fileName: payload.fileName,
      now,
    });
    return outcome.status === "imported";
  } finally {
    await rm(path, { force: true });
  }
}
