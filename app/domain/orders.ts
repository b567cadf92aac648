/**
 * The columnar order log every analytics function reads. One row per order; customers are dense
 * indexes so per-customer results are typed arrays indexed the same way.
 */

export interface OrderColumns {
  /** Dense customer index, 0 … customerCount − 1 (see indexCustomers). */
  customerIndex: ArrayLike<number>;
  /** Shop-local day number of the order (see toLocalDayNumbers in time.ts). */
  day: ArrayLike<number>;
  /** Net amount after refunds, integer minor units. */
  amount: ArrayLike<number>;
}

export interface OrderRecord<Id> {
  customerId: Id;
  day: number;
  amount: number;
}

/** Friendly entry point: records with any customer id → columns plus the id of each customer index. */
export function ordersFromRecords<Id>(records: readonly OrderRecord<Id>[]): {
  orders: OrderColumns;
  customerIds: Id[];
} {
  const { customerIndex, customerIds } = indexCustomers(records.map((r) => r.customerId));
  const day = new Int32Array(records.length);
  const amount = new Float64Array(records.length);
  for (let i = 0; i < records.length; i++) {
    day[i] = records[i].day;
    amount[i] = records[i].amount;
  }
  return { orders: { customerIndex, day, amount }, customerIds };
}

/** Assigns dense indexes to ids in order of first appearance. */
export function indexCustomers<Id>(ids: readonly Id[]): { customerIndex: Int32Array; customerIds: Id[] } {
  const indexById = new Map<Id, number>();
  const customerIds: Id[] = [];
  const customerIndex = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    let index = indexById.get(ids[i]);
    if (index === undefined) {
      index = customerIds.length;
      indexById.set(ids[i], index);
      customerIds.push(ids[i]);
    }
    customerIndex[i] = index;
  }
  return { customerIndex, customerIds };
}

export function customerCountOf(orders: OrderColumns): number {
  let max = -1;
  const { customerIndex } = orders;
  for (let i = 0; i < customerIndex.length; i++) if (customerIndex[i] > max) max = customerIndex[i];
  return max + 1;
}

/** Each customer's orders, sorted by day: customer c owns order[offsets[c] … offsets[c + 1]). */
export interface OrdersByCustomer {
  customerCount: number;
  offsets: Int32Array;
  order: Int32Array;
}

/**
 * Groups order rows by customer with a counting sort (O(n)), then sorts each customer's few rows by
 * day (insertion sort; ties keep input order, so results are deterministic).
 */
export function groupOrdersByCustomer(orders: OrderColumns, customerCount = customerCountOf(orders)): OrdersByCustomer {
  const { customerIndex, day } = orders;
  const n = customerIndex.length;
  const offsets = new Int32Array(customerCount + 1);
  for (let i = 0; i < n; i++) {
    const c = customerIndex[i];
    if (!(c >= 0 && c < customerCount)) throw new RangeError(`order ${i}: customer index ${c} is outside 0…${customerCount - 1}`);
    offsets[c + 1]++;
  }
  for (let c = 0; c < customerCount; c++) offsets[c + 1] += offsets[c];
  const cursor = offsets.slice(0, customerCount);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[cursor[customerIndex[i]]++] = i;

  for (let c = 0; c < customerCount; c++) {
    const start = offsets[c];
    const end = offsets[c + 1];
    if (end - start < 64) {
      for (let i = start + 1; i < end; i++) {
        const row = order[i];
        const d = day[row];
        let j = i - 1;
        while (j >= start && day[order[j]] > d) {
          order[j + 1] = order[j];
          j--;
        }
        order[j + 1] = row;
      }
    } else {
      const rows = Array.from(order.subarray(start, end)).sort((a, b) => day[a] - day[b] || a - b);
      order.set(rows, start);
    }
  }
  return { customerCount, offsets, order };
}

/** Builds order columns from UTC timestamps, bucketing each order into the shop's calendar day. */
export function ordersFromTimestamps(
  columns: { customerIndex: ArrayLike<number>; processedAtMs: ArrayLike<number>; amount: ArrayLike<number> },
  toLocalDay: (epochMs: number) => number,
): OrderColumns {
  const day = new Int32Array(columns.processedAtMs.length);
  for (let i = 0; i < day.length; i++) day[i] = toLocalDay(columns.processedAtMs[i]);
  return { customerIndex: columns.customerIndex, day, amount: columns.amount };
}
