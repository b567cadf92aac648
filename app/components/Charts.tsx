/**
 * Bar and line charts (recharts, see docs/decisions/003-charts.md). Charts measure their container, so they
 * render in the browser only; the server sends a placeholder of the same height.
 *
 * The drawing is hidden from assistive technology and is not a tab stop: each chart comes with a visually
 * hidden table of the same numbers, captioned with a one-sentence summary, rendered on the server too.
 */
import { type ReactNode, useEffect, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMonth } from "../i18n/format";
import { useT } from "../i18n/react";
import { type ShopFormatProps, useFormat } from "./format";
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
              <XAxis dataKey="band" tick={{ fontSize: 11 }} />
              <YAxis tickFormatter={(value: number) => format.number(value)} tick={{ fontSize: 11 }} />
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
              <XAxis dataKey="month" tick={{ fontSize: 11 }} />
              <YAxis
                tickFormatter={(value: number) => format.money(value, { compact: true })}
                tick={{ fontSize: 11 }}
                width={72}
              />
              <Tooltip formatter={(value) => format.money(Number(value))} />
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
      <ClientOnly height={Math.max(160, data.length * 28)}>
        {() => (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart accessibilityLayer={false} data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" tickFormatter={(value: number) => format.number(value)} tick={{ fontSize: 11 }} />
              <YAxis type="category" dataKey="name" width={130} tick={{ fontSize: 11 }} />
              <Tooltip formatter={(value) => format.number(Number(value))} />
              <Bar dataKey="customers" name={t("dashboard.segments.customers")} fill={BLUE} />
            </BarChart>
          </ResponsiveContainer>
        )}
      </ClientOnly>
    </div>
  );
}
