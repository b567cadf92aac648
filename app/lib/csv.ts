/**
 * The one way Kizuna writes CSV: csv-stringify for quoting, and one guard against formula injection for every
 * cell a person may open in a spreadsheet (OWASP "CSV injection"). Generic: imports nothing from the app.
 */
import { stringify } from "csv-stringify/sync";

export type CsvCell = string | number | null | undefined;

/**
 * Text a spreadsheet would run as a formula: it starts with = + - @ (or their full-width forms, which Excel
 * and Google Sheets read as formulas too), with a tab or carriage return, or with line breaks before any of
 * those. A plain number such as "-1500" is data, not a formula, and stays as it is.
 */
const FORMULA_START = /^(?:[\t\r]|\n*[=+\-@＝＋－＠])/;
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/** A cell made safe to open in a spreadsheet: formula-like text gets a leading ' (shown as text, not run). */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/**
 * CSV lines (RFC 4180 quoting; CRLF by default, as spreadsheets expect) with every text cell guarded.
 * null and undefined are empty cells.
 */
export function csvLines(rows: readonly (readonly CsvCell[])[], options: { recordDelimiter?: "\r\n" | "\n" } = {}): string {
  return stringify(
    rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? "" : guardFormula(String(cell))))),
    { record_delimiter: options.recordDelimiter === "\n" ? "unix" : "windows" },
  );
}

/**
 * A CSV file streamed to the browser as a download: a BOM first (so Excel reads Japanese as UTF-8), the header,
 * then one chunk of lines per batch the iterator yields. A closed download stops the iterator.
 */
export function csvDownload<T>(
  filename: string,
  header: readonly CsvCell[],
  batches: AsyncGenerator<T[], unknown, unknown>,
  toRow: (item: T) => readonly CsvCell[],
): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${csvLines([header])}`));
    },
    async pull(controller) {
      try {
        const next = await batches.next();
        if (next.done) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(csvLines(next.value.map(toRow))));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
