/**
 * Bar and line charts (recharts, see docs/decisions/003-charts.md). Charts measure their container, so they
 * render in the browser only; the server sends a placeholder of the same height.
 *
 * The drawing is hidden from assistive technology and is not a tab stop: each chart comes with a visually
 * hidden table of the same numbers, captioned with a one-sentence summary, rendered on the server too.
 */
import { type ReactNode, useEffect, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { currencyDecimals } from "../domain/money";
import { formatMonth } from "../i18n/format";
import { useT } from "../i18n/react";
import { type ShopFormatProps, useFormat } from "./format";
import { niceTicks } from "./nice-ticks";
import { segmentName } from "./segment-name";
import { visuallyHidden } from "./visually-hidden";

const BLUE = "#005bd3";
const GREEN = "#29845a";

function ClientOnly({ height, children }: { height: number; children: () => ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <div aria-hidden="true" style={{ width: "100%", height }}>
      {mounted ? children() : null}
    </div>
  );
}

/** What a chart shows, for screen readers: a summary as caption, then one row per bar group. */
function ChartData({ summary, columns, rows }: { summary: string; columns: string[]; rows: Array<[string, ...string[]]> }) {
  return (
    <table style={visuallyHidden}>
      <caption>{summary}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, ...values]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            {values.map((value, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a row's columns are fixed and never reorder
              <td key={i}>{value}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const AXIS_FONT_SIZE = 11;
/** About five gridlines per value axis, on round steps. */
const VALUE_TICKS = 5;

/** Props for a value axis on round steps: ticks, a domain that ends on the last tick, none skipped. */
function valueAxis(values: number[], minStep: number) {
  const ticks = niceTicks(0, Math.max(0, ...values), VALUE_TICKS, { minStep });
  return { ticks, domain: [ticks[0], ticks[ticks.length - 1]] as [number, number], interval: 0 as const };
}

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

const largest = <T,>(items: T[], size: (item: T) => number): T | undefined =>
  items.reduce<T | undefined>((best, item) => (best === undefined || size(item) > size(best) ? item : best), undefined);

/** Buyers per lifetime-value band, historic next to predicted 12-month. */
export function LtvDistributionChart({
  edgesMinor,
  historic,
  predicted12m,
  shop,
}: {
  edgesMinor: number[];
  historic: number[];
  predicted12m: number[];
  shop: ShopFormatProps;
}) {
  const t = useT();
  const format = useFormat(shop);
  const data = edgesMinor.map((edge, i) => ({
    band: i + 1 < edgesMinor.length ? `${format.money(edge, { compact: true })}–` : `${format.money(edge, { compact: true })}+`,
    historic: historic[i] ?? 0,
    predicted: predicted12m[i] ?? 0,
  }));
  const common = largest(data, (band) => band.historic);
  const buyersAxis = valueAxis(
    data.flatMap((band) => [band.historic, band.predicted]),
    1,
  );
  return (
    <div style={{ position: "relative" }}>
      <ChartData
        summary={t("dashboard.ltv.summary", {
          buyers: format.number(data.reduce((sum, band) => sum + band.historic, 0)),
          band: common?.band ?? "",
          count: format.number(common?.historic ?? 0),
        })}
        columns={[t("dashboard.ltv.band"), t("dashboard.ltv.historic"), t("dashboard.ltv.predicted")]}
        rows={data.map((band) => [band.band, format.number(band.historic), format.number(band.predicted)])}
      />
      <ClientOnly height={260}>
        {() => (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="band" interval={0} tick={{ fontSize: AXIS_FONT_SIZE }} />
              <YAxis
                {...buyersAxis}
                allowDecimals={false}
                tickFormatter={(value: number) => format.number(value)}
                tick={{ fontSize: AXIS_FONT_SIZE }}
              />
              <Tooltip formatter={(value) => format.number(Number(value))} />
              <Legend />
              <Bar dataKey="historic" name={t("dashboard.ltv.historic")} fill={BLUE} />
              <Bar dataKey="predicted" name={t("dashboard.ltv.predicted")} fill={GREEN} />
            </BarChart>
          </ResponsiveContainer>
        )}
      </ClientOnly>
    </div>
  );
}

/** Revenue expected from the existing customers, month by month. */
export function ForecastChart({
  months,
  shop,
}: {
  months: Array<{ month: string; expectedRevenueMinor: number; expectedPurchases: number }>;
  shop: ShopFormatProps;
}) {
  const t = useT();
  const format = useFormat(shop);
  const data = months.map((month) => ({
    month: month.month,
    revenue: month.expectedRevenueMinor,
    purchases: month.expectedPurchases,
  }));
  // Round steps of whole currency units (¥500,000, $2,000), never of cents.
  const revenueAxis = valueAxis(
    data.map((month) => month.revenue),
    10 ** currencyDecimals(shop.currency),
  );
  return (
    <div style={{ position: "relative" }}>
      <ChartData
        summary={t("dashboard.forecast.summary", {
          total: format.money(data.reduce((sum, month) => sum + month.revenue, 0)),
          months: data.length,
          first: format.money(data[0]?.revenue ?? 0),
          last: format.money(data.at(-1)?.revenue ?? 0),
        })}
        columns={[t("dashboard.forecast.month"), t("dashboard.forecast.revenue"), t("dashboard.forecast.purchases")]}
        rows={data.map((month) => [
          formatMonth(month.month, format.locale),
          format.money(month.revenue),
          format.number(month.purchases, 1),
        ])}
      />
      <ClientOnly height={220}>
        {() => (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis
                dataKey="month"
                tickFormatter={(month: string) => formatMonth(month, format.locale)}
                tick={{ fontSize: AXIS_FONT_SIZE }}
              />
              <YAxis
                {...revenueAxis}
                tickFormatter={(value: number) => format.money(value, { compact: true })}
                tick={{ fontSize: AXIS_FONT_SIZE }}
                width={72}
              />
              <Tooltip
                labelFormatter={(month) => formatMonth(String(month), format.locale)}
                formatter={(value) => format.money(Number(value))}
              />
              <Bar dataKey="revenue" name={t("dashboard.forecast.revenue")} fill={GREEN} />
            </BarChart>
          </ResponsiveContainer>
        )}
      </ClientOnly>
    </div>
  );
}

/** Customers per segment, largest first. */
export function SegmentSizesChart({ sizes }: { sizes: Array<{ segment: string; customers: number }> }) {
  const t = useT();
  const format = useFormat({ currency: "USD", timezone: "UTC" });
  const data = sizes.map((size) => ({ name: segmentName(t, size.segment), customers: size.customers }));
  const biggest = largest(data, (segment) => segment.customers);
  const customersAxis = valueAxis(
    data.map((segment) => segment.customers),
    1,
  );
  const lines = Math.max(1, ...data.map((segment) => wrapAxisLabel(segment.name, SEGMENT_AXIS.width - 8).length));
  return (
    <div style={{ position: "relative" }}>
      <ChartData
        summary={t("dashboard.segments.summary", {
          customers: format.number(data.reduce((sum, segment) => sum + segment.customers, 0)),
          segments: data.length,
          segment: biggest?.name ?? "",
          size: format.number(biggest?.customers ?? 0),
        })}
        columns={[t("dashboard.segments.segment"), t("dashboard.segments.customers")]}
        rows={data.map((segment) => [segment.name, format.number(segment.customers)])}
      />
      <ClientOnly height={Math.max(160, data.length * Math.max(28, lines * SEGMENT_AXIS.lineHeight + 10))}>
        {() => (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart accessibilityLayer={false} data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis
                type="number"
                {...customersAxis}
                allowDecimals={false}
                tickFormatter={(value: number) => format.number(value)}
                tick={{ fontSize: AXIS_FONT_SIZE }}
              />
              <YAxis
                type="category"
                dataKey="name"
                width={SEGMENT_AXIS.width}
                interval={SEGMENT_AXIS.interval}
                tick={<SegmentAxisTick />}
              />
              <Tooltip formatter={(value) => format.number(Number(value))} />
              <Bar dataKey="customers" name={t("dashboard.segments.customers")} fill={BLUE} />
            </BarChart>
          </ResponsiveContainer>
        )}
      </ClientOnly>
    </div>
  );
}
