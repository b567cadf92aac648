import { z } from "zod";
import type { Db } from "../db/client.server";
import { setCustomerBirthDate } from "../db/customer-birth-date.server";
import { getShop, type ShopRef } from "../db/shops.server";
import { dayNumberFromIsoDate } from "../domain/time";
import type { MessageKey } from "../i18n/catalog";
import { parseForm } from "./parse-form";

/** A birth date more than this many years ago is a typo, not a customer. */
const OLDEST_YEARS = 120;

const isRealDate = (text: string) => {
  try {
    dayNumberFromIsoDate(text);
    return true;
  } catch {
    return false;
  }
};

/**
 * The birth date a merchant types on the customer page: a real calendar date (YYYY-MM-DD, so 2001-02-29 is
 * refused) before `today` (the shop's calendar day), at most 120 years back. Empty clears it.
 */
export function birthDateFormSchema(today: string) {
  const [year] = today.split("-");
  const oldest = `${String(Number(year) - OLDEST_YEARS).padStart(4, "0")}${today.slice(4)}`;
  return z.object({
    birthDate: z
      .string()
      .trim()
      .refine((text) => text === "" || isRealDate(text), { message: "journeys.errors.birthDate" satisfies MessageKey })
      .refine((text) => text === "" || !isRealDate(text) || text < today, {
        message: "journeys.errors.birthDateFuture" satisfies MessageKey,
      })
      .refine((text) => text === "" || !isRealDate(text) || text >= oldest, {
        message: "journeys.errors.birthDateTooOld" satisfies MessageKey,
      })
      .transform((text) => (text === "" ? null : text)),
  });
}

export type BirthDateResult =
  | { kind: "birthDate"; ok: true; birthDate: string | null }
  | { kind: "birthDate"; ok: false; error: MessageKey };

/** The customer page's birth date form: validated against the shop's calendar, then stored as Kizuna's copy. */
export async function saveBirthDate(
  client: Db,
  shop: ShopRef,
  customerId: bigint,
  form: FormData,
  now: Date,
): Promise<{ status: number; result: BirthDateResult }> {
  const { timezone } = await getShop(client, shop);
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: timezone }).format(now);
  const parsed = parseForm(birthDateFormSchema(today), form);
  if (!parsed.ok) {
    return {
      status: 400,
      result: { kind: "birthDate", ok: false, error: parsed.errors.birthDate ?? "journeys.errors.birthDate" },
    };
  }
  if (!(await setCustomerBirthDate(client, shop, customerId, parsed.data.birthDate)))
    throw new Response("Not found", { status: 404 });
  return { status: 200, result: { kind: "birthDate", ok: true, birthDate: parsed.data.birthDate } };
}
