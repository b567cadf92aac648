/**
 * Monthly first-order cohorts and repeat behaviour. Months are calendar months of the shop's time
 * zone: build the order columns with toLocalDayNumbers / createLocalDayNumber (time.ts) so an order
 * placed at 23:30 on 31 January in Tokyo belongs to January even though it is February in UTC.
 */
import { groupOrdersByCustomer, type OrderColumns } from "./orders";
import { monthIndexFromDayNumber, monthKey } from "./time";

/** The as-of day is counted in full, so its month is over only when it is the month's last day. */
const isLastDayOfMonth = (dayNumber: number) => monthIndexFromDayNumber(dayNumber + 1) !== monthIndexFromDayNumber(dayNumber);

export interface MonthlyCohort {
  /** "YYYY-MM" of the customers' first order. */
  month: string;
  customers: number;
  /**
   * returningCustomers[k]: customers who ordered again in month k after their first (k = 0: a second
   * order within the first month). Runs up to the as-of month.
   */
  returningCustomers: number[];
  /** returningCustomers[k] / customers. */
  retention: number[];
  /** Net revenue of the cohort's orders in month k (k = 0 includes the first orders), minor units. */
  revenue: number[];
  /**
   * The month k still in progress on the as-of day (always the row's last), or null when the as-of day
   * closes its month or none was given. Its retention is a part-month: show it as unfinished, not as a drop.
   */
  inProgressMonth: number | null;
}

export function monthlyCohorts(
  orders: OrderColumns,
  options: { asOfDay?: number; customerCount?: number } = {},
): MonthlyCohort[] {
  const asOfDay = options.asOfDay ?? Number.POSITIVE_INFINITY;
  const { day, amount } = orders;
  const { offsets, order, customerCount } = groupOrdersByCustomer(orders, options.customerCount);

  // Month per distinct day, memoised: there are far fewer days than orders.
  const monthOfDay = new Map<number, number>();
  const monthOf = (d: number) => {
    let m = monthOfDay.get(d);
    if (m === undefined) {
      m = monthIndexFromDayNumber(d);
      monthOfDay.set(d, m);
    }
    return m;
  };

  let lastMonth = Number.NEGATIVE_INFINITY;
  let firstMonth = Number.POSITIVE_INFINITY;
  for (let c = 0; c < customerCount; c++) {
    for (let k = offsets[c]; k < offsets[c + 1]; k++) {
      const d = day[order[k]];
      if (d > asOfDay) break;
      const m = monthOf(d);
      if (m > lastMonth) lastMonth = m;
      if (m < firstMonth) firstMonth = m;
    }
  }
  if (!Number.isFinite(firstMonth)) return [];
  if (Number.isFinite(asOfDay)) lastMonth = Math.max(lastMonth, monthIndexFromDayNumber(asOfDay));
  const span = lastMonth - firstMonth + 1;

  // Dense [cohort][offset] tables; offsets past the as-of month stay unused.
  const size = new Float64Array(span);
  const returning = new Float64Array(span * span);
  const revenue = new Float64Array(span * span);
  for (let c = 0; c < customerCount; c++) {
    const start = offsets[c];
    const end = offsets[c + 1];
    if (start === end || day[order[start]] > asOfDay) continue;
    const cohort = monthOf(day[order[start]]) - firstMonth;
    size[cohort]++;
    let lastCounted = -1;
    for (let k = start; k < end; k++) {
      const row = order[k];
      if (day[row] > asOfDay) break;
      const offset = monthOf(day[row]) - firstMonth - cohort;
      revenue[cohort * span + offset] += amount[row];
      // Every order but the first is a return; count each customer once per month.
      if (k > start && offset !== lastCounted) {
        returning[cohort * span + offset]++;
        lastCounted = offset;
      }
    }
  }

  const asOfMonthInProgress = Number.isFinite(asOfDay) && !isLastDayOfMonth(asOfDay);
  const cohorts: MonthlyCohort[] = [];
  for (let cohort = 0; cohort < span; cohort++) {
    if (size[cohort] === 0) continue;
    const months = span - cohort;
    const returningCustomers = Array.from(returning.subarray(cohort * span, cohort * span + months));
    cohorts.push({
      month: monthKey(firstMonth + cohort),
      customers: size[cohort],
      returningCustomers,
      retention: returningCustomers.map((r) => r / size[cohort]),
      revenue: Array.from(revenue.subarray(cohort * span, cohort * span + months)),
      inProgressMonth: asOfMonthInProgress ? months - 1 : null,
    });
  }
  return cohorts;
}

/** Default histogram edges (days) for the time between the first and second order. */
export const DAYS_TO_SECOND_ORDER_EDGES = [0, 7, 14, 30, 60, 90, 180, 365] as const;

export interface RepeatPurchaseStats {
  customers: number;
  repeatCustomers: number;
  /** Share of customers with two or more orders. */
  repeatPurchaseRate: number;
  /**
   * First → second order conversion within `windowDays`, among customers whose first order is at least
   * `windowDays` old (so recent customers, who have not had the chance yet, do not drag it down).
   */
  f2Conversion: { windowDays: number; eligibleCustomers: number; converted: number; rate: number };
  /** Histogram of days from the first to the second order; the last bucket is open (`toDay` null). */
  daysToSecondOrder: { fromDay: number; toDay: number | null; customers: number }[];
  medianDaysToSecondOrder: number | null;
}

export function repeatPurchaseStats(
  orders: OrderColumns,
  options: { asOfDay: number; windowDays?: number; bucketEdges?: readonly number[]; customerCount?: number },
): RepeatPurchaseStats {
  const windowDays = options.windowDays ?? 365;
  const edges = options.bucketEdges ?? DAYS_TO_SECOND_ORDER_EDGES;
  const { day } = orders;
  const { offsets, order, customerCount } = groupOrdersByCustomer(orders, options.customerCount);
  const histogram = new Array<number>(edges.length).fill(0);
  const gaps: number[] = [];
  let customers = 0;
  let repeatCustomers = 0;
  let eligible = 0;
  let converted = 0;
  for (let c = 0; c < customerCount; c++) {
    const start = offsets[c];
    const end = offsets[c + 1];
    if (start === end) continue;
    const first = day[order[start]];
    if (first > options.asOfDay) continue;
    customers++;
    const hasSecond = end - start > 1 && day[order[start + 1]] <= options.asOfDay;
    const gap = hasSecond ? day[order[start + 1]] - first : Number.NaN;
    if (hasSecond) {
      repeatCustomers++;
      gaps.push(gap);
      let bucket = edges.length - 1;
      while (bucket > 0 && gap < edges[bucket]) bucket--;
      histogram[bucket]++;
    }
    if (options.asOfDay - first >= windowDays) {
      eligible++;
      if (hasSecond && gap <= windowDays) converted++;
    }
  }
  gaps.sort((a, b) => a - b);
  const median =
    gaps.length === 0
      ? null
      : gaps.length % 2 === 1
        ? gaps[(gaps.length - 1) / 2]
        : (gaps[gaps.length / 2 - 1] + gaps[gaps.length / 2]) / 2;
  return {
    customers,
    repeatCustomers,
    repeatPurchaseRate: customers > 0 ? repeatCustomers / customers : 0,
    f2Conversion: { windowDays, eligibleCustomers: eligible, converted, rate: eligible > 0 ? converted / eligible : 0 },
    daysToSecondOrder: edges.map((fromDay, i) => ({
      fromDay,
      toDay: i + 1 < edges.length ? edges[i + 1] : null,
      customers: histogram[i],
    })),
    medianDaysToSecondOrder: median,
  };
}

/**
 * Per customer: days from the first to the second order (NaN without a second order by the as-of
 * day) — the input of the loyalty trait "days_to_second_order" (see daysToSecondOrderBucket).
 */
export function daysToSecondOrderByCustomer(
  orders: OrderColumns,
  options: { asOfDay?: number; customerCount?: number } = {},
): Float64Array {
  const asOfDay = options.asOfDay ?? Number.POSITIVE_INFINITY;
  const { offsets, order, customerCount } = groupOrdersByCustomer(orders, options.customerCount);
  const days = new Float64Array(customerCount).fill(Number.NaN);
  for (let c = 0; c < customerCount; c++) {
    const start = offsets[c];
    if (offsets[c + 1] - start < 2) continue;
    const second = orders.day[order[start + 1]];
    if (second <= asOfDay) days[c] = second - orders.day[order[start]];
  }
  return days;
}
