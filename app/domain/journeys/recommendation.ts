/**
 * The product a message recommends: what buyers of the customer's last order's products also bought (the
 * analytics' frequently-bought-together associations), best first, falling back to the shop's best sellers.
 * Products of that order are never recommended back. Pure: the associations and the order come in.
 */

/** The part of the analytics summary's `associations` this reads (product ids as strings). */
export interface ProductAssociations {
  topPairs: { a: { id: string }; b: { id: string }; confidenceAB: number; confidenceBA: number; baskets: number }[];
  /** the most bought products, most bought first, with what their buyers also take */
  suggestions: { product: { id: string }; baskets: number; alsoBought: { product: { id: string }; confidence: number }[] }[];
}

/**
 * Product ids to recommend after an order of `boughtIds`, best first (at most `limit`): bought-together
 * products by confidence P(other | bought), then the best sellers. The caller takes the first it can show.
 */
export function recommendedProductIds(
  boughtIds: readonly string[],
  associations: ProductAssociations | null,
  limit = 5,
): string[] {
  if (!associations) return [];
  const bought = new Set(boughtIds);
  const confidence = new Map<string, number>();
  const consider = (id: string, value: number) => {
    if (bought.has(id)) return;
    if (value > (confidence.get(id) ?? -1)) confidence.set(id, value);
  };
  for (const suggestion of associations.suggestions) {
    if (!bought.has(suggestion.product.id)) continue;
    for (const also of suggestion.alsoBought) consider(also.product.id, also.confidence);
  }
  for (const pair of associations.topPairs) {
    if (bought.has(pair.a.id)) consider(pair.b.id, pair.confidenceAB);
    if (bought.has(pair.b.id)) consider(pair.a.id, pair.confidenceBA);
  }
  const together = [...confidence.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([id]) => id);
  const bestSellers = [...associations.suggestions]
    .sort((x, y) => y.baskets - x.baskets)
    .map((suggestion) => suggestion.product.id)
    .filter((id) => !bought.has(id) && !confidence.has(id));
  return [...together, ...bestSellers].slice(0, limit);
}

/** A cached product row is refreshed from Shopify once it is older than this. */
export const PRODUCT_CACHE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export function productCacheIsStale(fetchedAt: Date, now: Date): boolean {
  return now.getTime() - fetchedAt.getTime() >= PRODUCT_CACHE_MAX_AGE_MS;
}
