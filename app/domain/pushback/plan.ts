import { currencyDecimals, minorUnitsToAmount } from "../money";
import { RFM_SEGMENT_KEYS } from "../rfm/segments";
import type { PointsProgramSettings } from "../points/settings";
// From the module itself, not ../points: the campaign page uses this file, and the index would bring zod.
import { type TierProgressMetafield, tierProgressMetafield } from "../points/tiers";

/**
 * What Kizuna wants a customer to carry in Shopify, and the difference to what it last pushed. Pure: the
 * push service (app/pushback/push.server.ts) reads the rows, this decides, the service writes. This is the
 * ONLY place that decides a `$app:kizuna` value: every key, its type and meaning are listed in
 * docs/metafields.md (docs/decisions/009).
 */
export interface MetafieldWrite {
  key: string;
  type: string;
  value: string;
}

export interface DesiredState {
  customerId: bigint;
  /** Kizuna-managed tags, e.g. ["kizuna:champions"] */
  tags: string[];
  /** `$app:kizuna` metafields by key */
  metafields: Record<string, MetafieldWrite>;
  /** the customer has no orders: analysis values pushed earlier are deleted (only while Kizuna writes metafields) */
  removeAnalysisValues?: boolean;
}

/** CustomerPushState, parsed. */
export interface PushedState {
  tags: string[];
  /** last pushed value by key */
  metafields: Record<string, string>;
}

export interface CustomerPlan {
  customerId: bigint;
  tagsAdd: string[];
  tagsRemove: string[];
  metafields: MetafieldWrite[];
  /** keys of values Kizuna pushed earlier and no longer has (e.g. a segment for a customer without orders) */
  metafieldsDelete: string[];
  /** the state to record once the writes succeeded */
  next: PushedState;
}

export interface MetricsForPush {
  customerId: bigint;
  segment: string;
  rScore: number;
  fScore: number;
  mScore: number;
  predictedClv12mMinor: number | null;
  pAlive: number | null;
  /** the future-loyal ranking score; null when the customer is not a candidate (undefined: not read) */
  futureLoyalScore?: number | null;
}

export interface PointsForPush {
  balance: number;
  /** the tier the member holds (moved by the daily run); null before the first placement */
  tier: string | null;
  rollingSpendMinor: number;
}

/** The shop's push-back settings this plan reads. */
export interface PushSettings {
  tagPrefix: string;
  taggedSegments: readonly string[];
  writeMetafields: boolean;
}

export interface PushContext {
  push: PushSettings;
  /** null when the points program is off */
  points: PointsProgramSettings | null;
  currency: string;
}

export function segmentTag(prefix: string, segment: string): string {
  return `${prefix}${segment}`;
}

export type CampaignGroup = "treatment" | "holdout";

/** A running campaign a customer belongs to, whose groups are tagged in Shopify (the merchant opted in). */
export interface CampaignGroupForPush {
  campaignId: number;
  group: CampaignGroup;
}

/** The tag of a campaign group, for Shopify Email or Flow: `kizuna-campaign-12-treatment` / `-holdout`. */
export function campaignGroupTag(campaignId: number, group: CampaignGroup): string {
  return `kizuna-campaign-${campaignId}-${group}`;
}

const CAMPAIGN_GROUP_TAG = /^kizuna-campaign-\d+-(treatment|holdout)$/;

/** A tag the push pipeline writes for campaign groups (and takes off when the campaign ends). */
export function isCampaignGroupTag(tag: string): boolean {
  return CAMPAIGN_GROUP_TAG.test(tag);
}

/**
 * The values that describe a customer's orders. A customer without an order has none: Kizuna writes no
 * `segment=none` or `rfm_score=000`, and removes such values pushed earlier.
 */
export const ANALYSIS_METAFIELD_KEYS = [
  "segment",
  "rfm_score",
  "predicted_clv",
  "p_alive",
  "churn_risk",
  "future_loyal",
] as const;

/** Scored customers: a real segment and R, F, M of 1–5 (customers without orders carry "none" and 0). */
export function hasOrders(metrics: MetricsForPush): boolean {
  return (
    (RFM_SEGMENT_KEYS as readonly string[]).includes(metrics.segment) &&
    metrics.rScore >= 1 &&
    metrics.fScore >= 1 &&
    metrics.mScore >= 1
  );
}

/**
 * The tags and metafields Kizuna wants on a customer; metrics null = no longer analysed (e.g. deleted).
 * `campaignGroups`: the running, tagged campaigns the customer is a member of.
 */
export function desiredState(
  customerId: bigint,
  metrics: MetricsForPush | null,
  points: PointsForPush | null,
  context: PushContext,
  campaignGroups: readonly CampaignGroupForPush[] = [],
): DesiredState {
  const tags: string[] = [];
  const metafields: Record<string, MetafieldWrite> = {};
  for (const { campaignId, group } of campaignGroups) tags.push(campaignGroupTag(campaignId, group));
  if (metrics && hasOrders(metrics)) {
    if (context.push.taggedSegments.includes(metrics.segment)) {
      tags.push(segmentTag(context.push.tagPrefix, metrics.segment));
    }
    if (context.push.writeMetafields) {
      const decimals = currencyDecimals(context.currency);
      const set = (key: string, type: string, value: string) => {
        metafields[key] = { key, type, value };
      };
      set("segment", "single_line_text_field", metrics.segment);
      set("rfm_score", "single_line_text_field", `${metrics.rScore}${metrics.fScore}${metrics.mScore}`);
      if (metrics.predictedClv12mMinor != null) {
        set("predicted_clv", "number_decimal", minorUnitsToAmount(metrics.predictedClv12mMinor, decimals));
      }
      if (metrics.pAlive != null && Number.isFinite(metrics.pAlive)) {
        const pAlive = Math.min(1, Math.max(0, metrics.pAlive));
        set("p_alive", "number_decimal", pAlive.toFixed(4));
        // churn risk = 1 − P(alive), as the customer page shows it; its own value so segments can filter on it
        set("churn_risk", "number_decimal", (1 - pAlive).toFixed(4));
      }
      if (metrics.futureLoyalScore !== undefined) {
        set("future_loyal", "boolean", metrics.futureLoyalScore === null ? "false" : "true");
      }
    }
  }
  if (context.push.writeMetafields && context.points && points) {
    for (const write of pointsMetafields(context.points, points)) metafields[write.key] = write;
  }
  // a customer the recompute found without orders loses the analysis values pushed earlier
  const removeAnalysisValues = context.push.writeMetafields && metrics !== null && !hasOrders(metrics);
  return { customerId, tags: [...new Set(tags)], metafields, removeAnalysisValues };
}

/**
 * A member's points values: `points_balance`, `tier` (the stable tier id), `tier_name` (its display name)
 * and `tier_progress` (JSON, measured from the tier the member holds, so it never contradicts `tier`).
 * Before the first placement the tier the spend reaches is shown.
 */
export function pointsMetafields(settings: PointsProgramSettings, points: PointsForPush): MetafieldWrite[] {
  const progress = memberTierProgress(settings, points);
  return [
    { key: "points_balance", type: "number_integer", value: String(points.balance) },
    { key: "tier", type: "single_line_text_field", value: progress.tier },
    { key: "tier_name", type: "single_line_text_field", value: progress.tier_name },
    { key: "tier_progress", type: "json", value: JSON.stringify(progress) },
  ];
}

/** The member's tier and progress as the storefront shows them (metafields and the app proxy alike). */
export function memberTierProgress(
  settings: PointsProgramSettings,
  points: Pick<PointsForPush, "tier" | "rollingSpendMinor">,
): TierProgressMetafield {
  return tierProgressMetafield(settings, points.rollingSpendMinor, currencyDecimals(settings.currencyCode), points.tier);
}

/**
 * Only what changed. Tags are added when wanted and not pushed before, and removed only when Kizuna pushed
 * them earlier and no longer wants them — a tag the merchant set by hand is never in `previous`, so it is
 * never removed. Metafields are written when the value differs from the last pushed one. The analysis
 * values (ANALYSIS_METAFIELD_KEYS) Kizuna pushed to a customer the recompute found without orders are
 * deleted; other values Kizuna no longer computes (points with the program off, everything with
 * metafields switched off, a customer no longer analysed) are left as they were.
 */
export function planCustomerPush(desired: DesiredState, previous: PushedState | null): CustomerPlan | null {
  const before = withoutUnrecordedPointsValues(previous ?? { tags: [], metafields: {} });
  const wanted = new Set(desired.tags);
  const had = new Set(before.tags);
  const tagsAdd = desired.tags.filter((tag) => !had.has(tag));
  const tagsRemove = before.tags.filter((tag) => !wanted.has(tag));
  const metafields = Object.values(desired.metafields).filter((write) => before.metafields[write.key] !== write.value);
  const metafieldsDelete = desired.removeAnalysisValues
    ? ANALYSIS_METAFIELD_KEYS.filter((key) => before.metafields[key] !== undefined)
    : [];
  if (tagsAdd.length === 0 && tagsRemove.length === 0 && metafields.length === 0 && metafieldsDelete.length === 0) return null;
  const nextMetafields = { ...before.metafields };
  for (const write of metafields) nextMetafields[write.key] = write.value;
  for (const key of metafieldsDelete) delete nextMetafields[key];
  return {
    customerId: desired.customerId,
    tagsAdd,
    tagsRemove,
    metafields,
    metafieldsDelete,
    next: { tags: [...desired.tags], metafields: nextMetafields },
  };
}

/**
 * Before one pipeline wrote every value (docs/decisions/009), the points code also wrote `points_balance`,
 * `tier` (as the tier name) and `tier_progress` without recording them here, so a state recorded then may not
 * be what Shopify holds. Such a state has no `tier_name` (introduced with the single pipeline): its points
 * values are treated as unknown, so they are written once more.
 */
function withoutUnrecordedPointsValues(state: PushedState): PushedState {
  if (state.metafields.tier_name !== undefined || state.metafields.points_balance === undefined) return state;
  const { points_balance: _balance, tier: _tier, tier_progress: _progress, ...rest } = state.metafields;
  return { tags: state.tags, metafields: rest };
}

export function parsePushedState(tags: string, metafields: string): PushedState {
  const parse = (text: string, fallback: unknown) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return fallback;
    }
  };
  const tagList = parse(tags, []);
  const values = parse(metafields, {});
  return {
    tags: Array.isArray(tagList) ? tagList.filter((tag): tag is string => typeof tag === "string") : [],
    metafields:
      values && typeof values === "object" && !Array.isArray(values)
        ? Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === "string"))
        : {},
  };
}
