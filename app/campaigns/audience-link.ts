import type { Audience, AudienceFilter } from "../db/campaigns.server";
import { RFM_SEGMENT_KEYS, type RfmSegmentKey } from "../domain/rfm/segments";

/**
 * The link that opens the new-campaign form for an audience, and the audience read back from it. Every
 * "create campaign" button (dashboard, segments, loyalty) builds its link here, so the form starts with the
 * audience the merchant clicked on. Parameters use the form's own field names:
 * `?audienceType=segment&segment=at_risk`, `?audienceType=candidates`,
 * `?audienceType=filter&filterSegments=at_risk&filterSegments=cant_lose_them`.
 * Plain checks, not zod: the pages that link here ship this module to the browser, and zod would come with it.
 */
export function newCampaignUrl(audience: Audience): string {
  const params = new URLSearchParams({ audienceType: audience.type });
  if (audience.type === "segment") params.set("segment", audience.segment);
  if (audience.type === "filter") {
    const filter = audience.filter;
    for (const segment of filter.segments ?? []) params.append("filterSegments", segment);
    if (filter.minOrders != null) params.set("filterMinOrders", String(filter.minOrders));
    if (filter.maxRecencyDays != null) params.set("filterMaxRecencyDays", String(filter.maxRecencyDays));
    if (filter.minPAlive != null) params.set("filterMinPAlive", String(Math.round(filter.minPAlive * 100)));
  }
  return `/app/campaigns/new?${params.toString()}`;
}

const isSegmentKey = (value: string | null): value is RfmSegmentKey =>
  value !== null && (RFM_SEGMENT_KEYS as readonly string[]).includes(value);

/**
 * The audience a link asks for; null when it names none or something unknown (the form then starts empty
 * rather than at a segment the merchant did not choose). `?segment=<key>` alone (older links) is a segment.
 */
export function audienceFromSearchParams(params: URLSearchParams): Audience | null {
  const type = params.get("audienceType") ?? params.get("audience") ?? (params.has("segment") ? "segment" : null);
  if (type === "segment") {
    const segment = params.get("segment");
    return isSegmentKey(segment) ? { type: "segment", segment } : null;
  }
  if (type === "candidates") return { type: "candidates" };
  if (type === "filter") {
    const segments = params.getAll("filterSegments");
    if (!segments.every(isSegmentKey)) return null;
    const filter: AudienceFilter = {};
    if (segments.length) filter.segments = segments;
    const number = (name: string) => {
      const value = params.get(name);
      const parsed = Number(value);
      return value !== null && value !== "" && Number.isInteger(parsed) && parsed >= 0 ? parsed : undefined;
    };
    const minOrders = number("filterMinOrders");
    const maxRecencyDays = number("filterMaxRecencyDays");
    const minPAlivePercent = number("filterMinPAlive");
    if (minOrders !== undefined) filter.minOrders = minOrders;
    if (maxRecencyDays !== undefined) filter.maxRecencyDays = maxRecencyDays;
    if (minPAlivePercent !== undefined) filter.minPAlive = Math.min(1, minPAlivePercent / 100);
    return Object.keys(filter).length ? { type: "filter", filter } : null;
  }
  return null;
}

/** The dashboard's win-back suggestion: customers who were good and are slipping away. */
export const WIN_BACK_SEGMENTS = ["at_risk", "cant_lose_them"] as const;

/** Every place that offers "create campaign", with the audience it opens the form for. */
export const campaignEntryLinks = {
  /** dashboard → "What to do next" → win back the customers slipping away */
  winBack: newCampaignUrl({ type: "filter", filter: { segments: [...WIN_BACK_SEGMENTS] } }),
  /** segments page → a segment's row */
  segment: (segment: string) => newCampaignUrl({ type: "segment", segment }),
  /** loyalty page → future loyal customers */
  loyaltyCandidates: newCampaignUrl({ type: "candidates" }),
};
