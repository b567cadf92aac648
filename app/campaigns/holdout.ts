/**
 * The hold-out group: a share of a campaign's eligible customers kept out of it, so the campaign's effect
 * can be measured against them. Random but reproducible: customers are ranked by a hash of (campaign id,
 * customer id) and the lowest-ranked `share` of them are held out. The same campaign and audience always
 * give the same groups, and the share is exact (rounded), never left to chance.
 */

/** 64-bit FNV-1a of a string, as a fraction in [0, 1). */
export function holdoutHash(campaignId: number, customerId: bigint): number {
  let hash = 0xcbf29ce484222325n;
  const text = `${campaignId}:${customerId}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  // murmur3's fmix64 finaliser spreads the short, similar inputs over the whole range
  hash ^= hash >> 33n;
  hash = (hash * 0xff51afd7ed558ccdn) & 0xffffffffffffffffn;
  hash ^= hash >> 33n;
  hash = (hash * 0xc4ceb9fe1a85ec53n) & 0xffffffffffffffffn;
  hash ^= hash >> 33n;
  return Number(hash >> 11n) / 2 ** 53;
}

export interface HoldoutSplit {
  treatment: bigint[];
  holdout: bigint[];
}

export function assignHoldout(campaignId: number, customerIds: readonly bigint[], share: number): HoldoutSplit {
  const unique = [...new Set(customerIds)];
  const ranked = unique
    .map((customerId) => ({ customerId, rank: holdoutHash(campaignId, customerId) }))
    .sort((a, b) => a.rank - b.rank || (a.customerId < b.customerId ? -1 : 1));
  const holdoutCount = expectedHoldout(ranked.length, share);
  const holdout = new Set(ranked.slice(0, holdoutCount).map((entry) => entry.customerId));
  return {
    treatment: unique.filter((id) => !holdout.has(id)),
    holdout: unique.filter((id) => holdout.has(id)),
  };
}

/** How many of `customers` distinct customers a share holds out (what the form announces before creating). */
export function expectedHoldout(customers: number, share: number): number {
  const wanted = Math.round(Math.min(1, Math.max(0, Number.isFinite(share) ? share : 0)) * customers);
  // at least one treated customer: a campaign nobody can use measures nothing
  return Math.min(wanted, Math.max(0, customers - 1));
}
