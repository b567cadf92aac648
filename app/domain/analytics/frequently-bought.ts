/**
 * "Frequently bought together" for the summary: the baskets read from the database (Shopify product ids)
 * turned into dense product indexes, counted with the domain's association counter, and reduced to the
 * best pairs and, for the most bought products, what their buyers also take. Titles are filled in later.
 */
import { countAssociations, topAssociations } from "../associations";
import type { OrderBaskets } from "./columns";
import type { AnalyticsSummary } from "./summary";

const TOP_PAIRS = 20;
const TOP_PRODUCTS = 20;
const SUGGESTIONS_PER_PRODUCT = 5;

export interface FrequentlyBoughtTogether {
  summary: AnalyticsSummary["associations"];
  /** Product index → Shopify product id as a string. */
  productKeys: string[];
  /** The baskets with dense product indexes (same offsets as the input). */
  basketItems: { offsets: Int32Array; items: Int32Array };
  productIdsToTitle: string[];
}

export function frequentlyBoughtTogether(baskets: OrderBaskets): FrequentlyBoughtTogether {
  const indexOf = new Map<number, number>();
  const productKeys: string[] = [];
  const items = new Int32Array(baskets.productIds.length);
  for (let k = 0; k < items.length; k++) {
    const id = baskets.productIds[k];
    let index = indexOf.get(id);
    if (index === undefined) {
      index = productKeys.length;
      indexOf.set(id, index);
      productKeys.push(String(id));
    }
    items[k] = index;
  }
  const basketCount = baskets.orderIds.length;
  const counts = countAssociations({ offsets: baskets.offsets, items, productCount: productKeys.length });
  // A pair needs real evidence: 3 baskets, or 1 in 10,000 baskets in a large shop.
  const minBaskets = Math.max(3, Math.ceil(basketCount / 10_000));
  const p = productKeys.length;
  const pairs: AnalyticsSummary["associations"]["topPairs"] = [];
  for (const [key, both] of counts.pairBaskets) {
    if (both < minBaskets) continue;
    const hi = key % p;
    const lo = (key - hi) / p;
    const nLo = counts.itemBaskets[lo];
    const nHi = counts.itemBaskets[hi];
    pairs.push({
      a: { id: productKeys[lo], title: "" },
      b: { id: productKeys[hi], title: "" },
      baskets: both,
      support: both / basketCount,
      confidenceAB: both / nLo,
      confidenceBA: both / nHi,
      lift: (both * basketCount) / (nLo * nHi),
    });
  }
  pairs.sort((x, y) => y.lift - x.lift || y.baskets - x.baskets || (x.a.id < y.a.id ? -1 : 1));
  const topPairs = pairs.slice(0, TOP_PAIRS);

  const rules = topAssociations(counts, { minCount: minBaskets, topK: SUGGESTIONS_PER_PRODUCT, rankBy: "confidence" });
  const popular = Array.from({ length: p }, (_, i) => i)
    .sort((x, y) => counts.itemBaskets[y] - counts.itemBaskets[x] || x - y)
    .slice(0, TOP_PRODUCTS);
  const suggestions = popular.map((product) => ({
    product: { id: productKeys[product], title: "" },
    baskets: counts.itemBaskets[product],
    alsoBought: rules[product].map((rule) => ({
      product: { id: productKeys[rule.consequent], title: "" },
      confidence: rule.confidence,
      lift: rule.lift,
    })),
  }));

  const toTitle = new Set<string>();
  for (const pair of topPairs) {
    toTitle.add(pair.a.id);
    toTitle.add(pair.b.id);
  }
  for (const suggestion of suggestions) {
    toTitle.add(suggestion.product.id);
    for (const also of suggestion.alsoBought) toTitle.add(also.product.id);
  }
  return {
    summary: { baskets: basketCount, topPairs, suggestions, minBaskets },
    productKeys,
    basketItems: { offsets: baskets.offsets, items },
    productIdsToTitle: [...toTitle],
  };
}

/** Fills in product titles (and first-product trait labels) once they have been read. */
export function applyProductTitles(summary: AnalyticsSummary, titles: ReadonlyMap<string, string>): void {
  const title = (ref: { id: string; title: string }) => {
    ref.title = titles.get(ref.id) ?? ref.id;
  };
  for (const pair of summary.associations.topPairs) {
    title(pair.a);
    title(pair.b);
  }
  for (const suggestion of summary.associations.suggestions) {
    title(suggestion.product);
    for (const also of suggestion.alsoBought) title(also.product);
  }
  for (const trait of summary.loyalty.topTraits) {
    if (trait.trait === "first_product") trait.label = titles.get(trait.value) ?? null;
  }
}
