/**
 * What loyal customers have in common: for each value of each trait (first product, discount on the
 * first order, region, …) how over-represented it is among loyal customers. lift = share of loyal
 * customers with the value / share of all customers with it; 2 means "twice as common among loyal".
 */

/** The traits Kizuna derives per customer (ids stable for the UI and the candidate reasons). */
export const LOYALTY_TRAIT_KEYS = [
  "first_product",
  "first_collection",
  "first_order_discount",
  "days_to_second_order",
  "first_order_channel",
  "region",
  "marketing_consent",
  "first_order_value_band",
] as const;

export type LoyaltyTraitKey = (typeof LOYALTY_TRAIT_KEYS)[number];

/** One customer's value for a trait: a single value, several (e.g. collections), or null if unknown. */
export type TraitValue = string | number | boolean | null | undefined | readonly (string | number)[];

/** Trait key → one value per customer index. Any string key works; LOYALTY_TRAIT_KEYS are the usual ones. */
export type CustomerTraits = Readonly<Record<string, ArrayLike<TraitValue>>>;

export interface TraitLift {
  trait: string;
  value: string;
  loyalCount: number;
  otherCount: number;
  /** loyalCount / loyal customers. */
  shareOfLoyal: number;
  /** (loyalCount + otherCount) / all customers. */
  shareOfAll: number;
  lift: number;
}

export interface TraitLiftOptions {
  /** Minimum customers (loyal + others) having the value, default 20. */
  minSupport?: number;
  /** Minimum loyal customers having the value, default 3. */
  minLoyalCount?: number;
}

/** Lifts of every trait value with enough support, highest lift first (ties: more loyal, then by name). */
export function traitLifts(traits: CustomerTraits, loyal: ArrayLike<number>, options: TraitLiftOptions = {}): TraitLift[] {
  const minSupport = options.minSupport ?? 20;
  const minLoyalCount = options.minLoyalCount ?? 3;
  const n = loyal.length;
  let loyalTotal = 0;
  for (let c = 0; c < n; c++) if (loyal[c]) loyalTotal++;
  if (loyalTotal === 0 || n === 0) return [];

  const lifts: TraitLift[] = [];
  for (const trait of Object.keys(traits).sort()) {
    const column = traits[trait];
    if (column.length !== n) throw new RangeError(`trait "${trait}" has ${column.length} values for ${n} customers`);
    const counts = new Map<string, [number, number]>();
    for (let c = 0; c < n; c++) {
      forEachValue(column[c], (value) => {
        let count = counts.get(value);
        if (count === undefined) {
          count = [0, 0];
          counts.set(value, count);
        }
        count[loyal[c] ? 0 : 1]++;
      });
    }
    for (const [value, [loyalCount, otherCount]] of counts) {
      if (loyalCount + otherCount < minSupport || loyalCount < minLoyalCount) continue;
      const shareOfLoyal = loyalCount / loyalTotal;
      const shareOfAll = (loyalCount + otherCount) / n;
      lifts.push({ trait, value, loyalCount, otherCount, shareOfLoyal, shareOfAll, lift: shareOfLoyal / shareOfAll });
    }
  }
  return lifts.sort(
    (a, b) =>
      b.lift - a.lift ||
      b.loyalCount - a.loyalCount ||
      (a.trait < b.trait ? -1 : a.trait > b.trait ? 1 : 0) ||
      (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
  );
}

/** Calls fn with each distinct, non-missing value as a string (booleans as "true"/"false"). */
export function forEachValue(value: TraitValue, fn: (value: string) => void): void {
  if (value === null || value === undefined) return;
  if (typeof value === "object") {
    // Multi-valued (collections): each distinct value counts once for the customer.
    const seen = new Set<string>();
    for (const v of value) {
      const s = String(v);
      if (!seen.has(s)) {
        seen.add(s);
        fn(s);
      }
    }
    return;
  }
  fn(String(value));
}

/** Band label of a first-order value: "0-2000", …, "20000+" (minor units, lower bound inclusive). */
export function valueBand(amount: number, edges: readonly number[] = [2_000, 5_000, 10_000, 20_000]): string {
  if (!(amount >= edges[0])) return `0-${edges[0]}`;
  for (let i = edges.length - 1; i >= 0; i--) {
    if (amount >= edges[i]) return i === edges.length - 1 ? `${edges[i]}+` : `${edges[i]}-${edges[i + 1]}`;
  }
  return `0-${edges[0]}`;
}

/** Bucket of days from the first to the second order ("0-7", …, "365+"), or "none" without a second order. */
export function daysToSecondOrderBucket(
  days: number | null,
  edges: readonly number[] = [0, 7, 14, 30, 60, 90, 180, 365],
): string {
  if (days === null || Number.isNaN(days)) return "none";
  for (let i = edges.length - 1; i >= 0; i--) {
    if (days >= edges[i]) return i === edges.length - 1 ? `${edges[i]}+` : `${edges[i]}-${edges[i + 1]}`;
  }
  return `${edges[0]}-${edges[1]}`;
}
