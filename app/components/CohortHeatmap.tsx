import { Text } from "@shopify/polaris";
import { formatMonth } from "../i18n/format";
import { useT } from "../i18n/react";
import { useFormat } from "./format";

export interface Cohort {
  month: string;
  customers: number;
  /** retention[k]: share of the cohort buying again k months after the first purchase */
  retention: number[];
}

const MAX_MONTHS = 13;

/** Monthly first-purchase cohorts (rows) × months since the first purchase (columns), shaded by retention. */
export function CohortHeatmap({ cohorts }: { cohorts: Cohort[] }) {
  const t = useT();
  const format = useFormat({ currency: "USD", timezone: "UTC" });
  const months = Math.min(MAX_MONTHS, Math.max(1, ...cohorts.map((cohort) => cohort.retention.length)));
  // Month 0 is ~100 % by construction; shade the later months against their own maximum so they stay readable.
  const max = Math.max(0.01, ...cohorts.flatMap((cohort) => cohort.retention.slice(1, months)));
  const offsets = Array.from({ length: months }, (_, k) => k);
  const columns = `minmax(5.5rem, auto) minmax(3.5rem, auto) repeat(${months}, minmax(2.75rem, 1fr))`;
  const head = (text: string, key: string) => (
    <div key={key} style={{ textAlign: "center", padding: "2px" }}>
      <Text as="span" variant="bodySm" tone="subdued">
        {text}
      </Text>
    </div>
  );
  return (
    <div style={{ overflowX: "auto" }}>
      <div style={{ display: "grid", gridTemplateColumns: columns, gap: "2px", minWidth: "36rem" }}>
        {head(t("dashboard.cohorts.cohort"), "cohort")}
        {head(t("dashboard.cohorts.customers"), "customers")}
        {Array.from({ length: months }, (_, k) => head(t("dashboard.cohorts.month", { month: k }), `m${k}`))}
        {cohorts.map((cohort) => (
          <div key={cohort.month} style={{ display: "contents" }}>
            <div style={{ padding: "4px" }}>
              <Text as="span" variant="bodySm">
                {formatMonth(cohort.month, format.locale)}
              </Text>
            </div>
            <div style={{ padding: "4px", textAlign: "right" }}>
              <Text as="span" variant="bodySm">
                {format.number(cohort.customers)}
              </Text>
            </div>
            {offsets.map((k) => {
              const value = cohort.retention[k];
              if (value === undefined) return <div key={k} />;
              const intensity = k === 0 ? 1 : Math.min(1, value / max);
              return (
                <div
                  key={k}
                  title={`${formatMonth(cohort.month, format.locale)} · ${t("dashboard.cohorts.month", { month: k })}: ${format.percent(value)}`}
                  style={{
                    textAlign: "center",
                    padding: "4px 2px",
                    borderRadius: "3px",
                    fontSize: "11px",
                    background: `rgba(0, 128, 96, ${0.05 + 0.85 * intensity})`,
                    color: intensity > 0.55 ? "#fff" : "#303030",
                  }}
                >
                  {format.percent(value, 0)}
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
