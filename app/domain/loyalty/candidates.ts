/**
 * Future-loyal candidates: customers who are not loyal yet, are probably still active, and look like
 * the loyal ones (they share the traits with the highest lift) or are predicted to be worth a lot.
 *
 * score = P(alive) × evidence, evidence = Σ ln(lift) over the strong traits they match
 *                                        + ln(1 / (1 − percentile)) if their predicted CLV is in the top
 *                                          (1 − percentile) — being in the top 10 % counts like a lift of 10.
 */
import { forEachValue, type CustomerTraits, type TraitLift } from "./traits";

export type CandidateReason =
  | { kind: "trait"; trait: string; value: string; lift: number }
  | { kind: "high_predicted_clv"; predictedClv: number; percentile: number };

export interface LoyalCandidate {
  customerIndex: number;
  score: number;
  pAlive: number;
  reasons: CandidateReason[];
}

export interface CandidateOptions {
  /** Minimum P(alive), default 0.5. */
  minPAlive?: number;
  /** How many of the highest-lift trait values count as "strong", default 10. */
  strongTraitCount?: number;
  /** Only trait values at least this much over-represented count, default 1.2. */
  minLift?: number;
  /** Predicted CLV at or above this percentile of all customers is "high", default 0.9. */
  highClvPercentile?: number;
  /** Return at most this many, best first, default 100. */
  limit?: number;
}

export function futureLoyalCandidates(
  input: {
    /** Per customer index: 1 if loyal already. */
    loyal: ArrayLike<number>;
    /** Per customer index; NaN (e.g. not modelled) excludes the customer. */
    pAlive: ArrayLike<number>;
    /** Per customer index, minor units; optional. */
    predictedClv?: ArrayLike<number>;
    traits: CustomerTraits;
    /** From traitLifts(traits, loyal). */
    lifts: readonly TraitLift[];
  },
  options: CandidateOptions = {},
): LoyalCandidate[] {
  const minPAlive = options.minPAlive ?? 0.5;
  const minLift = options.minLift ?? 1.2;
  const percentile = options.highClvPercentile ?? 0.9;
  const limit = options.limit ?? 100;
  const n = input.loyal.length;

  const strong = input.lifts.filter((l) => l.lift >= minLift).slice(0, options.strongTraitCount ?? 10);
  const strongByTrait = new Map<string, Map<string, TraitLift>>();
  for (const lift of strong) {
    let byValue = strongByTrait.get(lift.trait);
    if (!byValue) {
      byValue = new Map();
      strongByTrait.set(lift.trait, byValue);
    }
    byValue.set(lift.value, lift);
  }

  // Predicted-CLV cut-off at the percentile, over customers with a prediction.
  const clv = input.predictedClv;
  let sortedClv: Float64Array | undefined;
  let clvCutoff = Number.POSITIVE_INFINITY;
  if (clv) {
    const known: number[] = [];
    for (let c = 0; c < n; c++) if (Number.isFinite(clv[c])) known.push(clv[c]);
    sortedClv = Float64Array.from(known).sort();
    if (sortedClv.length > 0) {
      clvCutoff = Math.max(
        sortedClv[Math.min(sortedClv.length - 1, Math.floor(percentile * sortedClv.length))],
        Number.MIN_VALUE,
      );
    }
  }
  const clvEvidence = Math.log(1 / (1 - percentile));

  const candidates: LoyalCandidate[] = [];
  for (let c = 0; c < n; c++) {
    const alive = input.pAlive[c];
    if (input.loyal[c] || !(alive >= minPAlive)) continue;
    const reasons: CandidateReason[] = [];
    let evidence = 0;
    for (const [trait, byValue] of strongByTrait) {
      forEachValue(input.traits[trait][c], (value) => {
        const lift = byValue.get(value);
        if (lift) {
          evidence += Math.log(lift.lift);
          reasons.push({ kind: "trait", trait, value, lift: lift.lift });
        }
      });
    }
    if (clv && sortedClv && clv[c] >= clvCutoff) {
      evidence += clvEvidence;
      reasons.push({ kind: "high_predicted_clv", predictedClv: clv[c], percentile: rankOf(sortedClv, clv[c]) });
    }
    if (evidence <= 0) continue;
    reasons.sort((a, b) => reasonWeight(b) - reasonWeight(a));
    candidates.push({ customerIndex: c, score: alive * evidence, pAlive: alive, reasons });
  }
  candidates.sort((a, b) => b.score - a.score || a.customerIndex - b.customerIndex);
  return candidates.slice(0, limit);

  function reasonWeight(reason: CandidateReason): number {
    return reason.kind === "trait" ? Math.log(reason.lift) : clvEvidence;
  }
}

/** Share of values at or below v in a sorted array. */
function rankOf(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo / sorted.length;
}
