/**
 * Calibration vs holdout: mean orders per customer in the held-out weeks, actual next to predicted, by the
 * number of repeat orders before (the CLV literature's check). A plain CSS drawing (two bars a group),
 * hidden from assistive technology; ChartData carries the same numbers as a table.
 */
import { BlockStack, InlineStack, Text } from "@shopify/polaris";
import { ChartData } from "./Charts";

export interface CalibrationRow {
  label: string;
  customers: number;
  actual: number;
  predicted: number;
}

export function PredictionCalibrationChart({
  rows,
  labels,
  format,
}: {
  rows: CalibrationRow[];
  labels: { summary: string; group: string; customers: string; actual: string; predicted: string };
  format: (value: number) => string;
}) {
  const top = Math.max(1e-9, ...rows.flatMap((row) => [row.actual, row.predicted]));
  const HEIGHT = 180;
  return (
    <BlockStack gap="200">
      <div aria-hidden="true" style={{ display: "flex", alignItems: "flex-end", gap: 12, height: HEIGHT + 24 }}>
        {rows.map((row) => (
          <div key={row.label} style={{ display: "flex", flexDirection: "column", alignItems: "center", flex: 1 }}>
            <div style={{ display: "flex", alignItems: "flex-end", gap: 2, height: HEIGHT }}>
              <div style={{ width: 14, height: (row.actual / top) * HEIGHT, background: "#2c6ecb" }} />
              <div style={{ width: 14, height: (row.predicted / top) * HEIGHT, background: "#8a8a8a" }} />
            </div>
            <span style={{ fontSize: 12 }}>{row.label}</span>
          </div>
        ))}
      </div>
      <div aria-hidden="true">
        <InlineStack gap="400">
          <Text as="span" variant="bodySm">
            <span style={{ color: "#2c6ecb" }}>■</span> {labels.actual}
          </Text>
          <Text as="span" variant="bodySm">
            <span style={{ color: "#8a8a8a" }}>■</span> {labels.predicted}
          </Text>
        </InlineStack>
      </div>
      <ChartData
        summary={labels.summary}
        columns={[labels.group, labels.customers, labels.actual, labels.predicted]}
        rows={rows.map((row) => [row.label, String(row.customers), format(row.actual), format(row.predicted)])}
      />
    </BlockStack>
  );
}
