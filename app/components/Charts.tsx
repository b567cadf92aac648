/**
 * Bar and line charts (recharts, see docs/decisions/003-charts.md). Charts measure their container, so they
 * render in the browser only; the server sends a placeholder of the same height.
 */
import { type ReactNode, useEffect, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useT } from "../i18n/react";
import { type ShopFormatProps, useFormat } from "./format";
import { segmentName } from "./segment-name";

const BLUE = "#005bd3";
const GREEN = "#29845a";

function ClientOnly({ height, children }: { height: number; children: () => ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return <div style={{ width: "100%", height }}>{mounted ? children() : null}</div>;
}

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
  return (
    <ClientOnly height={260}>
      {() => (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
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
    <ClientOnly height={220}>
      {() => (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="month" tick={{ fontSize: 11 }} />
            <YAxis tickFormatter={(value: number) => format.money(value, { compact: true })} tick={{ fontSize: 11 }} width={72} />
            <Tooltip formatter={(value) => format.money(Number(value))} />
            <Bar dataKey="revenue" name={t("dashboard.forecast.revenue")} fill={GREEN} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </ClientOnly>
  );
}

/** Customers per segment, largest first. */
export function SegmentSizesChart({ sizes }: { sizes: Array<{ segment: string; customers: number }> }) {
  const t = useT();
  const format = useFormat({ currency: "USD", timezone: "UTC" });
  const data = sizes.map((size) => ({ name: segmentName(t, size.segment), customers: size.customers }));
  return (
    <ClientOnly height={Math.max(160, data.length * 28)}>
      {() => (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" tickFormatter={(value: number) => format.number(value)} tick={{ fontSize: 11 }} />
            <YAxis type="category" dataKey="name" width={130} tick={{ fontSize: 11 }} />
            <Tooltip formatter={(value) => format.number(Number(value))} />
            <Bar dataKey="customers" name={t("dashboard.segments.customers")} fill={BLUE} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </ClientOnly>
  );
}
