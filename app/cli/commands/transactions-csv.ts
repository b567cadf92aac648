/**
 * Reads the `customer_id,date,amount` CSV the CLI commands take, streaming it through csv-parse. Every
 * problem is reported as an InputError naming the line, so a merchant can open the file and fix it.
 */
import { createReadStream } from "node:fs";
import { CsvError, parse } from "csv-parse";
import type { OrderColumns } from "../../domain/orders";
import { InputError } from "../io";
import { dayNumberFromIsoDate } from "../../domain/time";

export interface TransactionsFile {
  orders: OrderColumns;
  /** Customer index → the id as written in the file. */
  customerIds: string[];
  rows: number;
}

const HEADER = ["customer_id", "date", "amount"];
const AMOUNT = /^-?(\d+)(\.\d+)?$/;

/** Amounts are in major units (e.g. 29.33 dollars) and become integer minor units (2933). */
export async function readTransactionsCsv(path: string): Promise<TransactionsFile> {
  const input = createReadStream(path);
  const opened = new Promise<void>((resolve, reject) => {
    input.once("open", () => resolve());
    input.once("error", (error: NodeJS.ErrnoException) =>
      reject(new InputError(error.code === "ENOENT" ? `${path}: no such file` : `${path}: ${error.message}`)),
    );
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
      let index = indexById.get(id);
      if (index === undefined) {
        index = customerIds.length;
        indexById.set(id, index);
        customerIds.push(id);
      }
      customerIndex.push(index);
      day.push(dayNumber);
      amount.push(Math.round(Number(amountText) * 100));
    }
  } catch (error) {
    input.destroy();
    if (error instanceof CsvError) throw new InputError(csvErrorMessage(error));
    throw error;
  }
  if (!sawHeader) throw new InputError(`${path}: the file is empty; expected the header "customer_id,date,amount"`);
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

/** Parses a YYYY-MM-DD flag value into a day number, or throws an InputError naming the flag. */
export function parseDateFlag(flag: string, value: string | undefined): number {
  if (value === undefined) throw new InputError(`--${flag} is required (YYYY-MM-DD)`);
  try {
    return dayNumberFromIsoDate(value);
  } catch {
    throw new InputError(`--${flag} "${value}" is not a date in YYYY-MM-DD form`);
  }
}
