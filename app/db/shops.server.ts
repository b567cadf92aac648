import type { Shop } from "@prisma/client";
import type { Db } from "./client.server";
import { secretBox, sessionSecretContext } from "./encryption.server";

/** A shop as every shop-scoped data-access function receives it: its internal id and domain. */
export interface ShopRef {
  id: number;
  domain: string;
}

export interface ShopProfile {
  name: string;
  email: string | null;
  currency: string;
  timezone: string;
  locale: string;
}

/** Creates the shop on first install, or marks it installed again; the profile comes from Shopify's `shop` query. */
export async function registerShop(client: Db, domain: string, profile?: Partial<ShopProfile>): Promise<Shop> {
  return client.shop.upsert({
    where: { domain },
    create: { domain, ...profile, installState: "installed" },
    update: { ...profile, installState: "installed", uninstalledAt: null },
  });
}

/**
 * The shop of an authenticated admin request (authenticate.admin found its session, so it was installed
 * through afterAuth → registerShop). Never call it for a webhook: a delivery must not create a shop
 * (decision 007); intake uses `shopForDelivery`.
 */
export async function ensureShop(client: Db, domain: string): Promise<ShopRef> {
  const existing = await client.shop.findUnique({ where: { domain }, select: { id: true, domain: true } });
  if (existing) return existing;
  return client.shop.upsert({
    where: { domain },
    create: { domain },
    update: {},
    select: { id: true, domain: true },
  });
}

/** install states: "installed", "uninstalled" (app/uninstalled), "erased" (shop/redact left a tombstone) */
export interface DeliveryShop extends ShopRef {
  installState: string;
  currency: string;
}

/** The shop a verified webhook names, as it is now; null when Kizuna never saw it installed. Creates nothing. */
export async function shopForDelivery(client: Db, domain: string): Promise<DeliveryShop | null> {
  return client.shop.findUnique({
    where: { domain },
    select: { id: true, domain: true, installState: true, currency: true },
  });
}

export async function findShop(client: Db, domain: string): Promise<Shop | null> {
  return client.shop.findUnique({ where: { domain } });
}

export async function getShop(client: Db, shop: ShopRef): Promise<Shop> {
  return client.shop.findUniqueOrThrow({ where: { id: shop.id } });
}

export async function markShopUninstalled(client: Db, shop: ShopRef, at: Date): Promise<void> {
  await client.$transaction([
    client.session.deleteMany({ where: { shop: shop.domain } }),
    client.shop.update({ where: { id: shop.id }, data: { installState: "uninstalled", uninstalledAt: at } }),
  ]);
}

/** Records that customers or orders changed, so the analytics job knows its results are stale. */
export async function markShopDataChanged(client: Db, shop: ShopRef, at: Date): Promise<void> {
  await client.shop.update({ where: { id: shop.id }, data: { dataChangedAt: at } });
}

/** The offline access token stored at install, used by background jobs to call the Admin API. */
export async function offlineAccessToken(client: Db, shop: ShopRef): Promise<string | null> {
  const session = await client.session.findFirst({
    where: { shop: shop.domain, isOnline: false },
    select: { id: true, accessToken: true },
  });
  // Sealed at rest (decision 011); a row stored before encryption is still plain text and opens as it is.
  return session?.accessToken ? secretBox().open(session.accessToken, sessionSecretContext("accessToken", session.id)) : null;
}
