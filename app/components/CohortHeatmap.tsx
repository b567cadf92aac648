import { Text } from "@shopify/polaris";
import { formatMonth } from "../i18n/format";
import { useT } from "../i18n/react";
import { heatmapCell } from "./contrast";
import { useFormat } from "./format";
import { visuallyHidden } from "./visually-hidden";

export interface Cohort {
  month: string;
  customers: number;
  /** retention[k]: share of the cohort buying again k months after the first purchase */
  retention: number[];
  /** The month k still in progress on the as-of day (the row's last), or null: shown as unfinished, not as a drop. */
  inProgressMonth: number | null;
}

const MAX_MONTHS = 13;
const GREEN = "#008060";
/** Unfinished months: no shade (a part-month is not a retention level), a dashed outline, grey text at 4.5:1 or more. */
const IN_PROGRESS = { background: "#ffffff", color: "#616161", border: "1px dashed #8a8a8a" } as const;

/**
 * Monthly first-purchase cohorts (rows) × months since the first purchase (columns), shaded by retention.
 * A real table, so a screen reader announces each value with its cohort and month; the text colour is
 * measured against each shade so every value reaches 4.5:1.
 */
export function CohortHeatmap({ cohorts }: { cohorts: Cohort[] }) {
  const t = useT();
  const format = useFormat({ currency: "USD", timezone: "UTC" });
  const months = Math.min(MAX_MONTHS, Math.max(1, ...cohorts.map((cohort) => cohort.retention.length)));
  // Month 0 is ~100 % by construction; shade the later months against their own maximum so they stay readable.
  // A month still in progress does not count: it is a part-month.
  const max = Math.max(
    0.01,
    ...cohorts.flatMap((cohort) => cohort.retention.slice(1, months).filter((_, i) => i + 1 !== cohort.inProgressMonth)),
  );
  const offsets = Array.from({ length: months }, (_, k) => k);
  const headerCell = { padding: "2px", fontWeight: "normal", textAlign: "center" } as const;
  return (
    // Scrolls sideways on narrow screens: a focusable, named region so keyboard users can scroll it too.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
    <section style={{ overflowX: "auto" }} aria-label={t("dashboard.cohorts.title")} tabIndex={0}>
      <table style={{ borderCollapse: "separate", borderSpacing: "2px", minWidth: "36rem", width: "100%" }}>
        <thead>
          <tr>
            <th scope="col" style={{ ...headerCell, textAlign: "left", minWidth: "5.5rem" }}>
              <Text as="span" variant="bodySm" tone="subdued">
                {t("dashboard.cohorts.cohort")}
              </Text>
            </th>
            <th scope="col" style={{ ...headerCell, textAlign: "right", minWidth: "3.5rem" }}>
              <Text as="span" variant="bodySm" tone="subdued">
                {t("dashboard.cohorts.customers")}
              </Text>
            </th>
            {offsets.map((k) => (
              <th key={k} scope="col" style={{ ...headerCell, minWidth: "2.75rem" }}>
                <Text as="span" variant="bodySm" tone="subdued">
                  {t("dashboard.cohorts.month", { month: k })}
                </Text>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cohorts.map((cohort) => (
            <tr key={cohort.month}>
              <th scope="row" style={{ padding: "4px", fontWeight: "normal", textAlign: "left", whiteSpace: "nowrap" }}>
                <Text as="span" variant="bodySm">
                  {formatMonth(cohort.month, format.locale)}
                </Text>
              </th>
              <td style={{ padding: "4px", textAlign: "right" }}>
                <Text as="span" variant="bodySm" numeric>
                  {format.number(cohort.customers)}
                </Text>
              </td>
              {offsets.map((k) => {
                const value = cohort.retention[k];
                if (value === undefined) return <td key={k} />;
                if (k === cohort.inProgressMonth) {
                  return (
                    <td
                      key={k}
                      title={t("dashboard.cohorts.inProgressLabel", { month: k, percent: format.percent(value) })}
                      style={{
                        textAlign: "center",
                        padding: "2px",
                        borderRadius: "3px",
                        fontSize: "11px",
                        lineHeight: 1.2,
                        ...IN_PROGRESS,
                      }}
                    >
                      <span aria-hidden="true">
                        {format.percent(value, 0)}
                        <br />
                        {t("dashboard.cohorts.inProgress")}
                      </span>
                      <span style={visuallyHidden}>
                        {t("dashboard.cohorts.inProgressLabel", { month: k, percent: format.percent(value) })}
                      </span>
                    </td>
                  );
                }
                const { background, color } = heatmapCell(GREEN, k === 0 ? 1 : Math.min(1, value / max), {
                  floor: 0.05,
                  span: 0.85,
                });
                return (
                  <td
                    key={k}
                    title={format.percent(value)}
                    style={{ textAlign: "center", padding: "4px 2px", borderRadius: "3px", fontSize: "11px", background, color }}
                  >
                    {format.percent(value, 0)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
