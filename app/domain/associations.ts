/**
 * "Frequently bought together": item-to-item association rules from order baskets.
 * For products A and B over N baskets: support = n(A∧B) / N, confidence(A→B) = n(A∧B) / n(A),
 * lift = confidence / (n(B) / N) — lift > 1 means B is bought with A more often than by chance.
 */

/** Orders as baskets in compressed-row form: basket o holds items[offsets[o] … offsets[o + 1]). */
export interface Baskets {
  offsets: Int32Array;
  /** Dense product indexes 0 … productCount − 1. Duplicates inside a basket count once. */
  items: Int32Array;
  productCount: number;
}

export interface AssociationCounts {
  basketCount: number;
  productCount: number;
  /** Baskets containing each product. */
  itemBaskets: Float64Array;
  /** Key lo · productCount + hi (lo < hi) → baskets containing both. */
  pairBaskets: Map<number, number>;
  /** Baskets with more distinct items than maxBasketSize: in itemBaskets, not in pair counts. */
  oversizedBaskets: number;
}

export interface CountOptions {
  /**
   * Baskets with more distinct items are left out of pair counting (default 30): a 200-item
   * wholesale order adds ~20,000 pairs that say nothing about what goes together.
   */
  maxBasketSize?: number;
}

export function countAssociations(baskets: Baskets, options: CountOptions = {}): AssociationCounts {
  const maxBasketSize = options.maxBasketSize ?? 30;
  const { offsets, items, productCount } = baskets;
  if (productCount * productCount > Number.MAX_SAFE_INTEGER) throw new RangeError("too many products for integer pair keys");
  const basketCount = offsets.length - 1;
  const itemBaskets = new Float64Array(productCount);
  const pairBaskets = new Map<number, number>();
  const scratch = new Int32Array(Math.max(16, maxBasketSize + 1));
  let unique = new Int32Array(16);
  let oversizedBaskets = 0;

  for (let o = 0; o < basketCount; o++) {
    const start = offsets[o];
    const size = offsets[o + 1] - start;
    if (size > unique.length) unique = new Int32Array(size * 2);
    // Sort (insertion sort: baskets are small) and de-duplicate the basket.
    let count = 0;
    for (let k = 0; k < size; k++) {
      const item = items[start + k];
      if (!(item >= 0 && item < productCount))
        throw new RangeError(`basket ${o}: product ${item} is outside 0…${productCount - 1}`);
      let j = count - 1;
      while (j >= 0 && unique[j] > item) j--;
      if (j >= 0 && unique[j] === item) continue;
      unique.copyWithin(j + 2, j + 1, count);
      unique[j + 1] = item;
      count++;
    }
    for (let k = 0; k < count; k++) itemBaskets[unique[k]]++;
    if (count > maxBasketSize) {
      oversizedBaskets++;
      continue;
    }
    scratch.set(unique.subarray(0, count));
    for (let a = 0; a < count; a++) {
      const base = scratch[a] * productCount;
      for (let b = a + 1; b < count; b++) {
        const key = base + scratch[b];
        pairBaskets.set(key, (pairBaskets.get(key) ?? 0) + 1);
      }
    }
  }
  return { basketCount, productCount, itemBaskets, pairBaskets, oversizedBaskets };
}

export interface AssociationRule {
  /** Bought this … */
  antecedent: number;
  /** … also bought this. */
  consequent: number;
  baskets: number;
  support: number;
  confidence: number;
  lift: number;
}

export interface RuleOptions {
  /** Minimum baskets containing both, default 3. */
  minCount?: number;
  /** Minimum support, default 0. */
  minSupport?: number;
  /** Suggestions kept per product, default 10. */
  topK?: number;
  /** Ranking of suggestions, default "confidence" (ties: lift, then baskets, then product index). */
  rankBy?: "confidence" | "lift";
}

/** Top-k suggestions per product: result[product] is sorted best first (empty if none qualify). */
export function topAssociations(counts: AssociationCounts, options: RuleOptions = {}): AssociationRule[][] {
  const minCount = options.minCount ?? 3;
  const minSupport = options.minSupport ?? 0;
  const topK = options.topK ?? 10;
  const byLift = options.rankBy === "lift";
  const { basketCount: n, productCount: p, itemBaskets } = counts;
  const rules: AssociationRule[][] = Array.from({ length: p }, () => []);
  if (n === 0) return rules;
  for (const [key, both] of counts.pairBaskets) {
    if (both < minCount || both / n < minSupport) continue;
    const hi = key % p;
    const lo = (key - hi) / p;
    const support = both / n;
    const lift = (both * n) / (itemBaskets[lo] * itemBaskets[hi]);
    rules[lo].push({ antecedent: lo, consequent: hi, baskets: both, support, confidence: both / itemBaskets[lo], lift });
    rules[hi].push({ antecedent: hi, consequent: lo, baskets: both, support, confidence: both / itemBaskets[hi], lift });
  }
  const compare = (a: AssociationRule, b: AssociationRule) =>
    (byLift ? b.lift - a.lift || b.confidence - a.confidence : b.confidence - a.confidence || b.lift - a.lift) ||
    b.baskets - a.baskets ||
    a.consequent - b.consequent;
  for (let item = 0; item < p; item++) {
    if (rules[item].length > 0) rules[item] = rules[item].sort(compare).slice(0, topK);
  }
  return rules;
}
