/**
 * The journey funnel's drawing (recharts), loaded lazily after hydration by JourneyFunnelChart.tsx so recharts
 * stays out of the report page's first bundle. Series colours are the dashboard's (contrast checked there).
 */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface FunnelStage {
  label: string;
  reached: number;
  sent: number;
  clicked: number;
  converted: number;
}

const AXIS_FONT_SIZE = 11;

export function JourneyFunnelBars({
  stages,
  labels,
  number,
}: {
  stages: FunnelStage[];
  labels: { reached: string; sent: string; clicked: string; converted: string };
  number: (value: number) => string;
}) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart accessibilityLayer={false} data={stages} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" interval={0} tick={{ fontSize: AXIS_FONT_SIZE }} />
        <YAxis allowDecimals={false} tickFormatter={(value: number) => number(value)} tick={{ fontSize: AXIS_FONT_SIZE }} />
        <Tooltip formatter={(value) => number(Number(value))} />
        <Legend />
        <Bar dataKey="reached" name={labels.reached} fill="#8a8a8a" />
        <Bar dataKey="sent" name={labels.sent} fill="#005bd3" />
        <Bar dataKey="clicked" name={labels.clicked} fill="#7e57c2" />
        <Bar dataKey="converted" name={labels.converted} fill="#29845a" />
      </BarChart>
    </ResponsiveContainer>
  );
}
