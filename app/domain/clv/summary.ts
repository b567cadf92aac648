/**
 * The RFM summary the BG/NBD and Gamma-Gamma models are fitted on, with lifetimes' exact definitions:
 * purchases are first aggregated per day (a day's purchases count once, amounts summed), then
 *   frequency      = purchase days after the first one (repeat purchases),
 *   recency        = last − first purchase day,
 *   T              = observation end − first purchase day,
 *   monetaryValue  = mean amount of the repeat purchase days (the first day excluded; 0 if none),
 * with times in periods (days, or weeks = days / 7 as in the CDNOW literature).
 */
import { groupOrdersByCustomer, type OrderColumns } from "../orders";

export type Period = "day" | "week";

export const PERIOD_DAYS: Record<Period, number> = { day: 1, week: 7 };

/** One row per customer who bought by the observation end; columns are parallel typed arrays. */
export interface RfmSummary {
  period: Period;
  size: number;
  /** Row → the customer index of the order log it came from. */
  customerIndex: Int32Array;
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  /** Minor units, mean of repeat purchase days. */
  monetaryValue: Float64Array;
  /** Minor units spent on the first purchase day (not part of lifetimes' summary; used by fallbacks). */
  firstPurchaseValue: Float64Array;
}

export interface CalibrationHoldoutSummary extends RfmSummary {
  /** Purchase days in the holdout window. */
  frequencyHoldout: Float64Array;
  /** Mean amount per holdout purchase day (0 if none). */
  monetaryHoldout: Float64Array;
  /** Holdout length in periods (the same for everyone). */
  durationHoldout: number;
}

export interface SummaryOptions {
  /** Last day (inclusive) of observation, a day number; later transactions are ignored. */
  observationEnd: number;
  period?: Period;
  customerCount?: number;
}

export function summarizeTransactions(transactions: OrderColumns, options: SummaryOptions): RfmSummary {
  return summarize(
    transactions,
    options.observationEnd,
    Number.NEGATIVE_INFINITY,
    options.period ?? "week",
    options.customerCount,
  );
}

export interface CalibrationHoldoutOptions {
  /** Last day (inclusive) of the calibration period. */
  calibrationEnd: number;
  /** Last day (inclusive) of the holdout period. */
  holdoutEnd: number;
  period?: Period;
  customerCount?: number;
}

/** lifetimes' calibration_and_holdout_data: customers are those who bought by calibrationEnd. */
export function summarizeCalibrationHoldout(
  transactions: OrderColumns,
  options: CalibrationHoldoutOptions,
): CalibrationHoldoutSummary {
  if (!(options.holdoutEnd > options.calibrationEnd)) {
    throw new RangeError("the holdout end must be after the calibration end");
  }
  return summarize(
    transactions,
    options.calibrationEnd,
    options.holdoutEnd,
    options.period ?? "week",
    options.customerCount,
  ) as CalibrationHoldoutSummary;
}

function summarize(
  transactions: OrderColumns,
  calibrationEnd: number,
  holdoutEnd: number,
  period: Period,
  customerCount: number | undefined,
): RfmSummary | CalibrationHoldoutSummary {
  const withHoldout = holdoutEnd > calibrationEnd;
  const periodDays = PERIOD_DAYS[period];
  const { day, amount } = transactions;
  const groups = groupOrdersByCustomer(transactions, customerCount);
  const { offsets, order } = groups;

  // Over-allocate to the customer count, then trim to the customers who bought by calibrationEnd.
  const capacity = groups.customerCount;
  const customerIndex = new Int32Array(capacity);
  const frequency = new Float64Array(capacity);
  const recency = new Float64Array(capacity);
  const T = new Float64Array(capacity);
  const monetaryValue = new Float64Array(capacity);
  const firstPurchaseValue = new Float64Array(capacity);
  const frequencyHoldout = withHoldout ? new Float64Array(capacity) : undefined;
  const monetaryHoldout = withHoldout ? new Float64Array(capacity) : undefined;

  let size = 0;
  for (let c = 0; c < capacity; c++) {
    const start = offsets[c];
    const end = offsets[c + 1];
    if (start === end) continue;
    const firstDay = day[order[start]];
    if (firstDay > calibrationEnd) continue;

    let currentDay = firstDay;
    let firstDayAmount = 0;
    let repeatDays = 0;
    let repeatAmount = 0;
    let lastDay = firstDay;
    let holdoutDays = 0;
    let holdoutAmount = 0;
    let previousHoldoutDay = Number.NaN;
    for (let k = start; k < end; k++) {
      const row = order[k];
      const d = day[row];
      if (d <= calibrationEnd) {
        if (d === firstDay) firstDayAmount += amount[row];
        else {
          if (d !== currentDay) {
            repeatDays++;
            currentDay = d;
            lastDay = d;
          }
          repeatAmount += amount[row];
        }
      } else if (d <= holdoutEnd) {
        if (d !== previousHoldoutDay) {
          holdoutDays++;
          previousHoldoutDay = d;
        }
        holdoutAmount += amount[row];
      } else break;
    }
    customerIndex[size] = c;
    frequency[size] = repeatDays;
    recency[size] = (lastDay - firstDay) / periodDays;
    T[size] = (calibrationEnd - firstDay) / periodDays;
    monetaryValue[size] = repeatDays > 0 ? repeatAmount / repeatDays : 0;
    firstPurchaseValue[size] = firstDayAmount;
    if (frequencyHoldout && monetaryHoldout) {
      frequencyHoldout[size] = holdoutDays;
      monetaryHoldout[size] = holdoutDays > 0 ? holdoutAmount / holdoutDays : 0;
    }
    size++;
  }

  const summary: RfmSummary = {
    period,
    size,
    customerIndex: customerIndex.slice(0, size),
    frequency: frequency.slice(0, size),
    recency: recency.slice(0, size),
    T: T.slice(0, size),
    monetaryValue: monetaryValue.slice(0, size),
    firstPurchaseValue: firstPurchaseValue.slice(0, size),
  };
  if (!frequencyHoldout || !monetaryHoldout) return summary;
  return {
    ...summary,
    frequencyHoldout: frequencyHoldout.slice(0, size),
    monetaryHoldout: monetaryHoldout.slice(0, size),
    durationHoldout: (holdoutEnd - calibrationEnd) / periodDays,
  };
}

/** Builds a summary from already-computed columns (e.g. a published data set or a stored snapshot). */
export function summaryFromColumns(columns: {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  T: ArrayLike<number>;
  monetaryValue?: ArrayLike<number>;
  period?: Period;
}): RfmSummary {
  const size = columns.frequency.length;
  if (columns.recency.length !== size || columns.T.length !== size) {
    throw new RangeError("frequency, recency and T must have the same length");
  }
  const customerIndex = new Int32Array(size);
  for (let i = 0; i < size; i++) customerIndex[i] = i;
  return {
    period: columns.period ?? "week",
    size,
    customerIndex,
    frequency: Float64Array.from(columns.frequency),
    recency: Float64Array.from(columns.recency),
    T: Float64Array.from(columns.T),
    monetaryValue: columns.monetaryValue ? Float64Array.from(columns.monetaryValue) : new Float64Array(size),
    firstPurchaseValue: new Float64Array(size),
  };
}
