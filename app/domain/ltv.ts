/**
 * Historic (observed, not predicted) lifetime value: what each customer has actually spent, and the
 * shop-level aggregates merchants read first — AOV, orders per customer, average and median LTV.
 */
import { customerCountOf, type OrderColumns } from "./orders";

export interface CustomerHistory {
  customerCount: number;
  orders: Int32Array;
  /** Net spend after refunds, integer minor units. */
  netSpend: Float64Array;
  /** NaN for a customer without orders (by the as-of day). */
  firstOrderDay: Float64Array;
  lastOrderDay: Float64Array;
}

/** One pass over the order log; orders after `asOfDay` (if given) are ignored. */
export function customerHistory(
  orders: OrderColumns,
  options: { asOfDay?: number; customerCount?: number } = {},
): CustomerHistory {
  const customerCount = options.customerCount ?? customerCountOf(orders);
  const asOfDay = options.asOfDay ?? Number.POSITIVE_INFINITY;
  const count = new Int32Array(customerCount);
  const netSpend = new Float64Array(customerCount);
  const firstOrderDay = new Float64Array(customerCount).fill(Number.NaN);
  const lastOrderDay = new Float64Array(customerCount).fill(Number.NaN);
  const { customerIndex, day, amount } = orders;
  for (let i = 0; i < customerIndex.length; i++) {
    const d = day[i];
    if (d > asOfDay) continue;
    const c = customerIndex[i];
    count[c]++;
    netSpend[c] += amount[i];
    // NaN comparisons are false, so the first order initialises both.
    if (!(d >= firstOrderDay[c])) firstOrderDay[c] = d;
    if (!(d <= lastOrderDay[c])) lastOrderDay[c] = d;
  }
  return { customerCount, orders: count, netSpend, firstOrderDay, lastOrderDay };
}

export interface ShopLtvSummary {
  /** Customers with at least one order. */
  customers: number;
  orders: number;
  /** Minor units. */
  netRevenue: number;
  /** Net revenue per order, rounded to minor units. */
  averageOrderValue: number;
  ordersPerCustomer: number;
  /** Mean net spend per customer, rounded to minor units. */
  averageLtv: number;
  /** Median net spend per customer, minor units. */
  medianLtv: number;
  /** Share of net revenue from the top 10 % of customers by spend. */
  top10PercentRevenueShare: number;
}

export interface HistoricLtv {
  history: CustomerHistory;
  /** Per customer net spend / orders, rounded to minor units; 0 without orders. */
  averageOrderValue: Float64Array;
  shop: ShopLtvSummary;
}

export function historicLtv(orders: OrderColumns, options: { asOfDay?: number; customerCount?: number } = {}): HistoricLtv {
  const history = customerHistory(orders, options);
  const n = history.customerCount;
  const averageOrderValue = new Float64Array(n);
  let customers = 0;
  let totalOrders = 0;
  let revenue = 0;
  for (let c = 0; c < n; c++) {
    if (history.orders[c] === 0) continue;
    customers++;
    totalOrders += history.orders[c];
    revenue += history.netSpend[c];
    averageOrderValue[c] = Math.round(history.netSpend[c] / history.orders[c]);
  }
  const spends = new Float64Array(customers);
  for (let c = 0, j = 0; c < n; c++) if (history.orders[c] > 0) spends[j++] = history.netSpend[c];
  spends.sort();
  const median =
    customers === 0
      ? 0
      : customers % 2 === 1
        ? spends[(customers - 1) / 2]
        : Math.round((spends[customers / 2 - 1] + spends[customers / 2]) / 2);
  const topCount = Math.ceil(customers / 10);
  let topRevenue = 0;
  for (let j = customers - topCount; j < customers; j++) topRevenue += spends[j];
  return {
    history,
    averageOrderValue,
    shop: {
      customers,
      orders: totalOrders,
      netRevenue: revenue,
      averageOrderValue: totalOrders > 0 ? Math.round(revenue / totalOrders) : 0,
      ordersPerCustomer: customers > 0 ? totalOrders / customers : 0,
      averageLtv: customers > 0 ? Math.round(revenue / customers) : 0,
      medianLtv: median,
      top10PercentRevenueShare: revenue > 0 ? topRevenue / revenue : 0,
    },
  };
}
