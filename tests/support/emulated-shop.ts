import { expect } from "vitest";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../emulator/index";
import { generateStore, type SeedOptions } from "../../emulator/seed/generate";
import type { Store } from "../../emulator/store/model";
import type { Db } from "../../app/db/client.server";
import { registerShop } from "../../app/db/shops.server";
import { sessionStorage } from "../../app/shopify.server";
import { adminClientFor } from "../../app/shopify/shop-client.server";
import { runBackfill } from "../../app/sync/backfill.server";
import { WEBHOOK_TOPICS } from "../../app/sync/webhook-payloads";
import type { WebhookFaults } from "../../emulator/webhooks/sender";
import { TEST_APP } from "./env";
import { startWebhookApp, type WebhookApp } from "./webhook-app";
import { offlineSession } from "./shopify-requests";

/**
 * A seeded store served by the emulator and installed in Kizuna the way a real install leaves it:
 * shop registered, offline session with the store's token. Admin API calls go to the emulator.
 */
export interface EmulatedShop {
  emulator: Emulator;
  store: Store;
  shop: { id: number; domain: string; currency: string };
  admin: Awaited<ReturnType<typeof adminClientFor>>;
}

export async function startEmulatedShop(
  client: Db,
  seed: SeedOptions,
  emulatorOptions: Omit<EmulatorOptions, "stores" | "port"> = {},
): Promise<EmulatedShop> {
  // Each test file shares one database: a shop per seed keeps tests apart.
  const store = generateStore({ shopDomain: `seed-${seed.seed}-${seed.customers}.myshopify.com`, ...seed });
  const emulator = await startEmulator({ port: 0, bulkStepMs: 10, ...emulatorOptions, stores: [store] });
  process.env.SHOPIFY_ADMIN_ORIGIN = emulator.url;
  const registered = await registerShop(client, store.shop.domain, {
    name: store.shop.name,
    currency: store.shop.currency,
    timezone: store.shop.ianaTimezone,
  });
  await sessionStorage.storeSession(offlineSession(store.shop.domain, store.accessToken));
  const shop = { id: registered.id, domain: registered.domain, currency: registered.currency };
  return { emulator, store: emulator.store(store.shop.domain), shop, admin: await adminClientFor(client, shop) };
}

/** What the emulator holds for a shop, summed the way Kizuna stores it. */
function storeFigures(store: Store) {
  const orders = [...store.orders.values()];
  const lineItems = orders.flatMap((order) => order.lineItems);
  const refunds = orders.flatMap((order) => order.refunds);
  const customers = [...store.customers.values()];
  return {
    customers: customers.length,
    orders: orders.length,
    lineItems: lineItems.length,
    refunds: refunds.length,
    orderTotal: orders.reduce((sum, order) => sum + order.total.shop, 0),
    orderSubtotal: orders.reduce((sum, order) => sum + order.subtotal.shop, 0),
    refunded: refunds.reduce((sum, refund) => sum + refund.totalRefunded.shop, 0),
    lineDiscounted: lineItems.reduce((sum, item) => sum + item.discountedTotal.shop, 0),
    quantity: lineItems.reduce((sum, item) => sum + item.quantity, 0),
    cancelled: orders.filter((order) => order.cancelledAt !== null).length,
  };
}

async function databaseFigures(client: Db, shopId: number) {
  const [customers, orders, lineItems, refunds, orderSums, refundSums, lineSums, cancelled] = await Promise.all([
    client.customer.count({ where: { shopId, deletedAt: null } }),
    client.order.count({ where: { shopId } }),
    client.lineItem.count({ where: { shopId } }),
    client.refund.count({ where: { shopId } }),
    client.order.aggregate({ where: { shopId }, _sum: { totalMinor: true, subtotalMinor: true } }),
    client.refund.aggregate({ where: { shopId }, _sum: { totalMinor: true } }),
    client.lineItem.aggregate({ where: { shopId }, _sum: { discountedTotalMinor: true, quantity: true } }),
    client.order.count({ where: { shopId, cancelledAt: { not: null } } }),
  ]);
  return {
    customers,
    orders,
    lineItems,
    refunds,
    orderTotal: orderSums._sum.totalMinor ?? 0,
    orderSubtotal: orderSums._sum.subtotalMinor ?? 0,
    refunded: refundSums._sum.totalMinor ?? 0,
    lineDiscounted: lineSums._sum.discountedTotalMinor ?? 0,
    quantity: lineSums._sum.quantity ?? 0,
    cancelled,
  };
}

/** Counts and money sums compared exactly, then every order and customer field by field. */
/**
 * The setup of the webhook pipeline tests: the app's webhook routes on a local port, and a seeded shop whose
 * emulator sends them the topics shopify.app.toml subscribes to (with `faults` if given), copied first through
 * the bulk backfill unless `backfill` is false.
 */
export async function startShopSendingWebhooks(
  client: Db,
  seed: SeedOptions,
  options: { backfill?: boolean; faults?: WebhookFaults } = {},
): Promise<{ app: WebhookApp; shop: EmulatedShop }> {
  const app = await startWebhookApp();
  const shop = await startEmulatedShop(client, seed, {
    webhooks: { appUrl: app.url, apiSecret: TEST_APP.apiSecret, topics: WEBHOOK_TOPICS, faults: options.faults },
  });
  if (options.backfill ?? true) await runBackfill(client, shop.shop, { admin: shop.admin, tickMs: 10, pollMs: 20 });
  return { app, shop };
}

export async function expectDatabaseMatchesStore(client: Db, shopId: number, store: Store): Promise<void> {
  expect(await databaseFigures(client, shopId)).toEqual(storeFigures(store));
  const orders = await client.order.findMany({ where: { shopId } });
  const byId = new Map(orders.map((order) => [order.id, order]));
  for (const order of store.orders.values()) {
    const stored = byId.get(BigInt(order.id));
    expect(stored, `order ${order.id}`).toBeDefined();
    expect({
      name: stored?.name,
      customerId: stored?.customerId,
      total: stored?.totalMinor,
      refunded: stored?.totalRefundedMinor,
      cancelled: stored?.cancelledAt?.getTime() ?? null,
      updatedAt: stored?.shopifyUpdatedAt.getTime(),
      discountCodes: stored?.discountCodes,
    }).toEqual({
      name: order.name,
      customerId: order.customerId === null ? null : BigInt(order.customerId),
      total: order.total.shop,
      refunded: order.refunds.reduce((sum, refund) => sum + refund.totalRefunded.shop, 0),
      cancelled: order.cancelledAt === null ? null : Math.floor(order.cancelledAt / 1000) * 1000,
      updatedAt: Math.floor(order.updatedAt / 1000) * 1000,
      discountCodes: order.discountCodes.join(","),
    });
  }
  const customers = await client.customer.findMany({ where: { shopId, deletedAt: null } });
  const customersById = new Map(customers.map((customer) => [customer.id, customer]));
  for (const customer of store.customers.values()) {
    const stored = customersById.get(BigInt(customer.id));
    expect(stored, `customer ${customer.id}`).toBeDefined();
    expect({ email: stored?.email, tags: stored?.tags, lastName: stored?.lastName, marketing: stored?.emailMarketing }).toEqual({
      email: customer.email,
      tags: customer.tags.join(", "),
      lastName: customer.lastName,
      // Shopify has no email consent for a customer without an email address.
      marketing: customer.email ? customer.emailMarketing : null,
    });
  }
}
