/**
 * Per-customer RFM metrics as of a given day: recency = days since the last order, frequency = orders,
 * monetary = net spend after refunds (minor units). Orders after the as-of day are ignored, so a
 * snapshot can be recomputed for any past date.
 */
import { customerCountOf, type OrderColumns } from "../orders";

export interface RfmMetrics {
  customerCount: number;
  /** Days since the last order; NaN for a customer with no order by the as-of day. */
  recencyDays: Float64Array;
  frequency: Int32Array;
  /** Net spend, integer minor units. */
  monetary: Float64Array;
}

export function computeRfmMetrics(orders: OrderColumns, options: { asOfDay: number; customerCount?: number }): RfmMetrics {
  const { customerIndex, day, amount } = orders;
  const customerCount = options.customerCount ?? customerCountOf(orders);
  const lastDay = new Float64Array(customerCount).fill(Number.NEGATIVE_INFINITY);
  const frequency = new Int32Array(customerCount);
  const monetary = new Float64Array(customerCount);
  // One pass, no grouping: these three only need a max, a count and a sum.
  for (let i = 0; i < customerIndex.length; i++) {
    const d = day[i];
    if (d > options.asOfDay) continue;
    const c = customerIndex[i];
    frequency[c]++;
    monetary[c] += amount[i];
    if (d > lastDay[c]) lastDay[c] = d;
  }
  const recencyDays = new Float64Array(customerCount);
  for (let c = 0; c < customerCount; c++) {
    recencyDays[c] = frequency[c] > 0 ? options.asOfDay - lastDay[c] : Number.NaN;
  }
  return { customerCount, recencyDays, frequency, monetary };
}
