/**
 * The true buy-till-you-die process behind a seeded store, one customer at a time.
 *
 * BG/NBD exactly as Fader, Hardie & Lee (2005) "Counting your customers the easy way": at acquisition the
 * customer makes a first purchase (t = 0); while alive, purchases follow a Poisson process with rate
 * λ ~ Gamma(r, α) per day; immediately after each repeat purchase the customer drops out with probability
 * p ~ Beta(a, b). Observation stops at the store's `now`. The customer is alive at t = 0 for certain: that is
 * what the paper's likelihood says (a customer with x = 0 repeats contributes e^(−λT), with no p term) and
 * what gives E[X(t) | λ, p] = (1 − e^(−λpt))/p. Dropping out after the first purchase too would scale every
 * expectation by (1 − p) and make the closed-form E[X(t)] wrong for the seeded data.
 *
 * Spend is Gamma-Gamma (Fader, Hardie & Lee 2005 "RFM and CLV"): ν ~ Gamma(q, rate v), each purchase's value
 * z ~ Gamma(p, rate ν), so the customer's mean spend is p/ν. Values are in major units of the shop currency.
 *
 * Everything here is drawn from the customer's own stream `Rng(seed, index, STREAM_PROCESS)`, so seedTruth()
 * can replay the latent values without building profiles or orders.
 */

import { MAX_ORDERS_PER_CUSTOMER } from "./ids";
import { DAY_MS, type ResolvedOptions } from "./options";
import { Rng } from "./rng";

export const STREAM_PROCESS = 1;
export const STREAM_PROFILE = 2;
export const STREAM_ORDERS = 3;
export const STREAM_CATALOG = 4;

/** Accounts that never order (created at sign-up or by staff); outside the BG/NBD population. */
export const ZERO_ORDER_SHARE = 0.1;

/** Acquisitions grow over the window: the rate at `now` is ACQUISITION_GROWTH times the rate at the start. */
export const ACQUISITION_GROWTH = 2;

export interface CustomerProcess {
  index: number;
  /** days since startsAt: first purchase time, or account creation for zero-order accounts */
  acquiredAt: number;
  /** false for zero-order accounts; the remaining fields are then 0 / empty / null */
  buyer: boolean;
  lambda: number;
  p: number;
  nu: number;
  /** p_gg/ν in major units */
  meanSpend: number;
  /** purchase times in days since startsAt, ascending; purchases[0] = acquiredAt */
  purchases: number[];
  /** drawn value of each purchase in major units */
  spends: number[];
  /** days since startsAt of the repeat purchase after which the customer dropped out; null = alive at `now` */
  diedAt: number | null;
}

/** Inverse CDF of an exponentially growing acquisition density on [0, horizon). */
function acquisitionTime(u: number, horizon: number): number {
  const g = Math.log(ACQUISITION_GROWTH);
  return (horizon * Math.log(1 + u * (ACQUISITION_GROWTH - 1))) / g;
}

export function horizonDays(options: ResolvedOptions): number {
  return (options.now - options.startsAt) / DAY_MS;
}

export function simulateCustomer(options: ResolvedOptions, index: number): CustomerProcess {
  const rng = new Rng(options.seed, index, STREAM_PROCESS);
  const horizon = horizonDays(options);
  const buyer = rng.next() >= ZERO_ORDER_SHARE;
  const acquiredAt = acquisitionTime(rng.next(), horizon);
  if (!buyer) {
    return { index, acquiredAt, buyer, lambda: 0, p: 0, nu: 0, meanSpend: 0, purchases: [], spends: [], diedAt: null };
  }
  const { r, alpha, a, b } = options.bgnbd;
  const gg = options.gammaGamma;
  const lambda = rng.gamma(r, alpha);
  const p = rng.beta(a, b);
  const nu = rng.gamma(gg.q, gg.v);

  const purchases = [acquiredAt];
  let diedAt: number | null = null;
  let last = acquiredAt;
  while (purchases.length < MAX_ORDERS_PER_CUSTOMER) {
    const next = last + rng.exponential(lambda);
    if (!(next < horizon)) break;
    purchases.push(next);
    last = next;
    if (rng.next() < p) {
      diedAt = next;
      break;
    }
  }
  const spends = purchases.map(() => rng.gamma(gg.p, nu));
  return { index, acquiredAt, buyer, lambda, p, nu, meanSpend: gg.p / nu, purchases, spends, diedAt };
}
