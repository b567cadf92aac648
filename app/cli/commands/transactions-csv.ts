/**
 * Reads the `customer_id,date,amount` CSV the CLI commands take, streaming it through csv-parse. Every
 * problem is reported as an InputError naming the line, so a merchant can open the file and fix it.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { CsvError, parse } from "csv-parse";
import { amountToMinorUnits, currencyDecimals } from "../../domain/money";
import type { OrderColumns } from "../../domain/orders";
import { InputError } from "../io";
import { dayNumberFromIsoDate, isoDateFromDayNumber } from "../../domain/time";

export interface TransactionsFile {
  orders: OrderColumns;
  /** Customer index → the id as written in the file. */
  customerIds: string[];
  rows: number;
}

const HEADER = ["customer_id", "date", "amount"];
const AMOUNT = /^-?(\d+)(\.\d+)?$/;

/** What a file system error means to the person who named the file, in one line. */
function unreadable(path: string, error: NodeJS.ErrnoException): InputError {
  if (error.code === "ENOENT") return new InputError(`${path}: no such file`);
  if (error.code === "EISDIR") return new InputError(`${path}: is a directory, not a CSV file`);
  if (error.code === "EACCES" || error.code === "EPERM") return new InputError(`${path}: cannot be read (permission denied)`);
  return new InputError(`${path}: cannot be read (${error.code ?? error.message.split("\n")[0]})`);
}

/**
 * Amounts are in major units of `currency` (29.33 dollars, 1500 yen) and become integer minor units
 * (2933 cents, 1500 yen). A file without a transaction, a negative amount, or an amount with more
 * decimals than the currency has is an InputError.
 */
export async function readTransactionsCsv(path: string, options: { currency?: string } = {}): Promise<TransactionsFile> {
  const currency = options.currency ?? "USD";
  const decimals = currencyDecimals(currency);
  // A directory opens fine and then fails (or hangs) on the first read: say so before streaming.
  const stats = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw unreadable(path, error);
  });
  if (stats.isDirectory()) throw unreadable(path, Object.assign(new Error("EISDIR"), { code: "EISDIR" }));
  const input = createReadStream(path);
  const opened = new Promise<void>((resolve, reject) => {
    input.once("open", () => resolve());
    input.once("error", (error: NodeJS.ErrnoException) => reject(unreadable(path, error)));
  });
  await opened;
  // info: each record carries the line it started on, for messages a merchant can act on.
  const records = input.pipe(
    parse({
      bom: true,
      info: true,
      record_delimiter: ["\r\n", "\n"],
      relax_column_count: true,
      skip_empty_lines: true,
    }),
  );

  const indexById = new Map<string, number>();
  const customerIds: string[] = [];
  const customerIndex: number[] = [];
  const day: number[] = [];
  const amount: number[] = [];
  let sawHeader = false;
  try {
    for await (const { record: fields, info } of records as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const lineNumber = info.lines;
      if (!sawHeader) {
        const names = fields.map((f) => f.trim().toLowerCase());
        if (names.length !== 3 || names.some((name, i) => name !== HEADER[i])) {
          throw new InputError(`line ${lineNumber}: expected the header "customer_id,date,amount", found "${fields.join(",")}"`);
        }
        sawHeader = true;
        continue;
      }
      if (fields.length !== 3) {
        throw new InputError(`line ${lineNumber}: expected 3 fields (customer_id,date,amount), found ${fields.length}`);
      }
      const [id, date, amountText] = fields.map((f) => f.trim());
      if (id === "") throw new InputError(`line ${lineNumber}: customer_id is empty`);
      let dayNumber: number;
      try {
        dayNumber = dayNumberFromIsoDate(date);
      } catch {
        throw new InputError(`line ${lineNumber}: date "${date}" is not a date in YYYY-MM-DD form`);
      }
      if (!AMOUNT.test(amountText)) throw new InputError(`line ${lineNumber}: amount "${amountText}" is not a number`);
      if (amountText.startsWith("-")) {
        throw new InputError(
          `line ${lineNumber}: amount "${amountText}" is negative; give each order's amount after refunds, 0 or more`,
        );
      }
      let minor: number;
      try {
        minor = amountToMinorUnits(amountText, decimals);
      } catch {
        throw new InputError(
          `line ${lineNumber}: amount "${amountText}" has more decimals than ${currency} allows (${decimals}), or is too large`,
        );
      }
      let index = indexById.get(id);
      if (index === undefined) {
        index = customerIds.length;
        indexById.set(id, index);
        customerIds.push(id);
      }
      customerIndex.push(index);
      day.push(dayNumber);
      amount.push(minor);
    }
  } catch (error) {
    input.destroy();
    if (error instanceof CsvError) throw new InputError(csvErrorMessage(error));
    if (!(error instanceof InputError) && (error as NodeJS.ErrnoException).code) {
      throw unreadable(path, error as NodeJS.ErrnoException);
    }
    throw error;
  }
  if (!sawHeader) throw new InputError(`${path}: the file is empty; expected the header "customer_id,date,amount"`);
  if (customerIndex.length === 0) {
    throw new InputError(`${path}: no transactions; the file has the header "customer_id,date,amount" but no rows`);
  }
  return {
    orders: { customerIndex: Int32Array.from(customerIndex), day: Int32Array.from(day), amount: Float64Array.from(amount) },
    customerIds,
    rows: customerIndex.length,
  };
}

/** csv-parse's own errors (broken quoting), said with the line they were found on. */
function csvErrorMessage(error: CsvError): string {
  const line = (error as CsvError & { lines?: number }).lines;
  const what = error.code === "CSV_QUOTE_NOT_CLOSED" ? "a quoted field is not closed" : error.message.split(":")[0].toLowerCase();
  return `line ${line}: ${what}`;
}

/** The first day with a transaction, as YYYY-MM-DD, for "nothing before …" messages. */
export function firstTransactionDate(file: TransactionsFile): string {
  let first = Number.POSITIVE_INFINITY;
  for (let i = 0; i < file.rows; i++) if (file.orders.day[i] < first) first = file.orders.day[i];
  return isoDateFromDayNumber(first);
}

/** Parses a YYYY-MM-DD flag value into a day number, or throws an InputError naming the flag. */
export function parseDateFlag(flag: string, value: string | undefined): number {
  if (value === undefined) throw new InputError(`--${flag} is required (YYYY-MM-DD)`);
  try {
    return dayNumberFromIsoDate(value);
  } catch {
    throw new InputError(`--${flag} "${value}" is not a date in YYYY-MM-DD form`);
  }
}

/** --currency: a three-letter ISO code (amounts in the file are in its units). */
export function parseCurrencyFlag(value: string | undefined): string {
  const code = (value ?? "USD").trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code) || !Intl.supportedValuesOf("currency").includes(code))
    throw new InputError(`--currency "${value}" is not a three-letter currency code such as JPY or USD`);
  return code;
}
