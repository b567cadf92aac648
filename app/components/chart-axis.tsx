/**
 * The charts' category-axis labels, shared by the summaries (app/components/Charts.tsx, in the page bundle)
 * and the drawings (chart-drawings.tsx, loaded after hydration).
 */
export const AXIS_FONT_SIZE = 11;

/** Width of a label at AXIS_FONT_SIZE, estimated: kana, kanji and full-width forms take a full em. */
function labelWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(char) ? 1 : 0.6;
  return width * AXIS_FONT_SIZE;
}

/**
 * A category label broken into lines that fit `maxWidth` px: at spaces for words, anywhere for Japanese
 * (which has no spaces). Nothing is cut off: a word longer than the width keeps its own line.
 */
export function wrapAxisLabel(text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = "";
  const tokens = text.match(/[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]+|\s+/g) ?? [];
  for (const token of tokens) {
    const next = line + token;
    if (line.trim() !== "" && labelWidth(next.trimEnd()) > maxWidth) {
      lines.push(line.trim());
      line = token.trimStart();
    } else {
      line = next;
    }
  }
  if (line.trim() !== "") lines.push(line.trim());
  return lines;
}

/** The segment chart's category axis: room for every name, and recharts told to skip none of them. */
export const SEGMENT_AXIS = { width: 130, interval: 0 as const, lineHeight: 13 };

/** A segment name beside its bar, wrapped over lines rather than dropped or cut. */
export function SegmentAxisTick({ x, y, payload }: { x?: number; y?: number; payload?: { value?: unknown } }) {
  const lines = wrapAxisLabel(String(payload?.value ?? ""), SEGMENT_AXIS.width - 8);
  const top = -((lines.length - 1) * SEGMENT_AXIS.lineHeight) / 2;
  return (
    <text x={x} y={y} textAnchor="end" fontSize={AXIS_FONT_SIZE} fill="#303030" dominantBaseline="central">
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one label never reorder
        <tspan key={i} x={x} dx={-4} dy={i === 0 ? top : SEGMENT_AXIS.lineHeight}>
          {line}
        </tspan>
      ))}
    </text>
  );
}
