/** Helpers for the emulator's own tests: small hand-built stores, a GraphQL client and a webhook receiver. */
import { type IncomingHttpHeaders, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Emulator } from "../index";
import type { Customer, LineItem, Order, Product, Store } from "../store/model";

export interface TinyStoreOptions {
  customers?: number;
  ordersPerCustomer?: number;
  token?: string;
  domain?: string;
  currency?: string;
  /** epoch ms of the first customer; each next one a day later */
  start?: number;
}

const DAY = 86_400_000;

/** A deterministic little shop: 2 products, customers with 0..n orders, some refunds. */
export function tinyStore(options: TinyStoreOptions = {}): Store {
  const currency = options.currency ?? "JPY";
  const start = options.start ?? Date.UTC(2025, 0, 1);
  let nextId = 1000;
  const id = () => nextId++;
  const products = new Map<number, Product>();
  for (const [title, price] of [
    ["緑茶", 1200],
    ["湯呑み", 3500],
  ] as const) {
    const productId = id();
    products.set(productId, {
      id: productId,
      title,
      handle: `p-${productId}`,
      productType: "Tea",
      vendor: "Kizuna",
      tags: [],
      collectionIds: [],
      variants: [
        {
          id: id(),
          productId,
          title: "Default Title",
          sku: `SKU-${productId}`,
          price: currency === "JPY" ? price : (price * 100) / 100,
        },
      ],
      createdAt: start,
      updatedAt: start,
    });
  }
  const customers = new Map<number, Customer>();
  const orders = new Map<number, Order>();
  let orderNumber = 1001;
  const variants = [...products.values()].flatMap((p) => p.variants);
  const count = options.customers ?? 5;
  for (let i = 0; i < count; i++) {
    const created = start + i * DAY;
    const customer: Customer = {
      id: id(),
      firstName: `Taro${i}`,
      lastName: "Yamada",
      email: `taro${i}@example.jp`,
      phone: i % 2 ? `+8190000000${i % 10}` : null,
      locale: "ja",
      note: null,
      tags: i % 3 === 0 ? ["vip"] : [],
      emailMarketing: i % 2 ? "SUBSCRIBED" : "NOT_SUBSCRIBED",
      smsMarketing: "NOT_SUBSCRIBED",
      birthDate: i % 4 === 0 ? "1990-04-0" + ((i % 9) + 1) : null,
      defaultAddress: {
        firstName: `Taro${i}`,
        lastName: "Yamada",
        address1: "1-1 Chiyoda",
        city: "千代田区",
        province: "東京都",
        provinceCode: "JP-13",
        zip: "100-0001",
        country: "Japan",
        countryCode: "JP",
      },
      verifiedEmail: true,
      state: "ENABLED",
      createdAt: created,
      updatedAt: created + (i % 3) * DAY * 30,
      metafields: [],
    };
    customers.set(customer.id, customer);
    const n = options.ordersPerCustomer ?? i % 3;
    for (let k = 0; k < n; k++) {
      const processed = created + (k + 1) * 7 * DAY;
      const lineItems: LineItem[] = variants.slice(0, 1 + ((i + k) % 2)).map((v, j) => {
        const quantity = 1 + ((i + j) % 3);
        const gross = v.price * quantity;
        const discount = k === 1 ? Math.round(gross * 0.1) : 0;
        return {
          id: id(),
          productId: v.productId,
          variantId: v.id,
          title: products.get(v.productId)?.title ?? "",
          variantTitle: null,
          sku: v.sku,
          quantity,
          originalUnitPrice: { shop: v.price, presentment: v.price },
          discountedTotal: { shop: gross - discount, presentment: gross - discount },
          totalDiscount: { shop: discount, presentment: discount },
        };
      });
      const subtotal = lineItems.reduce((s, li) => s + li.discountedTotal.shop, 0);
      const discount = lineItems.reduce((s, li) => s + li.totalDiscount.shop, 0);
      const shipping = 500;
      const order: Order = {
        id: id(),
        name: `#${orderNumber++}`,
        customerId: customer.id,
        email: customer.email,
        createdAt: processed,
        processedAt: processed,
        updatedAt: processed + DAY,
        cancelledAt: null,
        cancelReason: null,
        closedAt: null,
        currency,
        presentmentCurrency: currency,
        financialStatus: "PAID",
        fulfillmentStatus: "FULFILLED",
        sourceName: "web",
        tags: [],
        discountCodes: k === 1 ? ["WELCOME10"] : [],
        subtotal: { shop: subtotal, presentment: subtotal },
        totalDiscounts: { shop: discount, presentment: discount },
        totalShipping: { shop: shipping, presentment: shipping },
        totalTax: { shop: 0, presentment: 0 },
        total: { shop: subtotal + shipping, presentment: subtotal + shipping },
        shippingAddress: customer.defaultAddress,
        lineItems,
        refunds: [],
        test: false,
      };
      if ((i + k) % 4 === 1) {
        const li = lineItems[0];
        const amount = Math.round(li.discountedTotal.shop / li.quantity);
        order.refunds.push({
          id: id(),
          orderId: order.id,
          createdAt: processed + 2 * DAY,
          note: "damaged",
          totalRefunded: { shop: amount, presentment: amount },
          refundLineItems: [{ id: id(), lineItemId: li.id, quantity: 1, subtotal: { shop: amount, presentment: amount } }],
        });
        order.financialStatus = "PARTIALLY_REFUNDED";
      }
      orders.set(order.id, order);
    }
  }
  return {
    shop: {
      domain: options.domain ?? "kizuna-test.myshopify.com",
      name: "Kizuna Test",
      email: "owner@example.jp",
      currency,
      ianaTimezone: "Asia/Tokyo",
      primaryLocale: "ja",
      countryCode: "JP",
      plan: "Basic",
    },
    accessToken: options.token ?? "shpat_test",
    customers,
    orders,
    products,
    collections: new Map(),
    discounts: new Map(),
    truth: null,
    now: start + 400 * DAY,
    nextId,
  };
}

export interface GraphQLResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test convenience
  body: any;
}

export async function gql(
  emulator: Emulator,
  token: string | null,
  query: string,
  variables?: Record<string, unknown>,
  operationName?: string,
): Promise<GraphQLResponse> {
  const response = await fetch(emulator.graphqlUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { "X-Shopify-Access-Token": token } : {}) },
    body: JSON.stringify({ query, variables, operationName }),
  });
  return { status: response.status, body: await response.json() };
}

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local app endpoint collecting webhooks; `respond` decides the status per request. */
export async function webhookReceiver(respond: (hook: ReceivedWebhook, index: number) => number = () => 200) {
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const hook = { path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(hook);
      res.writeHead(respond(hook, received.length - 1));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
