import {
  civilToInstant,
  halfWidth,
  normaliseEmail,
  normalisePhone,
  parseAmount,
  parseCivilDateTime,
  parseQuantity,
} from "./normalize";
import type { ColumnMapping, ImportField, ImportPreset } from "./presets";

/**
 * Rows of an order export → orders, one record at a time in constant memory but for one small number per order
 * id seen (to find an id used again for a different order). Rows of one order (one per line item) follow each
 * other in every cart's export; an order id seen again later is the same order exported twice (skipped) or a
 * different order under a used id (an error naming both lines).
 */
export type ImportProblemCode =
  | "broken_line"
  | "bad_date"
  | "future_date"
  | "bad_amount"
  | "negative_amount"
  | "bad_quantity"
  | "bad_price"
  | "empty_customer"
  | "empty_order_id"
  | "duplicate_order"
  | "order_rows_disagree";

export interface ImportProblem {
  line: number;
  code: ImportProblemCode;
  field?: ImportField;
  /** the text as it stands in the file */
  value?: string;
  /** the line the same order id was first seen on */
  otherLine?: number;
}

export interface ImportedCustomer {
  /** what identifies the person in this file: "email:…", "phone:…" or "id:…" */
  key: string;
  email: string | null;
  phone: string | null;
  sourceId: string | null;
  lastName: string | null;
  firstName: string | null;
}

export interface ImportedLineItem {
  title: string;
  quantity: number;
  unitPriceMinor: number;
  totalMinor: number;
}

export interface ImportedOrder {
  /** the order id in the previous system ("L12" for a transaction log: the line it is on) */
  sourceId: string;
  line: number;
  processedAtMs: number;
  customer: ImportedCustomer;
  totalMinor: number;
  lineItems: ImportedLineItem[];
}

export interface ImportContext {
  preset: ImportPreset;
  mapping: ColumnMapping;
  /** minor digits of the shop's currency (amounts in the file are in it) */
  decimals: number;
  /** the shop's UTC offset at an instant: dates in the file are the shop's local dates */
  offsetAt: (epochMs: number) => number;
  /** a date after this is an error */
  nowMs: number;
}

interface ParsedRow {
  orderId: string;
  atMs: number;
  customer: ImportedCustomer;
  amountMinor: number | null;
  item: ImportedLineItem | null;
}

export type RowOutcome = { kind: "row"; row: ParsedRow } | { kind: "skip" } | { kind: "problems"; problems: ImportProblem[] };

const SAME_ORDER_WITHIN_MS = 86_400_000;

/** Unit prices may carry two digits more than the currency (0.001 GBP); line totals are rounded to it. */
const EXTRA_PRICE_DIGITS = 2;

export function cell(record: string[], mapping: ColumnMapping, field: ImportField): string {
  const columns = mapping[field];
  if (!columns) return "";
  return columns
    .map((column) => (record[column] ?? "").trim())
    .filter((part) => part !== "")
    .join(" ");
}

function customerOf(record: string[], mapping: ColumnMapping): ImportedCustomer | null {
  const email = normaliseEmail(cell(record, mapping, "email"));
  const phone = normalisePhone(cell(record, mapping, "phone"));
  const rawId = halfWidth(cell(record, mapping, "customerId"));
  const sourceId = rawId === "" ? null : rawId.replace(/\.0+$/, "");
  const key = email ? `email:${email}` : phone ? `phone:${phone}` : sourceId ? `id:${sourceId}` : null;
  if (!key) return null;
  const nameColumns = mapping.name ?? [];
  const parts = nameColumns.map((column) => halfWidth(record[column] ?? "")).filter((part) => part !== "");
  const lastName = parts.length > 0 ? parts[0] : null;
  const firstName = parts.length > 1 ? parts.slice(1).join(" ") : null;
  return { key, email, phone, sourceId, lastName, firstName };
}

/** One record read on its own: what it says, or what is wrong with it (every problem, with its field). */
export function interpretRow(record: string[], line: number, context: ImportContext): RowOutcome {
  const { mapping, preset } = context;
  const problems: ImportProblem[] = [];
  const orderId = preset.orderPerRow ? `L${line}` : halfWidth(cell(record, mapping, "orderId"));
  if (orderId === "") problems.push({ line, code: "empty_order_id", field: "orderId" });
  if (preset.skipOrderIdPrefixes?.some((prefix) => orderId.startsWith(prefix))) return { kind: "skip" };
  const customer = customerOf(record, mapping);
  if (!customer) {
    if (preset.skipRowsWithoutCustomer) return { kind: "skip" };
    problems.push({ line, code: "empty_customer", field: "customerId" });
  }
  const dateText = [cell(record, mapping, "date"), cell(record, mapping, "time")].filter((part) => part !== "").join(" ");
  const civil = parseCivilDateTime(dateText);
  let atMs = Number.NaN;
  if (!civil) problems.push({ line, code: "bad_date", field: "date", value: dateText });
  else {
    atMs = civilToInstant(civil, context.offsetAt);
    if (atMs > context.nowMs) problems.push({ line, code: "future_date", field: "date", value: dateText });
  }
  let amountMinor: number | null = null;
  if (mapping.amount) {
    const text = cell(record, mapping, "amount");
    amountMinor = parseAmount(text, context.decimals);
    if (amountMinor === null) problems.push({ line, code: "bad_amount", field: "amount", value: text });
    else if (amountMinor < 0) problems.push({ line, code: "negative_amount", field: "amount", value: text });
  }
  let item: ImportedLineItem | null = null;
  const title = cell(record, mapping, "product");
  const quantityText = cell(record, mapping, "quantity");
  const priceText = cell(record, mapping, "price");
  if (quantityText !== "" || priceText !== "" || (title !== "" && !mapping.amount)) {
    const quantity = quantityText === "" ? 1 : parseQuantity(quantityText);
    const scale = 10 ** EXTRA_PRICE_DIGITS;
    const priceFine = parseAmount(priceText, context.decimals + EXTRA_PRICE_DIGITS);
    if (quantity === null) problems.push({ line, code: "bad_quantity", field: "quantity", value: quantityText });
    if (priceFine === null) problems.push({ line, code: "bad_price", field: "price", value: priceText });
    if (quantity !== null && priceFine !== null) {
      item = {
        title: title === "" ? "-" : title,
        quantity,
        unitPriceMinor: Math.round(priceFine / scale),
        totalMinor: Math.round((quantity * priceFine) / scale),
      };
    }
  }
  if (problems.length > 0 || !customer) return { kind: "problems", problems };
  return { kind: "row", row: { orderId, atMs, customer, amountMinor, item } };
}

interface OpenOrder {
  row: ParsedRow;
  line: number;
  items: ImportedLineItem[];
}

export interface AssemblerEvents {
  order: (order: ImportedOrder) => void;
  problem: (problem: ImportProblem) => void;
  /** rows skipped by the preset (cancellations, guest rows) and orders exported twice */
  skipped: (kind: "row" | "duplicate") => void;
}

/** Groups rows into orders and checks order ids across the file. */
export class OrderAssembler {
  private open: OpenOrder | null = null;
  /** order id → first line × 2^21 + a 21-bit fingerprint of the order */
  private readonly seen = new Map<string, number>();
  rows = 0;

  constructor(
    private readonly context: ImportContext,
    private readonly events: AssemblerEvents,
  ) {}

  add(record: string[], line: number): void {
    this.rows++;
    const outcome = interpretRow(record, line, this.context);
    if (outcome.kind === "skip") {
      this.events.skipped("row");
      return;
    }
    if (outcome.kind === "problems") {
      for (const problem of outcome.problems) this.events.problem(problem);
      return;
    }
    const { row } = outcome;
    const open = this.open;
    if (open && open.row.orderId === row.orderId) {
      // Lines of one invoice may carry the minute they were added (Online Retail: 16:57 and 16:58): the order
      // keeps its first row's time; a different buyer or another day is a different order under the same id.
      if (open.row.customer.key !== row.customer.key || Math.abs(open.row.atMs - row.atMs) >= SAME_ORDER_WITHIN_MS) {
        this.events.problem({ line, code: "order_rows_disagree", field: "orderId", value: row.orderId, otherLine: open.line });
        return;
      }
      if (row.item) open.items.push(row.item);
      return;
    }
    this.close();
    this.open = { row, line, items: row.item ? [row.item] : [] };
  }

  finish(): void {
    this.close();
  }

  private close(): void {
    const open = this.open;
    if (!open) return;
    this.open = null;
    const { row } = open;
    const lineSum = open.items.reduce((sum, item) => sum + item.totalMinor, 0);
    const totalMinor = row.amountMinor ?? lineSum;
    if (totalMinor < 0) {
      this.events.problem({ line: open.line, code: "negative_amount", field: "amount", value: String(totalMinor) });
      return;
    }
    if (!this.context.preset.orderPerRow) {
      const fingerprint = hash21(`${row.atMs}|${row.customer.key}|${totalMinor}|${open.items.length}`);
      const earlier = this.seen.get(row.orderId);
      if (earlier !== undefined) {
        if (earlier % 2 ** 21 === fingerprint) this.events.skipped("duplicate");
        else {
          this.events.problem({
            line: open.line,
            code: "duplicate_order",
            field: "orderId",
            value: row.orderId,
            otherLine: Math.floor(earlier / 2 ** 21),
          });
        }
        return;
      }
      this.seen.set(row.orderId, open.line * 2 ** 21 + fingerprint);
    }
    this.events.order({
      sourceId: row.orderId,
      line: open.line,
      processedAtMs: row.atMs,
      customer: row.customer,
      totalMinor,
      lineItems: open.items,
    });
  }
}

/** FNV-1a, folded to 21 bits: a fingerprint, not a security hash. */
function hash21(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash ^ (hash >>> 21)) & 0x1fffff;
}
