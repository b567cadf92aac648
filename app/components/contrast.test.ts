import { describe, expect, it } from "vitest";
import { AA_NORMAL_TEXT, blend, contrastRatio, heatmapCell, parseHex, readableTextColour, relativeLuminance } from "./contrast";

const WHITE = parseHex("#ffffff");
const BLACK = parseHex("#000000");

describe("WCAG contrast", () => {
  it("computes relative luminance and contrast ratio as WCAG 2.1 defines them", () => {
    expect(relativeLuminance(WHITE)).toBeCloseTo(1, 10);
    expect(relativeLuminance(BLACK)).toBe(0);
    expect(contrastRatio(BLACK, WHITE)).toBeCloseTo(21, 10);
    expect(contrastRatio(WHITE, BLACK)).toBeCloseTo(21, 10);
    // The well-known thresholds: #767676 is the lightest grey that passes on white, #777777 fails.
    expect(contrastRatio(parseHex("#767676"), WHITE)).toBeCloseTo(4.54, 2);
    expect(contrastRatio(parseHex("#777777"), WHITE)).toBeLessThan(AA_NORMAL_TEXT);
    // Polaris' blue behind white text.
    expect(contrastRatio(parseHex("#005bd3"), WHITE)).toBeCloseTo(6.09, 1);
  });

  it("blends a translucent colour over its backdrop", () => {
    expect(blend(parseHex("#005bd3"), 0, WHITE)).toEqual(WHITE);
    expect(blend(parseHex("#005bd3"), 1, WHITE)).toEqual(parseHex("#005bd3"));
    expect(blend(BLACK, 0.5, WHITE)).toEqual({ r: 128, g: 128, b: 128 });
  });

  it("picks the preferred text colour that contrasts most, and black or white when neither reaches 4.5:1", () => {
    expect(readableTextColour(WHITE)).toBe("#303030");
    expect(readableTextColour(parseHex("#005bd3"))).toBe("#ffffff");
    // Mid-grey: #303030 reaches only 3.3:1 and white 3.9:1; black reaches 5.3:1.
    expect(readableTextColour(parseHex("#808080"))).toBe("#000000");
  });

  // The palettes and shade ranges of the RFM grid, the cohort heatmap and the segment movement matrix.
  it.each([
    { base: "#005bd3", floor: 0.06, span: 0.84 },
    { base: "#008060", floor: 0.05, span: 0.85 },
    { base: "#005bd3", floor: 0.08, span: 0.8 },
    { base: "#005bd3", floor: 0.02, span: 0 },
  ])("keeps every shade of $base from $floor (+ $span) at 4.5:1 or more", ({ base, floor, span }) => {
    for (let step = 0; step <= 1000; step++) {
      const { background, color } = heatmapCell(base, step / 1000, { floor, span });
      expect(contrastRatio(parseHex(color), parseHex(background)), `${base} at ${step / 1000}`).toBeGreaterThanOrEqual(
        AA_NORMAL_TEXT,
      );
    }
  });
});
