import { RFM_SEGMENT_KEYS, type RfmSegmentKey } from "../domain/rfm/segments";
import type { Translate } from "../i18n";

export function isSegmentKey(value: string | null | undefined): value is RfmSegmentKey {
  return (RFM_SEGMENT_KEYS as readonly string[]).includes(value ?? "");
}

/** A segment key ("cant_lose_them", or null / "none" for customers without a segment) in the admin's language. */
export function segmentName(t: Translate, segment: string | null): string {
  return isSegmentKey(segment) ? t(`segments.name.${segment}`) : t("segments.name.none");
}

export function segmentDescription(t: Translate, segment: RfmSegmentKey): string {
  return t(`segments.description.${segment}`);
}
