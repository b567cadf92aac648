import type { Translate } from "../i18n";

export interface RfmScoringSummary {
  method: "quintiles" | "fixed";
  /** absent in results computed before the rule was recorded */
  rules?: { recency: string; frequency: string; monetary: string };
  /** the smallest order count of F2…F5 (null: no customer reaches that score) */
  frequencyThresholds: (number | null)[];
}

/** "F1 = 1, F2 = 2, F3 = 3–4, F4 = 5–9, F5 = 10+" from the four F thresholds. */
export function frequencyBreaks(t: Translate, thresholds: (number | null)[]): string {
  const starts = [1, ...thresholds];
  const parts: string[] = [];
  for (let score = 1; score <= 5; score++) {
    const from = starts[score - 1];
    if (from === null || from === undefined) break;
    const next = starts.slice(score).find((value) => value !== null && value !== undefined);
    const range = next == null ? `${from}+` : next - 1 === from ? `${from}` : `${from}–${next - 1}`;
    parts.push(`F${score} = ${range}`);
  }
  return parts.join(t("segments.scoring.separator"));
}

/** How the scores behind the grid were worked out, one sentence per rule that applies. */
export function rfmScoringNotes(t: Translate, scoring: RfmScoringSummary): string[] {
  if (scoring.method === "fixed") return [t("segments.scoring.fixed")];
  const notes = [t("segments.scoring.quintiles")];
  if (scoring.rules?.frequency === "balanced") {
    notes.push(t("segments.scoring.balanced.frequency", { breaks: frequencyBreaks(t, scoring.frequencyThresholds) }));
  }
  if (scoring.rules?.recency === "balanced") notes.push(t("segments.scoring.balanced.recency"));
  if (scoring.rules?.monetary === "balanced") notes.push(t("segments.scoring.balanced.monetary"));
  return notes;
}
