import type { Customer, Order, Store } from "../store/model";
import { CUSTOMER_ID_BASE, customerIdFor, customerIndexOf } from "./ids";
import { catalogFor, discountsFor, generateStore, iterateStore, seedTruth } from "./generate";

/** Every id an object of the store carries, with what it is. */
function allIds(store: Store): Array<[number, string]> {
  const ids: Array<[number, string]> = [];
  for (const collection of store.collections.values()) ids.push([collection.id, "collection"]);
  for (const product of store.products.values()) {
    ids.push([product.id, "product"]);
    for (const variant of product.variants) ids.push([variant.id, "variant"]);
  }
  for (const discount of store.discounts.values()) {
    ids.push([discount.id, "discount"]);
    for (const code of discount.codes) ids.push([code.id, "redeem code"]);
  }
  for (const customer of store.customers.values()) ids.push([customer.id, "customer"]);
  for (const order of store.orders.values()) {
    ids.push([order.id, "order"]);
    for (const line of order.lineItems) ids.push([line.id, "line item"]);
    for (const refund of order.refunds) {
      ids.push([refund.id, "refund"]);
      for (const line of refund.refundLineItems) ids.push([line.id, "refund line item"]);
    }
  }
  return ids;
}

describe("generateStore", () => {
  const options = { seed: 20261101, customers: 400 };
  const store = generateStore(options);

  it("is deterministic: the same seed and options give a byte-identical store", () => {
    const again = generateStore(options);
    expect(again).toEqual(store);
    const serialise = (s: Store) =>
      JSON.stringify({
        ...s,
        customers: [...s.customers],
        orders: [...s.orders],
        products: [...s.products],
        collections: [...s.collections],
        discounts: [...s.discounts],
      });
    expect(serialise(again)).toBe(serialise(store));
  });

  it("differs for a different seed", () => {
    const other = generateStore({ ...options, seed: options.seed + 1 });
    expect([...other.customers.values()].map((c) => c.email)).not.toEqual([...store.customers.values()].map((c) => c.email));
    expect(other.orders.size).not.toBe(store.orders.size);
  });

  it("equals iterateStore collected", () => {
    const customers = new Map<number, Customer>();
    const orders = new Map<number, Order>();
    for (const { customer, orders: customerOrders } of iterateStore(options)) {
      customers.set(customer.id, customer);
      for (const order of customerOrders) orders.set(order.id, order);
    }
    expect(customers).toEqual(store.customers);
    expect(orders).toEqual(store.orders);
    const catalog = catalogFor(options);
    expect(catalog.products).toEqual([...store.products.values()]);
    expect(catalog.collections).toEqual([...store.collections.values()]);
    expect(seedTruth(options)).toEqual(store.truth);
  });

  it("makes a small store an exact prefix of a larger one (customer k never depends on the count)", () => {
    const small = generateStore({ ...options, customers: 150 });
    for (const [id, customer] of small.customers) expect(store.customers.get(id)).toEqual(customer);
    for (const [id, order] of small.orders) expect(store.orders.get(id)).toEqual(order);
    for (const [id, latent] of Object.entries(small.truth?.customers ?? {})) {
      expect(store.truth?.customers?.[Number(id)]).toEqual(latent);
    }
  });

  it("gives unique ids across every object type, within each customer's block, below nextId", () => {
    const ids = allIds(store);
    expect(new Set(ids.map(([id]) => id)).size).toBe(ids.length);
    for (const [id] of ids) {
      expect(Number.isSafeInteger(id)).toBe(true);
      expect(id).toBeLessThan(store.nextId);
    }
    for (const order of store.orders.values()) {
      expect(customerIndexOf(order.id)).toBe(customerIndexOf(order.customerId as number));
      for (const line of order.lineItems) expect(customerIndexOf(line.id)).toBe(customerIndexOf(order.id));
    }
    const catalogIds = ids.filter(([, kind]) => !["customer", "order", "line item", "refund", "refund line item"].includes(kind));
    for (const [id] of catalogIds) expect(id).toBeLessThan(CUSTOMER_ID_BASE);
    expect([...store.customers.keys()]).toEqual(Array.from({ length: 400 }, (_, k) => customerIdFor(k)));
  });

  it("names orders #1001… without gaps, each customer's orders in time order", () => {
    const orders = [...store.orders.values()];
    expect(orders.map((order) => order.name)).toEqual(orders.map((_, i) => `#${1001 + i}`));
    for (let i = 1; i < orders.length; i++) {
      if (orders[i].customerId === orders[i - 1].customerId) {
        expect(orders[i].createdAt).toBeGreaterThanOrEqual(orders[i - 1].createdAt);
      }
    }
  });

  it("counts discount-code usage and keeps the catalog realistic", () => {
    const used = new Map<string, number>();
    for (const order of store.orders.values()) for (const code of order.discountCodes) used.set(code, (used.get(code) ?? 0) + 1);
    for (const discount of store.discounts.values()) {
      for (const code of discount.codes) expect(code.asyncUsageCount).toBe(used.get(code.code) ?? 0);
    }
    expect([...used.keys()].every((code) => discountsFor(options).some((d) => d.codes[0].code === code))).toBe(true);
    expect(store.products.size).toBeGreaterThanOrEqual(60);
    expect(store.products.size).toBeLessThanOrEqual(200);
    const collectionIds = new Set(store.collections.keys());
    for (const product of store.products.values()) {
      expect(product.variants.length).toBeGreaterThan(0);
      for (const id of product.collectionIds) expect(collectionIds.has(id)).toBe(true);
      for (const variant of product.variants) expect(variant.price).toBeGreaterThan(0);
    }
    expect(store.shop).toMatchObject({
      domain: "kizuna-demo.myshopify.com",
      currency: "JPY",
      primaryLocale: "ja",
      countryCode: "JP",
    });
    expect(store.accessToken).toBe("shpat_emulator_demo_token");
    expect(store.now).toBe(Date.UTC(2026, 10, 1));
  });

  it("supports USD, EUR and GBP with two-digit minor units and English content", () => {
    for (const currency of ["USD", "EUR", "GBP"]) {
      const foreign = generateStore({ seed: 3, customers: 120, currency });
      expect(foreign.shop.currency).toBe(currency);
      expect(foreign.shop.primaryLocale).toBe("en");
      for (const product of foreign.products.values()) {
        expect(product.title).toMatch(/^[\x20-\x7e]+$/);
        for (const variant of product.variants) expect(variant.price % 100).toBe(99);
      }
      for (const order of foreign.orders.values()) expect(order.currency).toBe(currency);
    }
  });

  it("writes an English catalog and romanised Japanese addresses for a JPY shop with locale en", () => {
    const english = generateStore({ seed: 8, customers: 200, locale: "en" });
    expect(english.shop).toMatchObject({ currency: "JPY", primaryLocale: "en", countryCode: "JP" });
    for (const product of english.products.values()) expect(product.title).toMatch(/^[\x20-\x7e]+$/);
    const provinces = [...english.customers.values()].flatMap((c) => (c.defaultAddress ? [c.defaultAddress.province] : []));
    expect(provinces.length).toBeGreaterThan(100);
    expect(provinces.every((province) => /^[A-Za-z]+$/.test(province))).toBe(true);
  });

  it("rejects options a person can fix, with what to do", () => {
    expect(() => generateStore({ seed: 1, customers: 10, currency: "XYZ" })).toThrow(/use one of JPY, USD, EUR, GBP/);
    expect(() => generateStore({ seed: 1.5, customers: 10 })).toThrow(/safe integer/);
    expect(() => generateStore({ seed: 1, customers: 10, truth: { alpha: -1 } })).toThrow(/truth.alpha/);
  });
});
