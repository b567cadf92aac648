/**
 * Synthetic order logs with a known truth, for the model-choice, interval and seasonality tests: each
 * customer buys at a Poisson rate λ ~ Gamma(r, α) (per day) from a first-order day, and (with BG dropout)
 * stops after a repeat purchase with probability p ~ Beta(a, b). An optional monthly multiplier plants
 * seasonality (thinning of a faster Poisson stream).
 */
import type { OrderColumns } from "../../app/domain/orders";
import { makeSamplers, mulberry32 } from "../../app/domain/clv/test-support";
import { monthIndexFromDayNumber } from "../../app/domain/time";

export interface StoreSpec {
  customers: number;
  /** First possible first-order day and the last day of the log (day numbers). */
  startDay: number;
  endDay: number;
  /** Latest first-order day (default endDay). */
  lastJoinDay?: number;
  r: number;
  alpha: number;
  dropout?: { a: number; b: number };
  /** Rate multiplier by calendar month 0 … 11 (1 everywhere when absent). */
  season?: readonly number[];
  seed: number;
}

export function syntheticStore(spec: StoreSpec): OrderColumns & { customerCount: number } {
  const random = mulberry32(spec.seed);
  const { gamma, beta } = makeSamplers(random);
  const customerIndex: number[] = [];
  const day: number[] = [];
  const amount: number[] = [];
  const season = spec.season;
  const peak = season ? Math.max(...season) : 1;
  const lastJoin = spec.lastJoinDay ?? spec.endDay;
  for (let c = 0; c < spec.customers; c++) {
    const first = spec.startDay + Math.floor(random() * (lastJoin - spec.startDay + 1));
    const lambda = gamma(spec.r) / spec.alpha;
    const p = spec.dropout ? beta(spec.dropout.a, spec.dropout.b) : 0;
    const value = 3000 + Math.floor(random() * 4000);
    customerIndex.push(c);
    day.push(first);
    amount.push(value);
    let t = first;
    for (;;) {
      t += -Math.log(1 - random()) / (lambda * peak);
      if (t > spec.endDay + 1) break;
      const d = Math.floor(t);
      if (season && random() >= season[((monthIndexFromDayNumber(d) % 12) + 12) % 12] / peak) continue;
      customerIndex.push(c);
      day.push(d);
      amount.push(value + Math.floor(random() * 1000));
      if (random() < p) break;
    }
  }
  return {
    customerIndex: Int32Array.from(customerIndex),
    day: Int32Array.from(day),
    amount: Float64Array.from(amount),
    customerCount: spec.customers,
  };
}
