import { parseShopSettings, type ShopSettings, shopSettingsSchema } from "../domain/settings/shop-settings";
import type { Db } from "./client.server";
import type { ShopRef } from "./shops.server";

export async function getShopSettings(client: Db, shop: ShopRef): Promise<ShopSettings> {
  const record = await client.shop.findUniqueOrThrow({ where: { id: shop.id }, select: { settings: true } });
  return parseShopSettings(record.settings);
}

/**
 * Replaces one section of the settings. The caller validated the form already (its own zod errors go back
 * to the merchant); this validates again so nothing invalid is ever stored.
 */
export async function updateShopSettings<K extends keyof ShopSettings>(
  client: Db,
  shop: ShopRef,
  key: K,
  value: ShopSettings[K],
): Promise<ShopSettings> {
  const current = await getShopSettings(client, shop);
  const next = shopSettingsSchema.parse({ ...current, [key]: value });
  await client.shop.update({ where: { id: shop.id }, data: { settings: JSON.stringify(next) } });
  return next;
}
