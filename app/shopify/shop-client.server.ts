import type { Db } from "../db/client.server";
import { offlineAccessToken, type ShopRef } from "../db/shops.server";
import { AdminClient, type AdminClientOptions } from "./admin-client.server";

export class ShopNotConnectedError extends Error {
  override name = "ShopNotConnectedError";
}

/** The Admin API client for a shop's background work, with the offline token stored at install. */
export async function adminClientFor(
  client: Db,
  shop: ShopRef,
  options: Omit<AdminClientOptions, "shopDomain" | "accessToken"> = {},
): Promise<AdminClient> {
  const accessToken = await offlineAccessToken(client, shop);
  if (!accessToken) {
    throw new ShopNotConnectedError(
      `${shop.domain} has no offline access token: open Kizuna from the shop's admin to reinstall it`,
    );
  }
  return new AdminClient({ shopDomain: shop.domain, accessToken, ...options });
}
