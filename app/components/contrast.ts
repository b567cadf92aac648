/**
 * WCAG 2.1 contrast (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio): relative luminance of sRGB colours,
 * the ratio between two of them, and the text colour to put on a shaded cell so it stays readable.
 */

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** The 4.5:1 that WCAG 2.1 AA asks of normal-size text (1.4.3); every label in a heatmap cell is small. */
export const AA_NORMAL_TEXT = 4.5;

export function parseHex(hex: string): Rgb {
  const match = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!match) throw new Error(`Not a #rrggbb colour: ${hex}`);
  const value = Number.parseInt(match[1], 16);
  return { r: (value >> 16) & 0xff, g: (value >> 8) & 0xff, b: value & 0xff };
}

export function toHex({ r, g, b }: Rgb): string {
  return `#${[r, g, b].map((channel) => Math.round(channel).toString(16).padStart(2, "0")).join("")}`;
}

/** `colour` at `alpha` painted over `backdrop`: the solid colour a reader actually sees. */
export function blend(colour: Rgb, alpha: number, backdrop: Rgb): Rgb {
  const a = Math.min(1, Math.max(0, alpha));
  const mix = (top: number, bottom: number) => Math.round(top * a + bottom * (1 - a));
  return { r: mix(colour.r, backdrop.r), g: mix(colour.g, backdrop.g), b: mix(colour.b, backdrop.b) };
}

export function relativeLuminance({ r, g, b }: Rgb): number {
  const linear = (channel: number) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** From 1 (no contrast) to 21 (black on white); the order of the two colours does not matter. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [lighter, darker] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (lighter + 0.05) / (darker + 0.05);
}

const BLACK: Rgb = { r: 0, g: 0, b: 0 };
const WHITE: Rgb = { r: 255, g: 255, b: 255 };

/**
 * The text colour for `background`: whichever of `preferred` contrasts most, as long as it reaches `minimum`;
 * otherwise black or white, one of which always reaches 4.58:1 (mid-tones defeat softer greys such as
 * Polaris' #303030, whose best case against white text is 3.6:1).
 */
export function readableTextColour(background: Rgb, preferred: string[] = ["#303030", "#ffffff"], minimum = AA_NORMAL_TEXT) {
  const best = (candidates: Rgb[]) =>
    candidates.reduce((winner, candidate) =>
      contrastRatio(candidate, background) > contrastRatio(winner, background) ? candidate : winner,
    );
  const choice = best(preferred.map(parseHex));
  return toHex(contrastRatio(choice, background) >= minimum ? choice : best([BLACK, WHITE]));
}

/**
 * A heatmap cell's colours: `base` at an opacity growing with `intensity` (0–1) over white, as a solid
 * background, and the text colour measured against it.
 */
export function heatmapCell(base: string, intensity: number, { floor = 0.06, span = 0.84 } = {}) {
  const background = blend(parseHex(base), floor + span * Math.min(1, Math.max(0, intensity)), WHITE);
  return { background: toHex(background), color: readableTextColour(background) };
}
