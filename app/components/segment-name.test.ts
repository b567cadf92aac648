import { readFileSync } from "node:fs";
import { en, ja } from "../i18n/catalog";
import { RFM_SEGMENT_KEYS } from "../domain/rfm/segments";

// One label per segment: every screen names a segment through segmentName (segments.name.*), so a
// merchant never sees two names for the same customers (the campaign form once said 優良顧客 where the
// segments page said チャンピオン).
describe("segment labels", () => {
  it("exist once per language, under segments.name", () => {
    for (const catalogue of [en, ja]) {
      const elsewhere = Object.keys(catalogue).filter((key) => {
        const parts = key.split(".");
        const namesASegment =
          /segment/i.test(parts.at(-2) ?? "") && (RFM_SEGMENT_KEYS as readonly string[]).includes(parts.at(-1) ?? "");
        return namesASegment && !key.startsWith("segments.name.");
      });
      expect(elsewhere).toEqual([]);
      for (const segment of RFM_SEGMENT_KEYS) expect(catalogue).toHaveProperty([`segments.name.${segment}`]);
    }
  });
});

// docs/rfm-segments.md is where the names are written down; the catalogue must say the same.
describe("segment names as documented", () => {
  const doc = readFileSync(new URL("../../docs/rfm-segments.md", import.meta.url), "utf8");
  const rows = new Map(
    [...doc.matchAll(/^\| `(\w+)` \| ([^|]+) \| ([^|]+) \|/gm)].map((m) => [m[1], { en: m[2].trim(), ja: m[3].trim() }]),
  );

  it("are the names of docs/rfm-segments.md, in both languages", () => {
    for (const segment of [...RFM_SEGMENT_KEYS, "none"] as const) {
      expect(rows.get(segment), segment).toEqual({ en: en[`segments.name.${segment}`], ja: ja[`segments.name.${segment}`] });
    }
  });

  it("are distinct, and no name means two things", () => {
    const names = [...RFM_SEGMENT_KEYS, "none"].map((segment) => ja[`segments.name.${segment}` as keyof typeof ja]);
    expect(new Set(names).size).toBe(names.length);
    // The Loyalty page's merchant-defined loyal customers and their candidates are not segments.
    expect(names).not.toContain(ja["loyalty.summary.title"]);
    expect(names).not.toContain(ja["loyalty.candidates.title"]);
    expect(ja["customers.value.candidate"]).toBe(ja["loyalty.candidates.title"]);
  });

  it("are not replaced by older names anywhere in the Japanese catalogue", () => {
    const older = ["チャンピオン", "離脱危険", "ロイヤル予備軍", "ロイヤル候補", "失いたくない優良顧客"];
    const stale = Object.entries(ja).filter(([, text]) => older.some((name) => text.includes(name)));
    expect(stale).toEqual([]);
  });
});
