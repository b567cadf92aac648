import type { LedgerReason } from "../domain/points/ledger";
import type { Locale, Translate } from "../i18n";
import { formatTierName } from "../i18n/format";
import type { PointsHistoryItem } from "../points/customer-points.server";

/** Why an entry was made, in the reader's language; staff's own words as they wrote them. */
export function reasonText(t: Translate, reason: LedgerReason | null): string | null {
  if (!reason) return null;
  if ("text" in reason) return reason.text;
  return t(`points.reason.${reason.key}`, reason.values);
}

/**
 * One line of a customer's points history as the merchant reads it: orders by their names (#17254), ranks
 * by the merchant's names, reasons translated. An order not copied yet is "an order", never its id.
 */
export function describePointsEntry(t: Translate, locale: Locale, item: PointsHistoryItem): string {
  const withReason = (what: string) => {
    const reason = reasonText(t, item.reason);
    return reason ? t("points.kind.withReason", { what, reason }) : what;
  };
  const rank = (tier: PointsHistoryItem["toTier"]) => (tier === undefined || tier === null ? null : formatTierName(tier, locale));
  switch (item.kind) {
    case "earn":
      return item.orderName ? t("points.kind.earn", { order: item.orderName }) : t("points.kind.earnNoOrder");
    case "reverse":
      return item.orderName ? t("points.kind.reverse", { order: item.orderName }) : t("points.kind.reverseNoOrder");
    case "bonus_welcome":
      return t("points.kind.bonus_welcome");
    case "bonus_birthday":
      return withReason(t("points.kind.bonus_birthday"));
    case "adjust":
      return withReason(t("points.kind.adjust"));
    case "redeem":
      return t("points.kind.redeem");
    case "redeem_refund":
      // the kind already says the code could not be created
      return t("points.kind.redeem_refund");
    case "expire":
      return withReason(t("points.kind.expire"));
    case "tier_change":
      return t("points.kind.tier_change", {
        from: item.fromTier === null || item.fromTier === undefined ? "—" : (rank(item.fromTier) ?? "—"),
        to: rank(item.toTier) ?? t("points.tierNames.removed"),
      });
    default:
      return item.kind;
  }
}
