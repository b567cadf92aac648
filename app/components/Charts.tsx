/**
 * Bar charts (recharts, see docs/decisions/003-charts.md and 022-bundle-and-page-load.md). Charts measure
 * their container, so they render in the browser only; the server sends a placeholder of the same height.
 * The drawings (chart-drawings.tsx, with recharts) are loaded lazily after hydration: the dashboard's bundle
 * carries only the summaries below.
 *
 * The drawing is hidden from assistive technology and is not a tab stop: each chart comes with a visually
 * hidden table of the same numbers, captioned with a one-sentence summary, rendered on the server too.
 */
import { lazy, type ReactNode, Suspense, useEffect, useState } from "react";
import { currencyDecimals } from "../domain/money";
import { formatMonth } from "../i18n/format";
import { useT } from "../i18n/react";
import { SEGMENT_AXIS, wrapAxisLabel } from "./chart-axis";
import { type ShopFormatProps, useFormat } from "./format";
import { niceTicks } from "./nice-ticks";
import { segmentName } from "./segment-name";
import { visuallyHidden } from "./visually-hidden";

export { SEGMENT_AXIS, SegmentAxisTick, wrapAxisLabel } from "./chart-axis";

const LtvBars = lazy(() => import("./chart-drawings").then((module) => ({ default: module.LtvBars })));
const ForecastBars = lazy(() => import("./chart-drawings").then((module) => ({ default: module.ForecastBars })));
const SegmentBars = lazy(() => import("./chart-drawings").then((module) => ({ default: module.SegmentBars })));

/** A chart drawing, loaded and drawn after hydration, hidden from assistive technology (ChartData has the numbers). */
export function ClientOnly({ height, children }: { height: number; children: () => ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <div aria-hidden="true" style={{ width: "100%", height }}>
      {mounted ? <Suspense fallback={null}>{children()}</Suspense> : null}
    </div>
  );
}

/** What a chart shows, for screen readers: a summary as caption, then one row per bar group. */
export function ChartData({
  summary,
  columns,
  rows,
}: {
  summary: string;
  columns: string[];
  rows: Array<[string, ...string[]]>;
}) {
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

/** About five gridlines per value axis, on round steps. */
const VALUE_TICKS = 5;

/** Props for a value axis on round steps: ticks, a domain that ends on the last tick, none skipped. */
function valueAxis(values: number[], minStep: number) {
  const ticks = niceTicks(0, Math.max(0, ...values), VALUE_TICKS, { minStep });
  return { ticks, domain: [ticks[0], ticks[ticks.length - 1]] as [number, number], interval: 0 as const };
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
          <LtvBars
            data={data}
            axis={buyersAxis}
            number={(value) => format.number(value)}
            labels={{ historic: t("dashboard.ltv.historic"), predicted: t("dashboard.ltv.predicted") }}
          />
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
          <ForecastBars
            data={data}
            axis={revenueAxis}
            month={(month) => formatMonth(month, format.locale)}
            money={(minor) => format.money(minor)}
            compactMoney={(minor) => format.money(minor, { compact: true })}
            label={t("dashboard.forecast.revenue")}
          />
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
          <SegmentBars
            data={data}
            axis={customersAxis}
            number={(value) => format.number(value)}
            label={t("dashboard.segments.customers")}
          />
        )}
      </ClientOnly>
    </div>
  );
}
