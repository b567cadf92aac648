/**
 * Shopify ids are unsigned 64-bit integers, but Kizuna stores them in the databases' signed 64-bit columns
 * (BIGINT on PostgreSQL, INTEGER on SQLite): an id the column cannot hold is refused here, with its reason,
 * instead of failing the write. Shopify's ids are around 2^43 today.
 */
export const MAX_SHOPIFY_ID = 2n ** 63n - 1n;

/** The id a payload value stands for, or null when it is not a storable Shopify id. */
export function shopifyIdValue(value: unknown): bigint | null {
  let id: bigint;
  if (typeof value === "number") {
    // Ids above 2^53 arrive rounded as JSON numbers: the exact id is read from the gid where there is one.
    if (!Number.isInteger(value)) return null;
    id = BigInt(value);
  } else if (typeof value === "string" && /^\d{1,20}$/.test(value)) {
    id = BigInt(value);
  } else {
    return null;
  }
  return id >= 1n && id <= MAX_SHOPIFY_ID ? id : null;
}

/** The numeric part of a GraphQL id such as gid://shopify/Order/123, exactly; null when there is none. */
export function gidNumber(value: unknown): bigint | null {
  if (typeof value !== "string") return null;
  const match = /^gid:\/\/shopify\/[A-Za-z]+\/(\d{1,20})(?:\?.*)?$/.exec(value);
  return match ? shopifyIdValue(match[1]) : null;
}
