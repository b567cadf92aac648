import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { RFM_SEGMENT_KEYS } from "../domain/rfm/segments";
import { translator } from "../i18n";
import { LocaleProvider } from "../i18n/react";
import { SEGMENT_AXIS, SegmentAxisTick, wrapAxisLabel } from "./Charts";
import { CohortHeatmap } from "./CohortHeatmap";
import { AA_NORMAL_TEXT, contrastRatio, parseHex } from "./contrast";
import { segmentName } from "./segment-name";

const render = (node: React.ReactNode, locale: "en" | "ja") =>
  renderToStaticMarkup(<LocaleProvider locale={locale}>{node}</LocaleProvider>);
const text = (html: string) =>
  html
    .replace(/<br\/?>/g, " ")
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();

describe("segment chart labels", () => {
  const names = (["en", "ja"] as const).flatMap((locale) =>
    [...RFM_SEGMENT_KEYS, "none"].map((key) => segmentName(translator(locale), key)),
  );

  it("asks recharts to draw every category label, none skipped", () => {
    expect(SEGMENT_AXIS.interval).toBe(0);
  });

  it("draws every segment name in full beside its bar, wrapped rather than cut", () => {
    for (const name of names) {
      const markup = renderToStaticMarkup(
        <svg aria-hidden="true">
          <SegmentAxisTick x={120} y={40} payload={{ value: name }} />
        </svg>,
      );
      const lines = [...markup.matchAll(/<tspan[^>]*>(.*?)<\/tspan>/g)].map((match) => text(match[1]));
      expect(lines.length, name).toBeGreaterThanOrEqual(1);
      expect(lines.length, name).toBeLessThanOrEqual(2);
      // Lines rejoin to the name: with the spaces they were broken at (English), or directly (Japanese).
      expect([lines.join(" "), lines.join("")], name).toContain(name);
    }
  });

  it("breaks Japanese without spaces and English at spaces", () => {
    expect(wrapAxisLabel("離反寸前の優良顧客", 40)).toEqual(["離反寸", "前の優", "良顧客"]);
    expect(wrapAxisLabel("Potential Loyalist", 70)).toEqual(["Potential", "Loyalist"]);
    expect(wrapAxisLabel("Champions", 122)).toEqual(["Champions"]);
    // A word wider than the axis keeps its own line instead of disappearing.
    expect(wrapAxisLabel("Supercalifragilistic", 40)).toEqual(["Supercalifragilistic"]);
  });
});

describe("cohort table: the month still in progress", () => {
  // As of mid-April: April is each row's last month and unfinished.
  const cohorts = [
    { month: "2026-01", customers: 120, retention: [1, 0.31, 0.22, 0.04], inProgressMonth: 3 },
    { month: "2026-02", customers: 95, retention: [1, 0.12, 0.01], inProgressMonth: 2 },
    { month: "2026-03", customers: 80, retention: [1, 0.03], inProgressMonth: 1 },
    { month: "2026-04", customers: 40, retention: [0.02], inProgressMonth: 0 },
  ];
  const cellsOf = (markup: string) =>
    [...markup.matchAll(/<tbody>(.*?)<\/tbody>/g)][0][1]
      .split("</tr>")
      .filter(Boolean)
      .map((row) => [...row.matchAll(/(<td[^>]*>)(.*?)<\/td>/g)].map(([, tag, inner]) => ({ tag, inner })));

  it.each([
    ["en", "In progress", /Month 3 is still in progress: 4% so far/],
    ["ja", "集計中", /3か月後は今月のため集計中です（現時点で4%/],
  ] as const)("marks it in every row, visibly and for screen readers (%s)", (locale, marker, spoken) => {
    const markup = render(<CohortHeatmap cohorts={cohorts} />, locale);
    const rows = cellsOf(markup);
    rows.forEach((cells, r) => {
      // cells[0] is the cohort size; month k is cells[k + 1].
      const current = cells[cohorts[r].inProgressMonth + 1];
      expect(current.inner, `row ${r}`).toContain(marker);
      const others = cells.filter((cell) => cell !== current);
      for (const cell of others) expect(cell.inner).not.toContain(marker);
    });
    expect(text(rows[0][4].inner)).toMatch(spoken);
  });

  it("does not shade the part-month as a retention level, and keeps its text at 4.5:1", () => {
    const markup = render(<CohortHeatmap cohorts={cohorts} />, "ja");
    const rows = cellsOf(markup);
    const current = rows[0][4].tag;
    const style = (property: string) => new RegExp(`[";]${property}:([^;"]+)`).exec(current)?.[1] ?? "";
    expect(style("background")).toBe("#ffffff");
    expect(style("border")).toMatch(/dashed/);
    expect(contrastRatio(parseHex(style("color")), parseHex(style("background")))).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
    // The finished months keep their green shade.
    expect(rows[0][2].tag).toMatch(/background:(?!#ffffff)/);
  });

  it("shows a finished last month as an ordinary value", () => {
    const closed = cohorts.map((cohort) => ({ ...cohort, inProgressMonth: null }));
    const markup = render(<CohortHeatmap cohorts={closed} />, "en");
    expect(markup).not.toContain("In progress");
  });
});
