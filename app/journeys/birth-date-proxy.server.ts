import type { Db } from "../db/client.server";
import { getShop, type ShopRef } from "../db/shops.server";
import { registerBirthDateIfNone, storefrontCustomerBirthDate } from "../db/storefront-birth-date.server";
import { birthDateFormSchema } from "../forms/birth-date.server";
import { parseForm } from "../forms/parse-form";
import type { MessageKey } from "../i18n/catalog";

/*
 * The storefront birthday block (/apps/kizuna/birth-date). A signed-in customer registers a birth date once:
 * while Kizuna has none for them (from Shopify's facts.birth_date, the merchant or an earlier registration)
 * they may give one; after that the storefront only shows it, and a correction goes through the shop (the
 * customer page). Many Japanese shops work this way so that a changed date cannot claim a second birthday
 * coupon or bonus in the same year. The date is validated by the customer page's own rule.
 *
 * Answers carry a stable `error` code (the block shows its own translated text for it) and an English
 * `message` for whoever reads the network log.
 */

export interface BirthDateProxyAnswer {
  status: number;
  body: Record<string, unknown>;
}

export type BirthDateProxyError =
  | "REQUIRED"
  | "INVALID_DATE"
  | "FUTURE_DATE"
  | "TOO_OLD"
  | "ALREADY_REGISTERED"
  | "CUSTOMER_NOT_FOUND"
  | "CUSTOMER_DELETED";

const FORM_ERRORS: Partial<Record<MessageKey, BirthDateProxyError>> = {
  "journeys.errors.birthDateFuture": "FUTURE_DATE",
  "journeys.errors.birthDateTooOld": "TOO_OLD",
};

const MESSAGES: Record<BirthDateProxyError, string> = {
  REQUIRED: "Enter your date of birth.",
  INVALID_DATE: "Enter a real date as YYYY-MM-DD, e.g. 1990-04-15.",
  FUTURE_DATE: "The date of birth must be in the past.",
  TOO_OLD: "Check the year: the date is more than 120 years ago.",
  ALREADY_REGISTERED: "A birth date is already registered; ask the shop to correct it.",
  CUSTOMER_NOT_FOUND: "Your account is not in the shop's member list yet. Try again in a few minutes.",
  CUSTOMER_DELETED: "This account was deleted at the customer's request; no birth date is kept for it.",
};

const STATUS: Record<BirthDateProxyError, number> = {
  REQUIRED: 400,
  INVALID_DATE: 400,
  FUTURE_DATE: 400,
  TOO_OLD: 400,
  ALREADY_REGISTERED: 409,
  CUSTOMER_NOT_FOUND: 404,
  CUSTOMER_DELETED: 410,
};

function refusal(error: BirthDateProxyError, extra: Record<string, unknown> = {}): BirthDateProxyAnswer {
  return { status: STATUS[error], body: { error, message: MESSAGES[error], ...extra } };
}

function registered(birthDate: string | null): BirthDateProxyAnswer {
  return { status: 200, body: { birth_date: birthDate, can_register: birthDate === null } };
}

/** GET: the signed-in customer's stored birth date and whether they may still register one. */
export async function storefrontBirthDate(client: Db, shop: ShopRef, customerId: bigint): Promise<BirthDateProxyAnswer> {
  const state = await storefrontCustomerBirthDate(client, shop, customerId);
  if (state.kind === "missing") return refusal("CUSTOMER_NOT_FOUND");
  if (state.kind === "deleted") return refusal("CUSTOMER_DELETED");
  return registered(state.birthDate);
}

/**
 * POST: registers `value` (YYYY-MM-DD) for the signed-in customer if they have no birth date yet. Sending the
 * date that is already stored answers 200 (a retried request), any other 409 with the stored date.
 */
export async function registerStorefrontBirthDate(
  client: Db,
  shop: ShopRef,
  customerId: bigint,
  value: string,
  now: Date,
): Promise<BirthDateProxyAnswer> {
  const state = await storefrontCustomerBirthDate(client, shop, customerId);
  if (state.kind === "missing") return refusal("CUSTOMER_NOT_FOUND");
  if (state.kind === "deleted") return refusal("CUSTOMER_DELETED");

  const { timezone } = await getShop(client, shop);
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: timezone }).format(now);
  const parsed = parseForm(birthDateFormSchema(today), { birthDate: value });
  if (!parsed.ok) {
    const key = parsed.errors.birthDate;
    return refusal((key && FORM_ERRORS[key]) ?? "INVALID_DATE");
  }
  const birthDate = parsed.data.birthDate;
  if (birthDate === null) return refusal("REQUIRED");

  if (state.birthDate === null && (await registerBirthDateIfNone(client, shop, customerId, birthDate))) {
    return registered(birthDate);
  }
  // Someone (another tab, the sync, the merchant) stored a date first, or the customer went in between.
  const latest = await storefrontCustomerBirthDate(client, shop, customerId);
  if (latest.kind === "missing") return refusal("CUSTOMER_NOT_FOUND");
  if (latest.kind === "deleted") return refusal("CUSTOMER_DELETED");
  if (latest.birthDate === birthDate) return registered(birthDate);
  return refusal("ALREADY_REGISTERED", { birth_date: latest.birthDate, can_register: false });
}
