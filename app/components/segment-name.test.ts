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
