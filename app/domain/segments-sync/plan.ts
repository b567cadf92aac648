/**
 * One Shopify customer segment per Kizuna segment (decision 027): what each should be called and select,
 * and what to send to get there from the links Kizuna keeps (ShopifySegmentLink). Pure: names come in
 * translated, the namespace as Shopify resolved it.
 */

export interface WantedShopifySegment {
  segmentKey: string;
  name: string;
  query: string;
}

export interface ShopifySegmentLinkState {
  segmentKey: string;
  shopifySegmentId: string;
  name: string;
  query: string;
}

export type SegmentSyncStep =
  | { kind: "create"; wanted: WantedShopifySegment }
  | { kind: "update"; wanted: WantedShopifySegment; link: ShopifySegmentLinkState };

/**
 * The segment query on the `segment` metafield, e.g. `metafields.app--123--kizuna.segment = 'champions'`.
 * Segment keys are Kizuna's own ids (letters and underscores), so no quoting is needed beyond the quotes.
 */
export function segmentMetafieldQuery(namespace: string, segmentKey: string): string {
  if (!/^[a-z0-9_]+$/.test(segmentKey)) throw new Error(`Not a Kizuna segment key: ${segmentKey}`);
  if (!/^[A-Za-z0-9_-]+$/.test(namespace)) throw new Error(`Not a resolved metafield namespace: ${namespace}`);
  return `metafields.${namespace}.segment = '${segmentKey}'`;
}

/** Creates what has no link, updates a link whose name or query differs, leaves the rest alone. */
export function planSegmentSync(
  wanted: readonly WantedShopifySegment[],
  links: readonly ShopifySegmentLinkState[],
): SegmentSyncStep[] {
  const byKey = new Map(links.map((link) => [link.segmentKey, link]));
  const steps: SegmentSyncStep[] = [];
  for (const segment of wanted) {
    const link = byKey.get(segment.segmentKey);
    if (!link) steps.push({ kind: "create", wanted: segment });
    else if (link.name !== segment.name || link.query !== segment.query) steps.push({ kind: "update", wanted: segment, link });
  }
  return steps;
}
