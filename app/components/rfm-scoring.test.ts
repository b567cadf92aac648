import { describe, expect, it } from "vitest";
import { translator } from "../i18n";
import { frequencyBreaks, rfmScoringNotes } from "./rfm-scoring";

describe("how the RFM scores were worked out, as the dashboard says it", () => {
  const en = translator("en");
  const ja = translator("ja");

  it("names the F breaks when ties made quintiles collapse", () => {
    const scoring = {
      method: "quintiles" as const,
      rules: { recency: "quintiles", frequency: "balanced", monetary: "quintiles" },
      frequencyThresholds: [2, 3, 4, 5],
    };
    const notes = rfmScoringNotes(en, scoring);
    expect(notes).toHaveLength(2);
    expect(notes[1]).toContain("F1 = 1, F2 = 2, F3 = 3, F4 = 4, F5 = 5+");
    expect(rfmScoringNotes(ja, scoring)[1]).toContain("F1 = 1、F2 = 2、F3 = 3、F4 = 4、F5 = 5+");
  });

  it("writes ranges and stops at the last score anybody reaches", () => {
    expect(frequencyBreaks(en, [2, 3, 5, 10])).toBe("F1 = 1, F2 = 2, F3 = 3–4, F4 = 5–9, F5 = 10+");
    expect(frequencyBreaks(en, [2, 3, null, null])).toBe("F1 = 1, F2 = 2, F3 = 3+");
  });

  it("says quintiles or fixed thresholds otherwise, also for results that predate the rule", () => {
    expect(rfmScoringNotes(en, { method: "quintiles", frequencyThresholds: [2, 3, 4, 6] })).toEqual([
      en("segments.scoring.quintiles"),
    ]);
    expect(rfmScoringNotes(ja, { method: "fixed", frequencyThresholds: [2, 3, 5, 10] })).toEqual([ja("segments.scoring.fixed")]);
  });
});
