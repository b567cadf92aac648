import type { Order, Store } from "../store/model";
import { JAPANESE_PREFECTURES } from "./data/places";
import { generateStore } from "./generate";
import { expectedRepeatPurchases } from "./truth";

const DAY_MS = 86_400_000;

describe("a 20,000-customer store follows its true process", () => {
  let store: Store;
  const ordersByCustomer = new Map<number, Order[]>();

  beforeAll(() => {
    store = generateStore({ seed: 2026, customers: 20_000 });
    for (const order of store.orders.values()) {
      const id = order.customerId as number;
      const list = ordersByCustomer.get(id);
      if (list) list.push(order);
      else ordersByCustomer.set(id, [order]);
    }
  });

  it("has BG/NBD repeat purchases matching E[X(T)] over each customer's observation length", () => {
    const truth = store.truth;
    if (!truth) throw new Error("store has no truth");
    let observed = 0;
    let expected = 0;
    let observedZero = 0;
    let expectedZero = 0;
    for (const orders of ordersByCustomer.values()) {
      const T = (truth.endsAt - orders[0].createdAt) / DAY_MS;
      observed += orders.length - 1;
      expected += expectedRepeatPurchases(truth.bgnbd, T);
      if (orders.length === 1) observedZero++;
      // no dropout at t = 0, so X(T) = 0 exactly when no purchase falls in (0, T]: E[e^(−λT)] = (α/(α+T))^r
      expectedZero += (truth.bgnbd.alpha / (truth.bgnbd.alpha + T)) ** truth.bgnbd.r;
    }
    const buyers = ordersByCustomer.size;
    expect(buyers).toBeGreaterThan(17_000);
    expect(Math.abs(observed / expected - 1)).toBeLessThan(0.1);
    expect(Math.abs(observedZero / expectedZero - 1)).toBeLessThan(0.1);
    // 2–4 orders per customer on average
    expect(store.orders.size / store.customers.size).toBeGreaterThan(2);
    expect(store.orders.size / store.customers.size).toBeLessThan(4);
  });

  it("records latents consistent with the orders: deaths at an order, nobody buys after dying", () => {
    const latents = store.truth?.customers ?? {};
    expect(Object.keys(latents).length).toBe(ordersByCustomer.size);
    for (const [id, orders] of ordersByCustomer) {
      const latent = latents[id];
      if (latent.diedAt !== null) expect(orders[orders.length - 1].createdAt).toBe(latent.diedAt);
    }
  });

  it("has Gamma-Gamma spend: mean of drawn means ≈ p·v/(q−1), order values track them", () => {
    const { p, q, v } = store.truth?.gammaGamma ?? { p: 0, q: 0, v: 0 };
    const latents = Object.values(store.truth?.customers ?? {});
    const meanOfMeans = latents.reduce((sum, latent) => sum + latent.meanSpend, 0) / latents.length;
    expect(Math.abs(meanOfMeans / ((p * v) / (q - 1)) - 1)).toBeLessThan(0.03);
    let realised = 0;
    let drawn = 0;
    for (const [id, orders] of ordersByCustomer) {
      for (const order of orders) {
        realised += order.lineItems.reduce((sum, line) => sum + line.originalUnitPrice.shop * line.quantity, 0);
        drawn += store.truth?.customers?.[id].meanSpend ?? 0;
      }
    }
    expect(Math.abs(realised / drawn - 1)).toBeLessThan(0.1);
  });

  it("has co-purchase lift above 1.5 for every bundled pair", () => {
    const orders = [...store.orders.values()];
    const single = new Map<number, number>();
    const pairs = new Map<string, number>();
    for (const order of orders) {
      const products = [...new Set(order.lineItems.map((line) => line.productId as number))];
      for (const product of products) single.set(product, (single.get(product) ?? 0) + 1);
      for (const a of products) for (const b of products) if (a < b) pairs.set(`${a},${b}`, (pairs.get(`${a},${b}`) ?? 0) + 1);
    }
    let checked = 0;
    for (const group of store.truth?.affinityGroups ?? []) {
      for (const a of group.productIds) {
        for (const b of group.productIds) {
          if (a >= b) continue;
          const both = pairs.get(`${a},${b}`) ?? 0;
          const lift = (both * orders.length) / ((single.get(a) ?? 1) * (single.get(b) ?? 1));
          expect(lift, `lift of ${a} & ${b}`).toBeGreaterThan(1.5);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("makes customers whose first order has a loyalty driver repeat more", () => {
    const drivers = new Set((store.truth?.loyaltyDrivers ?? []).map((driver) => driver.productId));
    const repeats = { driver: [0, 0], other: [0, 0] };
    for (const orders of ordersByCustomer.values()) {
      const group = orders[0].lineItems.some((line) => drivers.has(line.productId as number)) ? repeats.driver : repeats.other;
      group[0] += orders.length - 1;
      group[1]++;
    }
    expect(repeats.driver[1]).toBeGreaterThan(1_000);
    expect(repeats.driver[0] / repeats.driver[1]).toBeGreaterThan(1.2 * (repeats.other[0] / repeats.other[1]));
  });

  it("looks like a Japanese shop's customer list", () => {
    const customers = [...store.customers.values()];
    const share = (predicate: (c: (typeof customers)[number]) => boolean) =>
      customers.filter(predicate).length / customers.length;
    expect(share((c) => !ordersByCustomer.has(c.id))).toBeGreaterThan(0.08);
    expect(share((c) => !ordersByCustomer.has(c.id))).toBeLessThan(0.12);
    expect(share((c) => /^[\u4e00-\u9fff々]+$/.test(c.lastName) && c.locale === "ja")).toBeGreaterThan(0.9);
    expect(share((c) => c.locale === "en" && /^[A-Z][a-z]+$/.test(c.firstName))).toBeGreaterThan(0.02);
    expect(new Set(customers.map((c) => c.lastName)).size).toBeGreaterThan(80);
    expect(share((c) => c.emailMarketing === "SUBSCRIBED")).toBeGreaterThan(0.4);
    expect(share((c) => c.emailMarketing === "SUBSCRIBED")).toBeLessThan(0.6);
    expect(share((c) => c.birthDate !== null)).toBeGreaterThan(0.25);
    expect(share((c) => c.birthDate !== null)).toBeLessThan(0.35);
    expect(share((c) => c.phone !== null)).toBeGreaterThan(0.25);

    const emails = customers.flatMap((c) => (c.email === null ? [] : [c.email]));
    expect(new Set(emails).size).toBe(emails.length);
    for (const email of emails) expect(email).toMatch(/^[a-z0-9._]+@example\.(jp|ne\.jp|co\.jp|com|net|org)$/);
    const phones = customers.flatMap((c) => (c.phone === null ? [] : [c.phone]));
    expect(new Set(phones).size).toBe(phones.length);
    for (const phone of phones) expect(phone).toMatch(/^\+81[789]0\d{8}$/);

    const byPrefecture = new Map<string, number>();
    for (const c of customers) {
      const address = c.defaultAddress;
      if (!address) continue;
      const prefecture = JAPANESE_PREFECTURES.find((p) => p.code === address.provinceCode);
      expect(prefecture, address.provinceCode).toBeDefined();
      expect([prefecture?.native, prefecture?.romaji]).toContain(address.province);
      expect(address.zip).toMatch(/^\d{3}-\d{4}$/);
      expect(address.countryCode).toBe("JP");
      byPrefecture.set(address.provinceCode, (byPrefecture.get(address.provinceCode) ?? 0) + 1);
    }
    const ranking = [...byPrefecture].sort((a, b) => b[1] - a[1]).map(([code]) => code);
    expect(ranking[0]).toBe("JP-13"); // Tokyo
    expect(ranking.slice(0, 4)).toEqual(expect.arrayContaining(["JP-14", "JP-27"])); // Kanagawa, Osaka
    expect(byPrefecture.size).toBe(47);
  });
});
