import type { Audience } from "../db/campaigns.server";
import type { Translate } from "../i18n";
import { segmentName } from "./segment-name";

/** A campaign's audience in the merchant's words: "セグメント: 離脱危険", "Segments: At Risk, Can't Lose Them". */
export function audienceLabel(t: Translate, audience: Audience, money?: (minor: number) => string): string {
  if (audience.type === "segment") return t("campaigns.audience.segment", { segment: segmentName(t, audience.segment) });
  if (audience.type === "candidates") return t("campaigns.audience.candidates");
  const filter = audience.filter;
  const parts: string[] = [];
  if (filter.segments?.length) {
    parts.push(
      t("campaigns.audience.segments", {
        segments: filter.segments.map((key) => segmentName(t, key)).join(t("campaigns.audience.separator")),
      }),
    );
  }
  if (filter.minOrders != null) parts.push(t("campaigns.audience.minOrders", { orders: filter.minOrders }));
  if (filter.maxRecencyDays != null) parts.push(t("campaigns.audience.maxRecencyDays", { days: filter.maxRecencyDays }));
  if (filter.minPAlive != null) parts.push(t("campaigns.audience.minPAlive", { percent: Math.round(filter.minPAlive * 100) }));
  if (filter.minNetSpendMinor != null) {
    parts.push(
      money ? t("campaigns.audience.minNetSpend", { amount: money(filter.minNetSpendMinor) }) : t("campaigns.audience.filter"),
    );
  }
  if (parts.length === 0) parts.push(t("campaigns.audience.filter"));
  return parts.join(t("campaigns.audience.separator"));
}
