import type { Db } from "../db/client.server";
import type { ShopRef } from "../db/shops.server";
import { customerBatch, lineItemInsertBatch, orderBatch, refundBatches } from "../db/store-copy.server";
import { upsertBatches } from "../db/upsert.server";
import type { CustomerRecord, LineItemRecord, OrderRecord, RefundRecord } from "../domain/store-records";
import { customerFromGraphql, lineItemFromGraphql, orderFromGraphql, RecordError } from "./records";

/**
 * Imports a bulk export's JSONL, streamed: each line is parsed, validated and buffered, and every
 * `batchSize` lines the buffer is written in one transaction. Line items arrive as their own lines with
 * `__parentId` (their order's id) and are stored on their own, so nothing waits for its parent and memory
 * stays flat whatever the store's size. Everything written is idempotent, so a resumed import that replays
 * lines changes nothing.
 */
export type BulkKind = "customers" | "orders";

export interface ImportOptions {
  batchSize?: number;
  /** lines already applied by an interrupted run: skipped */
  skipLines?: number;
  /** called after each batch with the number of lines applied so far (including skipped ones) */
  onProgress?: (linesDone: number) => Promise<void> | void;
}

export interface ImportCounts {
  lines: number;
  customers: number;
  orders: number;
  lineItems: number;
  refunds: number;
}

export class BulkFileError extends Error {
  override name = "BulkFileError";
}

export async function importBulkLines(
  client: Db,
  shop: ShopRef & { currency: string },
  kind: BulkKind,
  lines: AsyncIterable<string> | Iterable<string>,
  options: ImportOptions = {},
): Promise<ImportCounts> {
  const batchSize = options.batchSize ?? 2_000;
  const skip = options.skipLines ?? 0;
  const counts: ImportCounts = { lines: 0, customers: 0, orders: 0, lineItems: 0, refunds: 0 };
  let customers: CustomerRecord[] = [];
  let orders: OrderRecord[] = [];
  let lineItems: LineItemRecord[] = [];
  let refunds: RefundRecord[] = [];
  let pending = 0;

  const flush = async () => {
    if (pending === 0) return;
    const now = new Date();
    await upsertBatches(client, [
      customerBatch(shop, customers, now),
      orderBatch(shop, orders, now),
      lineItemInsertBatch(shop, lineItems),
      ...refundBatches(shop, refunds),
    ]);
    counts.customers += customers.length;
    counts.orders += orders.length;
    counts.lineItems += lineItems.length;
    counts.refunds += refunds.length;
    customers = [];
    orders = [];
    lineItems = [];
    refunds = [];
    pending = 0;
    await options.onProgress?.(counts.lines);
  };

  for await (const line of lines) {
    counts.lines++;
    if (counts.lines <= skip) continue;
    let node: Record<string, unknown>;
    try {
      node = JSON.parse(line);
    } catch {
      throw new BulkFileError(
        `Line ${counts.lines} of the ${kind} export is not valid JSON; the export is corrupt — run the backfill again`,
      );
    }
    try {
      const parentId = node.__parentId;
      if (kind === "customers") {
        customers.push(customerFromGraphql(node));
      } else if (typeof parentId === "string") {
        lineItems.push(lineItemFromGraphql(node, parentId, shop.currency));
      } else {
        const { order, refunds: orderRefunds } = orderFromGraphql(node);
        orders.push(order);
        refunds.push(...orderRefunds);
      }
    } catch (error) {
      if (error instanceof RecordError) {
        throw new BulkFileError(`Line ${counts.lines} of the ${kind} export: ${error.message}`);
      }
      throw error;
    }
    if (++pending >= batchSize) await flush();
  }
  await flush();
  return counts;
}
