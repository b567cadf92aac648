import { renderToStaticMarkup } from "react-dom/server";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it } from "vitest";
import { LocaleProvider } from "../i18n/react";
import { ForecastChart, LtvDistributionChart, SegmentSizesChart } from "./Charts";
import { CohortHeatmap } from "./CohortHeatmap";
import { AA_NORMAL_TEXT, blend, contrastRatio, parseHex, type Rgb } from "./contrast";
import { RfmGrid } from "./RfmGrid";

const shop = { currency: "JPY", timezone: "Asia/Tokyo" };
const render = (node: React.ReactNode, locale: "en" | "ja" = "en") =>
  renderToStaticMarkup(
    <MemoryRouter>
      <LocaleProvider locale={locale}>{node}</LocaleProvider>
    </MemoryRouter>,
  );

/** A CSS colour as written in an inline style (#rrggbb, #rgb or rgba()), as seen over a white page. */
function cssColour(value: string): Rgb {
  const rgba = /rgba?\(\s*(\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?\)/.exec(value);
  if (rgba) {
    const [r, g, b] = [rgba[1], rgba[2], rgba[3]].map(Number);
    return blend({ r, g, b }, rgba[4] === undefined ? 1 : Number(rgba[4]), { r: 255, g: 255, b: 255 });
  }
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(value.trim());
  return parseHex(short ? `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}` : value);
}

const styleOf = (tag: string, property: string) => new RegExp(`[";]${property}:([^;"]+)`).exec(tag)?.[1];
const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
const decode = (text: string) =>
  text
    .replace(/&amp;/g, "&")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
const visibleText = (html: string) =>
  decode(html.replace(/<(div|p|span)[^>]*>/g, " ").replace(/<[^>]+>/g, ""))
    .replace(/\s+/g, " ")
    .trim();

// A 5 × 5 grid with every shade from empty to full, so every text colour decision is exercised.
const customers = Array.from({ length: 5 }, (_, r) => Array.from({ length: 5 }, (_, f) => (r * 5 + f) * 40));
const revenue = customers.map((row) => row.map((count) => count * 12_345));

describe("RFM grid", () => {
  const markup = render(<RfmGrid customers={customers} netRevenueMinor={revenue} shop={shop} />);
  const cells = [...markup.matchAll(/(<button[^>]*>)(.*?)<\/button>/g)];

  it("has 25 cells whose accessible name contains their visible text (label in name)", () => {
    expect(cells).toHaveLength(25);
    for (const [, tag, inner] of cells) {
      const visible = visibleText(inner);
      expect(visible).not.toBe("");
      const label = attribute(tag, "aria-label");
      if (label !== undefined) expect(decode(label).replace(/\s+/g, " ")).toContain(visible);
    }
  });

  it("draws every label at 4.5:1 or more against its cell, without fading it", () => {
    for (const [, tag] of cells) {
      const background = cssColour(styleOf(tag, "background") ?? "");
      const colour = cssColour(styleOf(tag, "color") ?? "");
      expect(contrastRatio(colour, background), tag).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
    }
    expect(markup).not.toMatch(/opacity/);
  });
});

describe("cohort heatmap", () => {
  const cohorts = [
    { month: "2026-01", customers: 120, retention: [1, 0.31, 0.22, 0.18], inProgressMonth: 3 },
    { month: "2026-02", customers: 95, retention: [1, 0.12, 0.05], inProgressMonth: 2 },
    { month: "2026-03", customers: 80, retention: [1, 0.4], inProgressMonth: 1 },
  ];

  it("is a table with column headers for the months and row headers for the cohorts", () => {
    const markup = render(<CohortHeatmap cohorts={cohorts} />);
    expect(markup).toMatch(/<table[\s>]/);
    const columnHeaders = [...markup.matchAll(/<th[^>]*scope="col"[^>]*>(.*?)<\/th>/g)].map((match) => visibleText(match[1]));
    expect(columnHeaders).toEqual(["First order", "Customers", "M0", "M1", "M2", "M3"]);
    const rowHeaders = [...markup.matchAll(/<th[^>]*scope="row"[^>]*>(.*?)<\/th>/g)].map((match) => visibleText(match[1]));
    expect(rowHeaders).toHaveLength(3);
    expect(rowHeaders[0]).toMatch(/Jan/);
    const rows = [...markup.matchAll(/<tbody>(.*?)<\/tbody>/g)][0]?.[1].split("</tr>").filter(Boolean) ?? [];
    expect(rows).toHaveLength(3);
    // Every row has a cell per month column, so a screen reader announces the right month header for each value.
    for (const row of rows) expect([...row.matchAll(/<td/g)]).toHaveLength(5);
    expect(visibleText(rows[0])).toContain("31%");
  });

  it("draws every value at 4.5:1 or more against its shade", () => {
    const markup = render(<CohortHeatmap cohorts={cohorts} />, "ja");
    const shaded = [...markup.matchAll(/<td[^>]*style="[^"]*background[^>]*>/g)].map((match) => match[0]);
    expect(shaded.length).toBeGreaterThanOrEqual(9);
    for (const tag of shaded) {
      const ratio = contrastRatio(cssColour(styleOf(tag, "color") ?? ""), cssColour(styleOf(tag, "background") ?? ""));
      expect(ratio, tag).toBeGreaterThanOrEqual(AA_NORMAL_TEXT);
    }
  });
});

describe("charts", () => {
  const charts = {
    ltv: <LtvDistributionChart edgesMinor={[0, 5_000, 10_000]} historic={[40, 25, 9]} predicted12m={[30, 20, 5]} shop={shop} />,
    forecast: (
      <ForecastChart
        months={[
          { month: "2027-01", expectedRevenueMinor: 120_000, expectedPurchases: 14 },
          { month: "2027-02", expectedRevenueMinor: 90_000, expectedPurchases: 11 },
        ]}
        shop={shop}
      />
    ),
    segments: (
      <SegmentSizesChart
        sizes={[
          { segment: "champions", customers: 42 },
          { segment: "at_risk", customers: 17 },
        ]}
      />
    ),
  };

  it.each(Object.entries(charts))("%s: a summary and a data table for screen readers, no unlabelled application", (_, chart) => {
    for (const locale of ["en", "ja"] as const) {
      const markup = render(chart, locale);
      expect(markup).not.toMatch(/role="application"/);
      const caption = /<caption[^>]*>(.*?)<\/caption>/.exec(markup)?.[1];
      expect(caption && visibleText(caption).length).toBeGreaterThan(10);
      expect(markup).toMatch(/<th[^>]*scope="col"/);
      expect([...markup.matchAll(/<th[^>]*scope="row"/g)].length).toBeGreaterThanOrEqual(2);
    }
  });
});
