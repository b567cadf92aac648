/**
 * RFM scores 1–5. By default by quintiles of the shop's own customers; small shops (where quintiles of
 * a few dozen customers mean little) can use fixed thresholds instead. Both reduce to the same form —
 * four thresholds per metric — so the scores are explainable in the UI ("F5 = 10 orders or more").
 */
import { z } from "zod";
import type { RfmMetrics } from "./metrics";

const fourAscending = (what: string) =>
  z
    .array(z.number().nonnegative())
    .length(4)
    .refine((t) => t[0] < t[1] && t[1] < t[2] && t[2] < t[3], { message: `${what} thresholds must increase` });

/** Settings-form schema for how scores are computed. */
export const rfmScoringConfigSchema = z.discriminatedUnion("method", [
  z.object({ method: z.literal("quintiles") }),
  z.object({
    method: z.literal("fixed"),
    /** Most days since the last order for R = 5, 4, 3, 2 (older is R = 1). */
    recencyDays: fourAscending("Recency"),
    /** Fewest orders for F = 2, 3, 4, 5. */
    frequency: fourAscending("Frequency"),
    /** Smallest net spend (minor units) for M = 2, 3, 4, 5. */
    monetary: fourAscending("Monetary"),
  }),
]);

export type RfmScoringConfig = z.infer<typeof rfmScoringConfigSchema>;

/** Fixed thresholds suggested to small shops: F 1 / 2 / 3–4 / 5–9 / 10+. Monetary assumes a 2-decimal currency. */
export const DEFAULT_FIXED_THRESHOLDS = {
  method: "fixed",
  recencyDays: [30, 90, 180, 365],
  frequency: [2, 3, 5, 10],
  monetary: [5_000, 10_000, 25_000, 50_000],
} as const satisfies RfmScoringConfig;

/** The thresholds actually used (for quintiles: the ones they worked out to). */
export interface RfmThresholds {
  recencyDays: [number, number, number, number];
  frequency: [number, number, number, number];
  monetary: [number, number, number, number];
}

export interface RfmScores {
  /** 1–5, or 0 for a customer without orders (not scored). */
  recency: Uint8Array;
  frequency: Uint8Array;
  monetary: Uint8Array;
  thresholds: RfmThresholds;
}

export function scoreRfm(metrics: RfmMetrics, config: RfmScoringConfig = { method: "quintiles" }): RfmScores {
  const n = metrics.customerCount;
  let thresholds: RfmThresholds;
  if (config.method === "fixed") {
    thresholds = {
      recencyDays: [...config.recencyDays] as RfmThresholds["recencyDays"],
      frequency: [...config.frequency] as RfmThresholds["frequency"],
      monetary: [...config.monetary] as RfmThresholds["monetary"],
    };
  } else {
    let scored = 0;
    for (let c = 0; c < n; c++) if (metrics.frequency[c] > 0) scored++;
    const negatedRecency = new Float64Array(scored);
    const frequency = new Float64Array(scored);
    const monetary = new Float64Array(scored);
    for (let c = 0, j = 0; c < n; c++) {
      if (metrics.frequency[c] === 0) continue;
      negatedRecency[j] = -metrics.recencyDays[c]; // more recent = higher score
      frequency[j] = metrics.frequency[c];
      monetary[j] = metrics.monetary[c];
      j++;
    }
    const recencyCuts = quintileThresholds(negatedRecency);
    thresholds = {
      recencyDays: [-recencyCuts[3], -recencyCuts[2], -recencyCuts[1], -recencyCuts[0]],
      frequency: quintileThresholds(frequency),
      monetary: quintileThresholds(monetary),
    };
  }

  const recency = new Uint8Array(n);
  const frequency = new Uint8Array(n);
  const monetary = new Uint8Array(n);
  const [r5, r4, r3, r2] = thresholds.recencyDays;
  const [f2, f3, f4, f5] = thresholds.frequency;
  const [m2, m3, m4, m5] = thresholds.monetary;
  for (let c = 0; c < n; c++) {
    if (metrics.frequency[c] === 0) continue;
    const r = metrics.recencyDays[c];
    const f = metrics.frequency[c];
    const m = metrics.monetary[c];
    recency[c] = 1 + +(r <= r2) + +(r <= r3) + +(r <= r4) + +(r <= r5);
    frequency[c] = 1 + +(f >= f2) + +(f >= f3) + +(f >= f4) + +(f >= f5);
    monetary[c] = 1 + +(m >= m2) + +(m >= m3) + +(m >= m4) + +(m >= m5);
  }
  return { recency, frequency, monetary, thresholds };
}

/**
 * Quintile cut points, higher value = higher score. Each value gets the score of its mid-rank
 * percentile, 1 + ⌊5 · (below + equal / 2) / n⌋, so equal values always share a score and ties do not
 * depend on input order. Returns the smallest value reaching scores 2, 3, 4, 5 (+∞ if none does), so
 * score = 1 + #{thresholds ≤ value}.
 */
export function quintileThresholds(values: Float64Array): [number, number, number, number] {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const cuts: [number, number, number, number] = [Infinity, Infinity, Infinity, Infinity];
  let i = 0;
  while (i < n) {
    const value = sorted[i];
    let j = i + 1;
    while (j < n && sorted[j] === value) j++;
    const score = Math.min(5, 1 + Math.floor((5 * (i + (j - i) / 2)) / n));
    for (let s = 2; s <= score; s++) if (cuts[s - 2] === Infinity) cuts[s - 2] = value;
    i = j;
  }
  return cuts;
}
