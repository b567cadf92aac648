import { z } from "zod";
import { gidNumber, shopifyIdValue } from "../domain/shopify-ids";

/**
 * The values every Shopify payload is made of — ids, timestamps, money — validated the same way whether they
 * come from a webhook body, a bulk export line or a reconciliation page, so nothing implausible is stored.
 */

// The id rules are pure and used by the admin pages too: they live in app/domain, without zod.
export { gidNumber, MAX_SHOPIFY_ID, shopifyIdValue } from "../domain/shopify-ids";

const ID_MESSAGE = "must be a Shopify id: a whole number from 1 to 9223372036854775807";

// The schemas below only check (no transforms): a zod pipe per field more than doubled the cost of reading a
// bulk line. The record builders convert checked values with `idOf` and `new Date`.

/** A numeric id as REST bodies carry it (number or digits). */
export const ShopifyId = z.union([z.number(), z.string()]).refine((value) => shopifyIdValue(value) !== null, ID_MESSAGE);

/** The exact id of a value `ShopifyId` accepted. */
export function idOf(value: number | string): bigint {
  const id = shopifyIdValue(value);
  if (id === null) throw new TypeError(`${value} ${ID_MESSAGE}`);
  return id;
}

/** The exact id of a gid `gidOf`/`AnyGid` accepted. */
export function gidId(gid: string): bigint {
  const id = gidNumber(gid);
  if (id === null) throw new TypeError(`${gid} is not a Shopify GraphQL id`);
  return id;
}

/** A GraphQL id of one type (gid://shopify/Customer/123) whose number is a storable id. */
export function gidOf(type: string) {
  const prefix = `gid://shopify/${type}/`;
  return z
    .string()
    .refine(
      (value) => value.startsWith(prefix) && gidNumber(value) !== null,
      `must be a ${type} id (${prefix}<number up to 9223372036854775807>)`,
    );
}

/** Any Shopify GraphQL id (admin_graphql_api_id of a REST body) whose number is a storable id. */
export const AnyGid = z
  .string()
  .refine(
    (value) => gidNumber(value) !== null,
    "must be a Shopify GraphQL id (gid://shopify/<Type>/<number up to 9223372036854775807>)",
  );

/**
 * The plausible range of a Shopify timestamp: nothing Kizuna reads predates 2000, and the upper bound is a
 * fixed far year so the schema stays pure; `isAfterReceipt` compares with the time a delivery arrived.
 */
export const EARLIEST_TIMESTAMP = new Date("2000-01-01T00:00:00Z");
export const LATEST_TIMESTAMP = new Date("2100-01-01T00:00:00Z");
/** How far a timestamp may lie after the moment the delivery was received (clock skew between Shopify and us). */
export const FUTURE_TOLERANCE_MS = 24 * 60 * 60_000;

const earliest = EARLIEST_TIMESTAMP.getTime();
const latest = LATEST_TIMESTAMP.getTime();

/** An ISO 8601 date-time with a zone (Z or ±hh:mm) inside the plausible range. */
export const Timestamp = z.iso
  .datetime({ offset: true, error: "must be an ISO 8601 date-time with a time zone" })
  .refine((value) => {
    const at = Date.parse(value);
    return at >= earliest && at < latest;
  }, "must be a date between 2000 and 2099");

/** True when `at` lies later after `receivedAt` than clock skew explains. */
export function isAfterReceipt(at: Date, receivedAt: Date): boolean {
  return at.getTime() > receivedAt.getTime() + FUTURE_TOLERANCE_MS;
}

/**
 * A money amount as Shopify sends it: a decimal string ("1500", "15.50"), sometimes a JSON number. Amounts
 * Kizuna reads (prices, totals, discounts, refunds) are never negative. The currency's decimals are checked
 * when the amount is converted to minor units (domain/money).
 */
const DECIMAL = /^\d{1,15}(\.\d{1,6})?$/;
export const Money = z
  .union([z.string(), z.number()])
  .refine(
    (value) => DECIMAL.test(typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value.trim()),
    "must be a non-negative decimal amount such as 1500 or 15.00",
  );

/** What a failed zod parse says, one line: "field.path message; …". */
export function describeIssues(error: z.ZodError, what: string): string {
  return error.issues.map((issue) => `${issue.path.join(".") || what} ${issue.message}`).join("; ");
}
