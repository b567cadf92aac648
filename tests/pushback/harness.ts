import { type Emulator, startEmulator } from "../../emulator/index";
import { generateStore } from "../../emulator/seed/generate";
import type { Store } from "../../emulator/store/model";
import { db } from "../../app/db/client.server";
import { registerShop, type ShopRef } from "../../app/db/shops.server";
import { sessionStorage } from "../../app/shopify.server";
import type { AdminClient } from "../../app/shopify/admin-client.server";
import { adminClientFor } from "../../app/shopify/shop-client.server";
import { offlineSession } from "../support/shopify-requests";

/**
 * A seeded emulator shop registered in Kizuna's database, with its customers and orders copied as rows
 * (no sync run: these tests don't depend on the pipeline) and an Admin client pointed at the emulator.
 */
export interface ShopHarness {
  emulator: Emulator;
  store: Store;
  shop: ShopRef;
  admin: AdminClient;
  customerIds: bigint[];
  stop(): Promise<void>;
}

export async function startShopHarness(options: {
  customers: number;
  seed?: number;
  copyOrders?: boolean;
}): Promise<ShopHarness> {
  const store = generateStore({ seed: options.seed ?? 7, customers: options.customers });
  const emulator = await startEmulator({ port: 0, stores: [store], bulkStepMs: 5 });
  process.env.SHOPIFY_ADMIN_ORIGIN = emulator.url;
  const client = db();
  const domain = store.shop.domain;
  const record = await registerShop(client, domain, {
    name: store.shop.name,
    currency: store.shop.currency,
    timezone: store.shop.ianaTimezone,
  });
  const shop = { id: record.id, domain };
  await sessionStorage.storeSession(offlineSession(domain, store.accessToken));
  const customerIds: bigint[] = [];
  for (const customer of store.customers.values()) {
    customerIds.push(BigInt(customer.id));
    await client.customer.upsert({
      where: { shopId_id: { shopId: shop.id, id: BigInt(customer.id) } },
      create: {
        shopId: shop.id,
        id: BigInt(customer.id),
        firstName: customer.firstName,
        lastName: customer.lastName,
        email: customer.email,
        tags: customer.tags.join(", "),
        shopifyCreatedAt: new Date(customer.createdAt),
        shopifyUpdatedAt: new Date(customer.updatedAt),
      },
      update: {},
    });
  }
  const admin = await adminClientFor(client, shop, { backoffMs: 5 });
  return {
    emulator,
    store,
    shop,
    admin,
    customerIds,
    async stop() {
      await emulator.stop();
    },
  };
}

/** A CustomerMetrics row as the recompute writes it, with the fields push-back and campaigns read. */
export async function writeMetrics(
  shop: ShopRef,
  customerId: bigint,
  fields: {
    segment: string;
    rfm?: [number, number, number];
    predictedClv12mMinor?: number | null;
    pAlive?: number | null;
    futureLoyalScore?: number | null;
  },
): Promise<void> {
  const [r, f, m] = fields.rfm ?? [3, 3, 3];
  const data = {
    computedAt: new Date("2026-03-01T00:00:00Z"),
    ordersCount: f,
    netSpendMinor: m * 10_000,
    aovMinor: 5000,
    rScore: r,
    fScore: f,
    mScore: m,
    segment: fields.segment,
    pAlive: fields.pAlive ?? null,
    predictedClv12mMinor: fields.predictedClv12mMinor ?? null,
    futureLoyalScore: fields.futureLoyalScore ?? null,
  };
  await db().customerMetrics.upsert({
    where: { shopId_customerId: { shopId: shop.id, customerId } },
    create: { shopId: shop.id, customerId, ...data },
    update: data,
  });
}

export function gidOf(customerId: bigint): string {
  return `gid://shopify/Customer/${customerId}`;
}
