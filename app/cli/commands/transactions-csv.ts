/**
 * Reads the `customer_id,date,amount` CSV the CLI commands take, streaming line by line. Every
 * problem is reported as an InputError naming the line, so a merchant can open the file and fix it.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { OrderColumns } from "../../domain/orders";
import { InputError } from "../io";
import { dayNumberFromIsoDate } from "../../domain/time";

/** An error in the user's input (file or flags): print the message, exit 1, no stack trace. */

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
  const input = createReadStream(path, { encoding: "utf8" });
  const opened = new Promise<void>((resolve, reject) => {
    input.once("open", () => resolve());
    input.once("error", (error: NodeJS.ErrnoException) =>
      reject(new InputError(error.code === "ENOENT" ? `${path}: no such file` : `${path}: ${error.message}`)),
    );
  });
  await opened;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });

  const indexById = new Map<string, number>();
  const customerIds: string[] = [];
  const customerIndex: number[] = [];
  const day: number[] = [];
  const amount: number[] = [];
  let lineNumber = 0;
  let sawHeader = false;
  for await (const raw of lines) {
    lineNumber++;
    const line = lineNumber === 1 ? raw.replace(/^\uFEFF/, "") : raw;
    if (line.trim() === "") continue;
    const fields = splitCsvLine(line, lineNumber);
    if (!sawHeader) {
      const names = fields.map((f) => f.trim().toLowerCase());
      if (names.length !== 3 || names.some((name, i) => name !== HEADER[i])) {
        throw new InputError(`line ${lineNumber}: expected the header "customer_id,date,amount", found "${line}"`);
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
  if (!sawHeader) throw new InputError(`${path}: the file is empty; expected the header "customer_id,date,amount"`);
  return {
    orders: { customerIndex: Int32Array.from(customerIndex), day: Int32Array.from(day), amount: Float64Array.from(amount) },
    customerIds,
    rows: customerIndex.length,
  };
}

/** Splits one CSV line (RFC 4180 quoting, no line breaks inside fields). */
export function splitCsvLine(line: string, lineNumber: number): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        const quote = line.indexOf('"', i);
        if (quote < 0) throw new InputError(`line ${lineNumber}: a quoted field is not closed`);
        value += line.slice(i, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      fields.push(value);
      if (i < line.length && line[i] !== ",") throw new InputError(`line ${lineNumber}: unexpected text after a quoted field`);
    } else {
      const comma = line.indexOf(",", i);
      const end = comma < 0 ? line.length : comma;
      fields.push(line.slice(i, end));
      i = end;
    }
    if (i >= line.length) return fields;
    i++; // skip the comma
    if (i === line.length) {
      fields.push("");
      return fields;
    }
  }
}

/** Quotes a CSV field when it needs it. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
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
