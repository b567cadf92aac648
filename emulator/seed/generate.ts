/**
 * Deterministic generator of realistic seeded Shopify stores for the Admin emulator, tests and the demo.
 *
 * Determinism: every customer k draws from its own streams keyed by (seed, k) — process.ts (BG/NBD and
 * Gamma-Gamma draws), customer.ts (profile) and orders.ts (baskets, codes, refunds) — and owns the id block
 * described in ids.ts. Customer k's data therefore does not depend on how many customers are generated; the
 * only carried state is the order-name counter (#1001, #1002, … in generation order), which depends on the
 * customers before k only. A store of N customers is exactly a prefix of a store of M > N customers.
 *
 * `generateStore` is `iterateStore` collected into a Store, plus the catalog, discounts (with usage counts),
 * the shop and the truth.
 */

import type { Customer, Order, SeedTruth, Shop, Store } from "../store/model";
import { type CatalogContext, buildCatalog } from "./catalog";
import { generateCustomer } from "./customer";
import { IdCounter, customerIdFor, nextIdAfter } from "./ids";
import { DAY_MS, type ResolvedOptions, type SeedOptions, resolveOptions } from "./options";
import { orderContext, realizeOrders } from "./orders";
import { type CustomerProcess, simulateCustomer } from "./process";
import { TRUTH_CUSTOMER_LIMIT, buildTruth } from "./truth";

export { catalogFor, discountsFor } from "./catalog";
export type { SeedOptions } from "./options";
export { expectedRepeatPurchases, seedTruth } from "./truth";

export const FIRST_ORDER_NUMBER = 1001;

interface GeneratedCustomer {
  customer: Customer;
  orders: Order[];
  process: CustomerProcess;
}

function* generateCustomers(options: ResolvedOptions, catalog: CatalogContext): Generator<GeneratedCustomer> {
  const ctx = orderContext(options, catalog);
  let orderNumber = FIRST_ORDER_NUMBER;
  for (let index = 0; index < options.customers; index++) {
    const process = simulateCustomer(options, index);
    const id = customerIdFor(index);
    const firstSeenAt = options.startsAt + Math.floor(process.acquiredAt * DAY_MS);
    const lastPurchase = process.buyer ? process.purchases[process.purchases.length - 1] : process.acquiredAt;
    const customer = generateCustomer(options, index, id, {
      firstSeenAt,
      buyer: process.buyer,
      orderCount: process.purchases.length,
      lastActivityAt: options.startsAt + Math.floor(lastPurchase * DAY_MS),
    });
    const orders = realizeOrders(ctx, process, customer, new IdCounter(id + 1), orderNumber);
    orderNumber += orders.length;
    yield { customer, orders, process };
  }
}

/** Streams the store customer by customer in constant memory; the same data generateStore holds. */
export function* iterateStore(options: SeedOptions): Generator<{ customer: Customer; orders: Order[] }> {
  const resolved = resolveOptions(options);
  for (const { customer, orders } of generateCustomers(resolved, buildCatalog(resolved))) {
    yield { customer, orders };
  }
}

export function shopFor(options: ResolvedOptions): Shop {
  const ja = options.locale === "ja";
  return {
    domain: options.shopDomain,
    name: ja ? "絆 和のくらし" : "Kizuna Japanese Living",
    email: ja ? "shop@example.jp" : "shop@example.com",
    currency: options.currency.code,
    ianaTimezone: options.currency.ianaTimezone,
    primaryLocale: options.locale,
    countryCode: options.currency.country,
    plan: "shopify",
    taxesIncluded: options.currency.taxesIncluded,
  };
}

/** The whole store in memory (meant for up to ~50k customers; stream larger ones with iterateStore). */
export function generateStore(options: SeedOptions): Store {
  const resolved = resolveOptions(options);
  const catalog = buildCatalog(resolved);
  const customers = new Map<number, Customer>();
  const orders = new Map<number, Order>();
  const processes: CustomerProcess[] = [];
  const keepProcesses = resolved.customers <= TRUTH_CUSTOMER_LIMIT;
  const usage = new Map<string, number>();

  for (const generated of generateCustomers(resolved, catalog)) {
    customers.set(generated.customer.id, generated.customer);
    for (const order of generated.orders) {
      orders.set(order.id, order);
      for (const code of order.discountCodes) usage.set(code, (usage.get(code) ?? 0) + 1);
    }
    if (keepProcesses) processes.push(generated.process);
  }

  const discounts = new Map(catalog.discounts.map((discount) => [discount.id, discount]));
  for (const discount of discounts.values()) {
    for (const code of discount.codes) code.asyncUsageCount = usage.get(code.code) ?? 0;
  }
  const truth: SeedTruth = buildTruth(resolved, catalog, keepProcesses ? processes : null);

  return {
    shop: shopFor(resolved),
    accessToken: resolved.accessToken,
    customers,
    orders,
    products: new Map(catalog.products.map((entry) => [entry.product.id, entry.product])),
    collections: new Map(catalog.collections.map((collection) => [collection.id, collection])),
    discounts,
    truth,
    now: resolved.now,
    nextId: nextIdAfter(resolved.customers),
  };
}
