import type { ShopProfile } from "../db/shops.server";
import { SHOP_PROFILE_QUERY } from "./operations/shop";
import { type AdminGraphql, runAdminQuery } from "./request-graphql.server";

/** Reads the shop's name, currency, time zone and email from the Admin API. */
export async function fetchShopProfile(graphql: AdminGraphql): Promise<ShopProfile> {
  const data = await runAdminQuery(graphql, SHOP_PROFILE_QUERY, {});
  return {
    name: data.shop.name,
    email: data.shop.email,
    currency: data.shop.currencyCode,
    timezone: data.shop.ianaTimezone,
    locale: "ja",
  };
}
