/**
 * The truth a seeded store was drawn from (SeedTruth), and the BG/NBD expectation used to check it.
 */

import type { SeedTruth } from "../store/model";
import {
  AFFINITY_GROUPS,
  GATEWAY_PROBABILITY_LOYAL,
  GATEWAY_PROBABILITY_OTHER,
  LOYAL_DROPOUT_BELOW,
  LOYALTY_GATEWAYS,
} from "./data/catalog";
import { type CatalogContext, buildCatalog } from "./catalog";
import { customerIdFor } from "./ids";
import { DAY_MS, type ResolvedOptions, type SeedOptions, resolveOptions } from "./options";
import { type CustomerProcess, ZERO_ORDER_SHARE, simulateCustomer } from "./process";

/** Per-customer latent values are recorded for stores up to this many customers. */
export const TRUTH_CUSTOMER_LIMIT = 50_000;

/** Gauss hypergeometric 2F1(a, b; c; z) by its power series, for 0 ≤ z < 1. */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 1_000_000; n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    sum += term;
    if (Math.abs(term) < 1e-15 * Math.abs(sum)) break;
  }
  return sum;
}

/** ln Γ(x) for x > 0: shift up to x ≥ 10, then Stirling's series (error below 1e-15 there). */
export function lnGamma(x: number): number {
  let shift = 0;
  while (x < 10) {
    shift += Math.log(x);
    x += 1;
  }
  const inverse = 1 / x;
  const inverse2 = inverse * inverse;
  const series = inverse * (1 / 12 - inverse2 * (1 / 360 - inverse2 * (1 / 1260 - inverse2 / 1680)));
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series - shift;
}

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/**
 * E[X(t)]: expected repeat purchases in (0, t] after the first purchase, for a customer drawn from the
 * population (Fader, Hardie & Lee 2005, eq. 7):
 *   (a+b−1)/(a−1) · [1 − (α/(α+t))^r · 2F1(r, b; a+b−1; t/(α+t))]
 * The closed form is singular at a = 1; there (and as a cross-check) use the numerical integral below.
 */
export function expectedRepeatPurchases(params: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = params;
  if (t <= 0) return 0;
  if (Math.abs(a - 1) < 1e-6) return expectedRepeatPurchasesByIntegration(params, t);
  const z = t / (alpha + t);
  return ((a + b - 1) / (a - 1)) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, z));
}

/**
 * The same expectation by integrating E[X(t) | p] = (1 − (α/(α+pt))^r)/p over p ~ Beta(a, b), with p = u^(1/a)
 * to remove the density's singularity at 0. Independent of the hypergeometric closed form.
 */
export function expectedRepeatPurchasesByIntegration(params: BgNbdParams, t: number, steps = 20_000): number {
  const { r, alpha, a, b } = params;
  if (t <= 0) return 0;
  const lnBeta = lnGamma(a) + lnGamma(b) - lnGamma(a + b);
  let sum = 0;
  for (let i = 0; i < steps; i++) {
    const u = (i + 0.5) / steps;
    const p = u ** (1 / a);
    const given = p * t < 1e-9 * alpha ? (r * t) / alpha : (1 - (alpha / (alpha + p * t)) ** r) / p;
    sum += given * (1 - p) ** (b - 1);
  }
  return ((sum / steps) * Math.exp(-lnBeta)) / a;
}

function notes(options: ResolvedOptions): string[] {
  const unit = options.currency.digits === 0 ? options.currency.code : `${options.currency.code} major units`;
  return [
    "BG/NBD time unit is days; t = 0 is each customer's first order (Order.createdAt), observation ends at endsAt.",
    "Dropout is drawn after every repeat purchase, never at the first (Fader-Hardie-Lee 2005 likelihood); diedAt is the createdAt of the order after which the customer dropped out, null if alive at endsAt.",
    "Every drawn purchase is one order, cancelled and refunded orders included (about 1.5% cancelled, 3% refunded).",
    `Gamma-Gamma values are in ${unit}; each order's list-price merchandise total (sum of originalUnitPrice x quantity) approximates its drawn value z to about +-15%, before discounts, shipping and any added tax.`,
    `Customers with zero orders (about ${ZERO_ORDER_SHARE * 100}%) are accounts that never bought and are not in the BG/NBD population or in customers.`,
    "Order names count up in generation order (customer by customer, each customer's orders chronologically), not in global time order.",
  ];
}

export function buildTruth(
  options: ResolvedOptions,
  catalog: CatalogContext,
  processes: Iterable<CustomerProcess> | null,
): SeedTruth {
  const { currency } = options;
  const truth: SeedTruth = {
    seed: options.seed,
    bgnbd: { ...options.bgnbd, timeUnit: "day" },
    gammaGamma: { ...options.gammaGamma, currency: currency.code },
    startsAt: options.startsAt,
    endsAt: options.now,
    loyaltyDrivers: catalog.gatewayIndexes.map((index) => ({
      productId: catalog.products[index].product.id,
      handle: catalog.products[index].product.handle,
      title: catalog.products[index].product.title,
      effect: `in the first order of ${GATEWAY_PROBABILITY_LOYAL * 100}% of customers with dropout p < ${LOYAL_DROPOUT_BELOW} (split evenly over ${LOYALTY_GATEWAYS.length} products) vs ${GATEWAY_PROBABILITY_OTHER * 100}% of the others`,
    })),
    affinityGroups: AFFINITY_GROUPS.map((group) => ({
      name: group.name,
      productIds: group.members.map((key) => {
        const product = catalog.products.find((entry) => entry.key === key);
        return product ? product.product.id : -1;
      }),
    })),
    zeroOrderShare: ZERO_ORDER_SHARE,
    notes: notes(options),
  };
  if (processes !== null) {
    const customers: NonNullable<SeedTruth["customers"]> = {};
    for (const process of processes) {
      if (!process.buyer) continue;
      customers[customerIdFor(process.index)] = {
        lambda: process.lambda,
        p: process.p,
        diedAt: process.diedAt === null ? null : options.startsAt + Math.floor(process.diedAt * DAY_MS),
        meanSpend: process.meanSpend,
      };
    }
    truth.customers = customers;
  }
  return truth;
}

function* allProcesses(options: ResolvedOptions): Generator<CustomerProcess> {
  for (let index = 0; index < options.customers; index++) yield simulateCustomer(options, index);
}

/** The true process parameters and window; per-customer latents when the store has ≤ 50k customers. */
export function seedTruth(options: SeedOptions): SeedTruth {
  const resolved = resolveOptions(options);
  const withCustomers = resolved.customers <= TRUTH_CUSTOMER_LIMIT;
  return buildTruth(resolved, buildCatalog(resolved), withCustomers ? allProcesses(resolved) : null);
}
