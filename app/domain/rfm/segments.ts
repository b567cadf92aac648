/**
 * Named RFM segments from the widely used R × F grid, with FM = ⌊(F + M) / 2⌋ in place of F so that
 * spend counts too, and the R = 1 corner of "Hibernating" split off as "Lost".
 * The grid is documented in docs/rfm-segments.md; the test checks every cell against that table.
 */

/** Stable ids (stored, sent to the UI and to Shopify tags); order = numeric code. */
export const RFM_SEGMENT_KEYS = [
  "champions",
  "loyal",
  "potential_loyalist",
  "new",
  "promising",
  "need_attention",
  "about_to_sleep",
  "at_risk",
  "cant_lose_them",
  "hibernating",
  "lost",
] as const;

export type RfmSegmentKey = (typeof RFM_SEGMENT_KEYS)[number];

/** English display names; the UI translates by key. */
export const RFM_SEGMENT_NAMES: Record<RfmSegmentKey, string> = {
  champions: "Champions",
  loyal: "Loyal",
  potential_loyalist: "Potential Loyalist",
  new: "New",
  promising: "Promising",
  need_attention: "Need Attention",
  about_to_sleep: "About to Sleep",
  at_risk: "At Risk",
  cant_lose_them: "Can't Lose Them",
  hibernating: "Hibernating",
  lost: "Lost",
};

/** Code for "no segment" (customer without orders, or absent from a snapshot). */
export const NO_SEGMENT = 255;

/** RFM_GRID[r - 1][fm - 1]: rows R = 1…5, columns FM = 1…5. */
export const RFM_GRID: readonly (readonly RfmSegmentKey[])[] = [
  ["lost", "lost", "at_risk", "at_risk", "cant_lose_them"],
  ["hibernating", "hibernating", "at_risk", "at_risk", "cant_lose_them"],
  ["about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal"],
  ["promising", "potential_loyalist", "potential_loyalist", "loyal", "loyal"],
  ["new", "potential_loyalist", "potential_loyalist", "champions", "champions"],
];

// The grid as codes, flattened: 25 cells, looked up once per customer.
const GRID_CODES = Uint8Array.from(RFM_GRID.flat(), (key) => RFM_SEGMENT_KEYS.indexOf(key));

/** FM score: the average of F and M, rounded down (a customer must be good on both to move up). */
export function fmScore(frequency: number, monetary: number): number {
  return (frequency + monetary) >> 1;
}

export function rfmSegment(recency: number, frequency: number, monetary: number): RfmSegmentKey {
  if (![recency, frequency, monetary].every((s) => Number.isInteger(s) && s >= 1 && s <= 5)) {
    throw new RangeError(`RFM scores must be integers 1–5, got ${recency}, ${frequency}, ${monetary}`);
  }
  return RFM_SEGMENT_KEYS[GRID_CODES[(recency - 1) * 5 + fmScore(frequency, monetary) - 1]];
}

/** Segment codes (index into RFM_SEGMENT_KEYS) for all customers; NO_SEGMENT where unscored. */
export function rfmSegmentCodes(scores: { recency: Uint8Array; frequency: Uint8Array; monetary: Uint8Array }): Uint8Array {
  const n = scores.recency.length;
  const codes = new Uint8Array(n);
  for (let c = 0; c < n; c++) {
    const r = scores.recency[c];
    codes[c] = r === 0 ? NO_SEGMENT : GRID_CODES[(r - 1) * 5 + ((scores.frequency[c] + scores.monetary[c]) >> 1) - 1];
  }
  return codes;
}
