import type { MessageKey } from "../i18n/catalog";
import { gidNumber, shopifyIdValue } from "../domain/shopify-ids";

/**
 * The one reading of a customer id a route receives: the `:id` of /app/customers/:id (digits) or a
 * GraphQL id (gid://shopify/Customer/123). Anything else — letters, zero, a number beyond what the
 * database's 64-bit columns hold — is not a customer, with a message the merchant can read.
 */
export type CustomerIdResult = { ok: true; id: bigint } | { ok: false; error: MessageKey };

export function parseCustomerId(value: string | null | undefined): CustomerIdResult {
  const text = value?.trim() ?? "";
  const id = text.startsWith("gid://shopify/Customer/") ? gidNumber(text) : /^\d+$/.test(text) ? shopifyIdValue(text) : null;
  return id === null ? { ok: false, error: "forms.errors.customerId" } : { ok: true, id };
}

/** For loaders: the customer id of the route's params, or a 404 the app's error boundary shows. */
export function customerIdParam(params: { id?: string }): bigint {
  // A historical-only customer of a history import has a negative id (decision 029): its page opens too.
  if (/^-\d{1,16}$/.test(params.id ?? "")) return BigInt(params.id as string);
  const parsed = parseCustomerId(params.id);
  if (!parsed.ok) throw new Response("Not found", { status: 404 });
  return parsed.id;
}
