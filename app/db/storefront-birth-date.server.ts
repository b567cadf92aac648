import type { Db } from "./client.server";
import type { ShopRef } from "./shops.server";

/** What the storefront may know about a signed-in customer's row in Kizuna's copy. */
export type StorefrontCustomerBirthDate =
  | { kind: "missing" }
  | { kind: "deleted" }
  | { kind: "present"; birthDate: string | null };

export async function storefrontCustomerBirthDate(
  client: Db,
  shop: ShopRef,
  customerId: bigint,
): Promise<StorefrontCustomerBirthDate> {
  const row = await client.customer.findUnique({
    where: { shopId_id: { shopId: shop.id, id: customerId } },
    select: { birthDate: true, deletedAt: true },
  });
  if (!row) return { kind: "missing" };
  if (row.deletedAt) return { kind: "deleted" };
  return { kind: "present", birthDate: row.birthDate };
}

/**
 * Stores the birth date a customer gave on the storefront, only while none is stored (from Shopify, the
 * merchant or an earlier registration): one conditional UPDATE, so two requests at once store one date.
 * False when nothing was written (a date is already there, or the customer is unknown or deleted).
 */
export async function registerBirthDateIfNone(
  client: Db,
  shop: ShopRef,
  customerId: bigint,
  birthDate: string,
): Promise<boolean> {
  const { count } = await client.customer.updateMany({
    where: { shopId: shop.id, id: customerId, deletedAt: null, birthDate: null },
    data: { birthDate },
  });
  return count > 0;
}
