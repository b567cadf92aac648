import { useNavigate } from "@remix-run/react";
import { BlockStack, InlineStack, Text } from "@shopify/polaris";
import { RFM_GRID } from "../domain/rfm/segments";
import { useT } from "../i18n/react";
import { heatmapCell } from "./contrast";
import { type ShopFormatProps, useFormat } from "./format";
import { segmentName } from "./segment-name";

export interface RfmGridProps {
  /** customers[r − 1][f − 1] */
  customers: number[][];
  netRevenueMinor: number[][];
  shop: ShopFormatProps;
}

const SCORES = [1, 2, 3, 4, 5];
const BLUE = "#005bd3";

/**
 * Recency (rows, 5 = bought most recently, at the top) × frequency (columns) as a heatmap: the darker the
 * cell, the more customers. A cell opens the segment it belongs to (the grid reads F as the FM score).
 * A cell's name is its visible text (count, revenue, segment); its title adds the scores and exact revenue.
 * The text colour is measured against each shade so every label reaches 4.5:1.
 */
export function RfmGrid({ customers, netRevenueMinor, shop }: RfmGridProps) {
  const t = useT();
  const navigate = useNavigate();
  const format = useFormat(shop);
  const max = Math.max(1, ...customers.flat());
  return (
    <BlockStack gap="200">
      <div style={{ display: "grid", gridTemplateColumns: "2.5rem repeat(5, minmax(0, 1fr))", gap: "4px" }}>
        {[...SCORES].reverse().map((r) => (
          <div key={r} style={{ display: "contents" }}>
            <div style={{ alignSelf: "center", textAlign: "center" }}>
              <Text as="span" variant="bodySm" tone="subdued">
                R{r}
              </Text>
            </div>
            {SCORES.map((f) => {
              const count = customers[r - 1]?.[f - 1] ?? 0;
              const revenue = netRevenueMinor[r - 1]?.[f - 1] ?? 0;
              const segment = RFM_GRID[r - 1][f - 1];
              const { background, color } = heatmapCell(BLUE, count / max);
              return (
                <button
                  key={f}
                  type="button"
                  title={t("dashboard.rfm.cell", {
                    r,
                    f,
                    segment: segmentName(t, segment),
                    customers: format.number(count),
                    revenue: format.money(revenue),
                  })}
                  onClick={() => navigate(`/app/segments?segment=${segment}`)}
                  style={{
                    border: "none",
                    borderRadius: "6px",
                    padding: "8px 4px",
                    minHeight: "64px",
                    cursor: "pointer",
                    background,
                    color,
                    textAlign: "center",
                  }}
                >
                  <div style={{ fontWeight: 600, fontSize: "14px" }}>{format.number(count)}</div>
                  <div style={{ fontSize: "11px" }}>{format.money(revenue, { compact: true })}</div>
                  <div style={{ fontSize: "11px", overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>
                    {segmentName(t, segment)}
                  </div>
                </button>
              );
            })}
          </div>
        ))}
        <div />
        {SCORES.map((f) => (
          <div key={f} style={{ textAlign: "center" }}>
            <Text as="span" variant="bodySm" tone="subdued">
              F{f}
            </Text>
          </div>
        ))}
      </div>
      <InlineStack align="space-between">
        <Text as="span" variant="bodySm" tone="subdued">
          {t("dashboard.rfm.axisRecency")}
        </Text>
        <Text as="span" variant="bodySm" tone="subdued">
          {t("dashboard.rfm.axisFrequency")}
        </Text>
      </InlineStack>
    </BlockStack>
  );
}
