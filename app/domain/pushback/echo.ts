import type { CustomerRecord } from "../store-records";
import { RFM_SEGMENT_KEYS } from "../rfm/segments";
import { isCampaignGroupTag, segmentTag } from "./plan";

/**
 * Kizuna's push (tags and `$app:kizuna` metafields) comes back from Shopify as a customers/update webhook
 * per customer. Such an echo changes nothing Kizuna analyses; treating it as a change would mark the shop
 * stale and queue another recompute and push for every burst (decision 018).
 *
 * An update is an echo when every field but the tags (and Shopify's timestamps) is as stored, and the tags
 * differ only by Kizuna's: tags it added are in the last pushed state; tags it removed are segment tags
 * (prefix + segment key), which a merchant's own "kizuna:hand-picked" is not.
 */
export type StoredCustomerFields = Omit<CustomerRecord, "id" | "shopifyUpdatedAt" | "birthDate"> & { birthDate: string | null };

const COMPARED = [
  "firstName",
  "lastName",
  "email",
  "phone",
  "locale",
  "state",
  "emailMarketing",
  "smsMarketing",
  "city",
  "provinceCode",
  "countryCode",
] as const satisfies readonly (keyof StoredCustomerFields)[];

export function splitTags(tags: string): Set<string> {
  return new Set(
    tags
      .split(",")
      .map((tag) => tag.trim())
      .filter((tag) => tag.length > 0),
  );
}

export function isPushEcho(
  stored: StoredCustomerFields,
  incoming: CustomerRecord,
  pushedTags: readonly string[],
  tagPrefix: string,
): boolean {
  for (const field of COMPARED) if ((stored[field] ?? null) !== (incoming[field] ?? null)) return false;
  if (incoming.birthDate !== undefined && (incoming.birthDate ?? null) !== stored.birthDate) return false;
  if (stored.shopifyCreatedAt.getTime() !== incoming.shopifyCreatedAt.getTime()) return false;
  const before = splitTags(stored.tags);
  const after = splitTags(incoming.tags);
  const pushed = new Set(pushedTags);
  const segmentTags = new Set(RFM_SEGMENT_KEYS.map((key) => segmentTag(tagPrefix, key)));
  for (const tag of after) if (!before.has(tag) && !pushed.has(tag)) return false;
  for (const tag of before)
    if (!after.has(tag) && !pushed.has(tag) && !segmentTags.has(tag) && !isCampaignGroupTag(tag)) return false;
  return true;
}
