/**
 * RFM scores 1–5. By default by quintiles of the shop's own customers; small shops (where quintiles of
 * a few dozen customers mean little) can use fixed thresholds instead. Both reduce to the same form —
 * four thresholds per metric — so the scores are explainable in the UI ("F5 = 10 orders or more").
 *
 * Quintiles collapse when many customers share a value (70 % bought once: their mid-rank puts them all
 * in one score and leaves others empty). Then that metric uses balanced breaks instead (`balancedBreaks`),
 * and the rule used per metric is part of the result (`rules`), shown where the scores are described.
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

/** The thresholds actually used (for quintiles: the ones they worked out to). */
export interface RfmThresholds {
  recencyDays: [number, number, number, number];
  frequency: [number, number, number, number];
  monetary: [number, number, number, number];
}

/**
 * How a metric was scored: `quintiles` of the shop's customers; `balanced` breaks because ties made the
 * quintiles leave scores empty; `fixed` thresholds from the settings.
 */
export type RfmScoringRule = "quintiles" | "balanced" | "fixed";

export interface RfmScoringRules {
  recency: RfmScoringRule;
  frequency: RfmScoringRule;
  monetary: RfmScoringRule;
}

export interface RfmScores {
  /** 1–5, or 0 for a customer without orders (not scored). */
  recency: Uint8Array;
  frequency: Uint8Array;
  monetary: Uint8Array;
  thresholds: RfmThresholds;
  rules: RfmScoringRules;
}

export function scoreRfm(metrics: RfmMetrics, config: RfmScoringConfig = { method: "quintiles" }): RfmScores {
  const n = metrics.customerCount;
  let thresholds: RfmThresholds;
  let rules: RfmScoringRules = { recency: "fixed", frequency: "fixed", monetary: "fixed" };
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
    const recencyCuts = spreadThresholds(negatedRecency);
    const frequencyCuts = spreadThresholds(frequency);
    const monetaryCuts = spreadThresholds(monetary);
    const [n5, n4, n3, n2] = recencyCuts.cuts;
    thresholds = {
      recencyDays: [-n2, -n3, -n4, -n5],
      frequency: frequencyCuts.cuts,
      monetary: monetaryCuts.cuts,
    };
    rules = { recency: recencyCuts.rule, frequency: frequencyCuts.rule, monetary: monetaryCuts.rule };
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
  return { recency, frequency, monetary, thresholds, rules };
}

type Cuts = [number, number, number, number];

/** Distinct values ascending with how many customers have each. */
function distinctCounts(values: Float64Array): { values: number[]; counts: number[] } {
  const sorted = Float64Array.from(values).sort();
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (distinct.length > 0 && distinct[distinct.length - 1] === sorted[i]) counts[counts.length - 1]++;
    else {
      distinct.push(sorted[i]);
      counts.push(1);
    }
  }
  return { values: distinct, counts };
}

/**
 * Quintiles, unless ties make them use fewer scores than the data has distinct values (up to five): then
 * balanced breaks, which use min(5, distinct values) scores.
 */
export function spreadThresholds(values: Float64Array): { cuts: Cuts; rule: "quintiles" | "balanced" } {
  const quintiles = quintileThresholds(values);
  const { values: distinct } = distinctCounts(values);
  const used = new Set(distinct.map((value) => 1 + quintiles.filter((cut) => cut <= value).length)).size;
  if (used >= Math.min(5, distinct.length)) return { cuts: quintiles, rule: "quintiles" };
  return { cuts: balancedBreaks(values), rule: "balanced" };
}

/**
 * Breaks for heavily tied values. The distinct values, ascending, are cut into k = min(5, distinct)
 * consecutive groups scored 1…k: each group closes at the value whose cumulative share of customers is
 * nearest to the next fifth (k-th), leaving every later score at least one value. Equal values share a
 * score and the result does not depend on input order; one pass over the distinct values. With 70 % one-order
 * customers this gives F1 = 1 order, F2 = 2, F3 = 3 … as far as the order counts go.
 */
export function balancedBreaks(values: Float64Array): Cuts {
  const { values: distinct, counts } = distinctCounts(values);
  const d = distinct.length;
  const n = values.length;
  const k = Math.min(5, d);
  const cuts: Cuts = [Infinity, Infinity, Infinity, Infinity];
  let start = 0;
  let before = 0; // customers below distinct[start]
  for (let group = 1; group < k; group++) {
    const target = (n * group) / k;
    const lastEnd = d - (k - group) - 1;
    let end = start;
    let cumulative = before + counts[start];
    let best = Math.abs(cumulative - target);
    for (let e = start + 1; e <= lastEnd; e++) {
      const next = cumulative + counts[e];
      const distance = Math.abs(next - target);
      if (distance >= best) break; // cumulative only grows: the distance only grows from here
      cumulative = next;
      best = distance;
      end = e;
    }
    cuts[group - 1] = distinct[end + 1];
    before = cumulative;
    start = end + 1;
  }
  return cuts;
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
