import type { Db } from "../../app/db/client.server";
import { registerShop, type ShopRef } from "../../app/db/shops.server";

/**
 * A shop with a few customers and orders written straight to the database, for data-access tests
 * that need rows but not a whole sync. Ids are offset per shop so rows of two shops never collide by accident.
 */
export async function seedShopRows(client: Db, domain: string, options: { customers: number; idBase: number }): Promise<ShopRef> {
  const shop = await registerShop(client, domain, { name: domain, currency: "JPY", timezone: "Asia/Tokyo" });
  const at = new Date("2026-01-15T00:00:00Z");
  for (let index = 0; index < options.customers; index++) {
    const customerId = BigInt(options.idBase + index);
    await client.customer.create({
      data: {
        shopId: shop.id,
        id: customerId,
        firstName: `First${index}`,
        lastName: domain,
        email: `c${index}@${domain}.example.jp`,
        shopifyCreatedAt: at,
        shopifyUpdatedAt: at,
      },
    });
    await client.order.create({
      data: {
        shopId: shop.id,
        id: BigInt(options.idBase + 10_000 + index),
        name: `#${1001 + index}`,
        customerId,
        shopifyCreatedAt: at,
        processedAt: at,
        shopifyUpdatedAt: at,
        currency: "JPY",
        presentmentCurrency: "JPY",
        subtotalMinor: 5000,
        totalMinor: 5500,
        presentmentTotalMinor: 5500,
      },
    });
  }
  await client.session.create({
    data: { id: `offline_${domain}`, shop: domain, state: "installed", isOnline: false, accessToken: `token-of-${domain}` },
  });
  return { id: shop.id, domain: shop.domain };
}
