import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { registerShop } from "../../app/db/shops.server";
import { sessionStorage } from "../../app/shopify.server";
import { adminClientFor } from "../../app/shopify/shop-client.server";
import { runBackfill } from "../../app/sync/backfill.server";
import { type Emulator, startEmulator } from "../../emulator/index";
import { storeFromLog } from "../../emulator/seed/from-log";
import { offlineSession } from "../support/shopify-requests";

/**
 * The emulator seeded from real logs instead of the generator: CDNOW's transaction log and a sample of UCI
 * Online Retail become stores whose customers and orders Kizuna backfills through the real bulk export.
 */
const DATA = path.join(__dirname, "../data");
const emulators: Emulator[] = [];
afterAll(async () => {
  for (const emulator of emulators) await emulator.stop();
});

async function backfillFrom(store: Awaited<ReturnType<typeof storeFromLog>>) {
  const emulator = await startEmulator({ port: 0, bulkStepMs: 5, stores: [store] });
  emulators.push(emulator);
  process.env.SHOPIFY_ADMIN_ORIGIN = emulator.url;
  const record = await registerShop(db(), store.shop.domain, {
    currency: store.shop.currency,
    timezone: store.shop.ianaTimezone,
  });
  await sessionStorage.storeSession(offlineSession(store.shop.domain, store.accessToken));
  const shop = { id: record.id, domain: record.domain, currency: record.currency };
  await runBackfill(db(), shop, { admin: await adminClientFor(db(), shop, { backoffMs: 5 }) });
  return shop;
}

it("backfills the store seeded from CDNOW: every customer, purchase and dollar", async () => {
  const store = await storeFromLog(path.join(DATA, "cdnow/cdnow_sample_transactions.csv"), {
    shopDomain: "cdnow-log.myshopify.com",
  });
  expect(store.customers.size).toBe(2357);
  expect(store.orders.size).toBe(6919);
  // 1997-01-01 … 1998-06-30 moved forward 28 years (same weekdays): Shopify has no orders before 2000
  expect(new Date(Math.min(...[...store.orders.values()].map((order) => order.processedAt))).toISOString()).toBe(
    "2025-01-01T05:00:00.000Z",
  );
  expect(new Date(store.now).toISOString()).toBe("2026-07-01T00:00:00.000Z");
  const shop = await backfillFrom(store);
  expect(await db().customer.count({ where: { shopId: shop.id } })).toBe(2357);
  expect(await db().order.count({ where: { shopId: shop.id } })).toBe(6919);
  const total = await db().order.aggregate({ where: { shopId: shop.id }, _sum: { totalMinor: true } });
  const inStore = [...store.orders.values()].reduce((sum, order) => sum + order.total.shop, 0);
  expect(total._sum.totalMinor).toBe(inStore);
}, 240_000);

it("backfills the store seeded from the Online Retail sample: invoices as orders, cancellations and guests left out", async () => {
  const store = await storeFromLog(path.join(DATA, "online-retail/online_retail_sample.csv"), {
    shopDomain: "online-retail-log.myshopify.com",
  });
  expect(store.shop.currency).toBe("GBP");
  const shop = await backfillFrom(store);
  expect(await db().order.count({ where: { shopId: shop.id } })).toBe(store.orders.size);
  expect(await db().lineItem.count({ where: { shopId: shop.id } })).toBe(
    [...store.orders.values()].reduce((sum, order) => sum + order.lineItems.length, 0),
  );
  // the first invoice of the file: 536365, 7 lines, customer 17850
  const first = [...store.orders.values()][0];
  expect(first.lineItems).toHaveLength(7);
  expect(first.total.shop).toBe(15_30 + 20_34 + 22_00 + 20_34 + 20_34 + 15_30 + 25_50);
});
