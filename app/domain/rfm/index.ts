export * from "./fixed-thresholds";
export * from "./metrics";
export * from "./movement";
export * from "./scoring";
export * from "./segments";

import type { OrderColumns } from "../orders";
import { computeRfmMetrics, type RfmMetrics } from "./metrics";
import { type RfmScores, type RfmScoringConfig, scoreRfm } from "./scoring";
import { rfmSegmentCodes } from "./segments";

export interface RfmAnalysis {
  metrics: RfmMetrics;
  scores: RfmScores;
  /** Index into RFM_SEGMENT_KEYS per customer, NO_SEGMENT for customers without orders. */
  segments: Uint8Array;
}

/** Orders → metrics → scores → segments, the whole RFM step of a shop job. */
export function analyzeRfm(
  orders: OrderColumns,
  options: { asOfDay: number; customerCount?: number; scoring?: RfmScoringConfig },
): RfmAnalysis {
  const metrics = computeRfmMetrics(orders, options);
  const scores = scoreRfm(metrics, options.scoring);
  return { metrics, scores, segments: rfmSegmentCodes(scores) };
}
