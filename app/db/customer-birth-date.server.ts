import type { Db } from "./client.server";
import type { ShopRef } from "./shops.server";

/**
 * Kizuna's copy of a customer's birth date (YYYY-MM-DD), read from Shopify's `facts.birth_date` metafield by
 * the sync and editable on the customer page; birthday journeys read it. Saving it here changes nothing in Shopify.
 */
export async function customerBirthDate(client: Db, shop: ShopRef, customerId: bigint): Promise<string | null> {
  const row = await client.customer.findUnique({
    where: { shopId_id: { shopId: shop.id, id: customerId } },
    select: { birthDate: true },
  });
  return row?.birthDate ?? null;
}

/** Stores the birth date (null clears it). False when the shop has no such customer, or it was deleted. */
export async function setCustomerBirthDate(
  client: Db,
  shop: ShopRef,
  customerId: bigint,
  birthDate: string | null,
): Promise<boolean> {
  const { count } = await client.customer.updateMany({
    where: { shopId: shop.id, id: customerId, deletedAt: null },
    data: { birthDate },
  });
  return count > 0;
}
