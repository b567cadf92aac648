/**
 * The charts' drawings (recharts). Loaded on their own, after the dashboard has hydrated (app/components/
 * Charts.tsx imports this module lazily), so recharts and its dependencies are not part of the page's bundle
 * and do not delay its first render. Hidden from assistive technology: Charts.tsx puts the same numbers in a
 * table beside each drawing.
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_FONT_SIZE, SEGMENT_AXIS, SegmentAxisTick } from "./chart-axis";

export const BLUE = "#005bd3";
export const GREEN = "#29845a";

/** A value axis on round steps: ticks, a domain that ends on the last tick, none skipped. */
export interface ValueAxis {
  ticks: number[];
  domain: [number, number];
  interval: 0;
}

export interface LtvBarsProps {
  data: Array<{ band: string; historic: number; predicted: number }>;
  axis: ValueAxis;
  number: (value: number) => string;
  labels: { historic: string; predicted: string };
}

export function LtvBars({ data, axis, number, labels }: LtvBarsProps) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="band" interval={0} tick={{ fontSize: AXIS_FONT_SIZE }} />
        <YAxis
          {...axis}
          allowDecimals={false}
          tickFormatter={(value: number) => number(value)}
          tick={{ fontSize: AXIS_FONT_SIZE }}
        />
        <Tooltip formatter={(value) => number(Number(value))} />
        <Legend />
        <Bar dataKey="historic" name={labels.historic} fill={BLUE} />
        <Bar dataKey="predicted" name={labels.predicted} fill={GREEN} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export interface ForecastBarsProps {
  data: Array<{ month: string; revenue: number; purchases: number }>;
  axis: ValueAxis;
  month: (month: string) => string;
  money: (minor: number) => string;
  compactMoney: (minor: number) => string;
  label: string;
}

export function ForecastBars({ data, axis, month, money, compactMoney, label }: ForecastBarsProps) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="month" tickFormatter={month} tick={{ fontSize: AXIS_FONT_SIZE }} />
        <YAxis {...axis} tickFormatter={(value: number) => compactMoney(value)} tick={{ fontSize: AXIS_FONT_SIZE }} width={72} />
        <Tooltip labelFormatter={(value) => month(String(value))} formatter={(value) => money(Number(value))} />
        <Bar dataKey="revenue" name={label} fill={GREEN} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export interface SegmentBarsProps {
  data: Array<{ name: string; customers: number }>;
  axis: ValueAxis;
  number: (value: number) => string;
  label: string;
}

export function SegmentBars({ data, axis, number, label }: SegmentBarsProps) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart accessibilityLayer={false} data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis
          type="number"
          {...axis}
          allowDecimals={false}
          tickFormatter={(value: number) => number(value)}
          tick={{ fontSize: AXIS_FONT_SIZE }}
        />
        <YAxis
          type="category"
          dataKey="name"
          width={SEGMENT_AXIS.width}
          interval={SEGMENT_AXIS.interval}
          tick={<SegmentAxisTick />}
        />
        <Tooltip formatter={(value) => number(Number(value))} />
        <Bar dataKey="customers" name={label} fill={BLUE} />
      </BarChart>
    </ResponsiveContainer>
  );
}
