/**
 * Id layout of a seeded store. Ids are unique across every object type and computable from the customer
 * index alone, so a streamed store and an in-memory store agree, and customer k's ids do not depend on how
 * many customers came before it or how many there are in total:
 *
 *   [CATALOG_ID_BASE, CUSTOMER_ID_BASE)           collections, products, variants, discounts, redeem codes
 *   CUSTOMER_ID_BASE + k·CUSTOMER_ID_BLOCK         customer k itself
 *   … + 1 … + CUSTOMER_ID_BLOCK − 1                customer k's orders, line items, refunds, refund line items,
 *                                                  handed out in chronological order of the customer's orders
 *
 * Ids are ~13 digits at a million customers — the size of real Shopify ids — and stay far below 2^53.
 * After generation Store.nextId = CUSTOMER_ID_BASE + customers·CUSTOMER_ID_BLOCK, above every id used.
 */

export const CATALOG_ID_BASE = 1_000;
export const CUSTOMER_ID_BASE = 1_000_000_000;
export const CUSTOMER_ID_BLOCK = 1_000_000;

/** Orders a single customer may have; each order uses at most 2 + 2·MAX_LINES ids, so the block never overflows. */
export const MAX_ORDERS_PER_CUSTOMER = 20_000;
export const MAX_LINES_PER_ORDER = 12;

export function customerIdFor(index: number): number {
  return CUSTOMER_ID_BASE + index * CUSTOMER_ID_BLOCK;
}

/** Index of the customer whose block holds `id` (inverse of customerIdFor for any id in the block). */
export function customerIndexOf(id: number): number {
  return Math.floor((id - CUSTOMER_ID_BASE) / CUSTOMER_ID_BLOCK);
}

export function nextIdAfter(customers: number): number {
  return CUSTOMER_ID_BASE + customers * CUSTOMER_ID_BLOCK;
}

/** Hands out consecutive ids within one block. */
export class IdCounter {
  constructor(private next: number) {}
  take(): number {
    return this.next++;
  }
}
