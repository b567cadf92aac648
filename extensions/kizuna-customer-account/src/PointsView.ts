import { type ComponentChild, h } from "preact";
import type { MemberPoints, PointsState } from "./points";

/**
 * The block's content for each state, as Polaris web components of customer accounts (s-section, s-text,
 * s-progress …): a member (balance, rank and progress, points expiring, latest entries), a member without
 * points, not a member (points program off or no account), loading and error. Pure: texts and number
 * formats come in, so a test renders every state without Shopify around it.
 */
export interface ViewTools {
  t: (key: string, values?: Record<string, string | number>) => string;
  formatNumber: (value: number) => string;
  formatMoney: (minor: number, currency: string) => string;
  formatDate: (iso: string) => string;
}

function tierName(tools: ViewTools, key: string | null, name: string): string {
  return key ? tools.t(`tierNames.${key}`) : name;
}

function member(points: MemberPoints, tools: ViewTools): ComponentChild[] {
  const { t, formatNumber } = tools;
  const progress = points.tier_progress;
  const rows: ComponentChild[] = [
    h("s-heading", {}, t("balance", { points: formatNumber(points.points_balance) })),
    h("s-text", {}, t("tier", { tier: tierName(tools, points.tier_key, points.tier_name) })),
  ];
  if (progress.next_tier_name !== null && progress.spend_to_next_minor !== null) {
    rows.push(
      h("s-progress", { value: progress.progress_percent, max: 100, accessibilityLabel: `${progress.progress_percent}%` }),
      h(
        "s-text",
        { color: "subdued" },
        t("toNext", {
          amount: tools.formatMoney(progress.spend_to_next_minor, points.currency),
          tier: tierName(tools, points.next_tier_key, progress.next_tier_name),
        }),
      ),
    );
  } else rows.push(h("s-text", { color: "subdued" }, t("topTier")));
  if (points.points_balance === 0) rows.push(h("s-text", {}, t("noPoints")));
  if (points.expiring) {
    rows.push(
      h(
        "s-banner",
        { tone: "warning" },
        t("expiring", { points: formatNumber(points.expiring.points), date: tools.formatDate(points.expiring.expires_at) }),
      ),
    );
  }
  if (points.history.length > 0) {
    rows.push(
      h("s-heading", {}, t("history")),
      h(
        "s-stack",
        { direction: "block", gap: "small-300" },
        points.history.slice(0, 5).map((item) =>
          h("s-stack", { key: `${item.occurred_at}-${item.kind}`, direction: "inline", justifyContent: "space-between" }, [
            h("s-text", {}, `${tools.formatDate(item.occurred_at)} ${t(`kinds.${item.kind}`)}${item.order_name ? ` ${item.order_name}` : ""}`),
            h("s-text", {}, `${item.points > 0 ? "+" : ""}${formatNumber(item.points)}`),
          ]),
        ),
      ),
    );
  }
  return rows;
}

export function PointsView({ state, tools }: { state: PointsState; tools: ViewTools }): ComponentChild {
  let content: ComponentChild;
  if (state.kind === "loading") content = h("s-spinner", { accessibilityLabel: tools.t("title") });
  else if (state.kind === "error") content = h("s-text", { color: "subdued" }, tools.t("error"));
  else if (state.points.state === "notMember") content = h("s-text", { color: "subdued" }, tools.t("notMember"));
  else content = member(state.points, tools);
  return h("s-section", { heading: tools.t("title") }, h("s-stack", { direction: "block", gap: "base" }, content));
}
