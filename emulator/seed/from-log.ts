/**
 * A store seeded from a real transaction log instead of the generator: the `customer_id,date,amount` log
 * `kizuna clv-fit` reads (CDNOW) or the UCI Online Retail invoice lines. Backfill, webhooks, analytics,
 * push-back and points then run on data no one here generated. The file is read by the history import's own
 * parser (app/domain/import), so the emulator and an import agree on what a row means.
 */
import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import { type ImportedOrder, OrderAssembler } from "../../app/domain/import/orders";
import { PRESETS, resolveMapping, suggestPreset } from "../../app/domain/import/presets";
import { currencyDecimals } from "../../app/domain/money";
import { utcOffsetFunction } from "../../app/domain/time";
import type { CurrencyCode, Customer, MoneyBag, Order, Store } from "../store/model";
import { CURRENCY_PROFILES, DAY_MS } from "./options";

export interface LogSeedOptions {
  /** transaction-log | online-retail; suggested from the header when absent */
  format?: "transaction-log" | "online-retail";
  /** the currency the amounts are in (default USD for a transaction log, GBP for Online Retail) */
  currency?: string;
  shopDomain?: string;
  accessToken?: string;
  /** years added to every date (default: whole 28-year cycles bringing a log from before 2000 into 2000 or later) */
  shiftYears?: number;
  /** the store's "now" (default: the day after the last order) */
  now?: number;
}

const money = (minor: number): MoneyBag => ({ shop: minor, presentment: minor });

export async function storeFromLog(file: string, options: LogSeedOptions = {}): Promise<Store> {
  const input = createReadStream(file).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true }));
  let header: string[] | null = null;
  const orders: ImportedOrder[] = [];
  let assembler: OrderAssembler | null = null;
  let currency = options.currency ?? "USD";
  const problems: string[] = [];
  for await (const { record, info } of input as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (!header) {
      header = record;
      const format = options.format ?? suggestPreset(header);
      if (format !== "transaction-log" && format !== "online-retail") {
        throw new Error(`${file}: not a transaction log (customer_id,date,amount) or an Online Retail file`);
      }
      currency = options.currency ?? (format === "online-retail" ? "GBP" : "USD");
      const profile = CURRENCY_PROFILES[currency] ?? CURRENCY_PROFILES.USD;
      const preset = PRESETS[format];
      assembler = new OrderAssembler(
        {
          preset,
          mapping: resolveMapping(preset, header),
          decimals: currencyDecimals(currency),
          offsetAt: utcOffsetFunction(profile.ianaTimezone),
          nowMs: Number.POSITIVE_INFINITY,
        },
        {
          order: (order) => orders.push(order),
          problem: (problem) => problems.push(`line ${problem.line}: ${problem.code}`),
          skipped: () => undefined,
        },
      );
      continue;
    }
    assembler?.add(record, info.lines);
  }
  assembler?.finish();
  if (problems.length > 0)
    throw new Error(`${file}: ${problems.length} rows cannot be read (${problems.slice(0, 3).join("; ")})`);
  if (orders.length === 0) throw new Error(`${file}: no orders`);
  orders.sort((a, b) => a.processedAtMs - b.processedAtMs);
  // Shopify has no orders before 2000 (Kizuna's sync refuses such dates): an older log (CDNOW, 1997) moves forward
  // by whole 28-year cycles, which keep every weekday and leap day where it was.
  const firstYear = new Date(orders[0].processedAtMs).getUTCFullYear();
  const shiftYears = options.shiftYears ?? (firstYear < 2000 ? Math.ceil((2000 - firstYear) / 28) * 28 : 0);
  if (shiftYears !== 0) {
    for (const order of orders) {
      const at = new Date(order.processedAtMs);
      at.setUTCFullYear(at.getUTCFullYear() + shiftYears);
      order.processedAtMs = at.getTime();
    }
  }

  const profile = CURRENCY_PROFILES[currency] ?? CURRENCY_PROFILES.USD;
  let nextId = 1_000_000_000;
  const customers = new Map<number, Customer>();
  const customerIdByKey = new Map<string, number>();
  const storeOrders = new Map<number, Order>();
  for (const [index, imported] of orders.entries()) {
    let customerId = customerIdByKey.get(imported.customer.key);
    const sourceId = imported.customer.sourceId ?? imported.customer.key;
    const email = imported.customer.email ?? `customer-${sourceId.replace(/[^\w.-]/g, "")}@example.com`;
    if (customerId === undefined) {
      customerId = nextId++;
      customerIdByKey.set(imported.customer.key, customerId);
      customers.set(customerId, {
        id: customerId,
        firstName: imported.customer.firstName ?? "Customer",
        lastName: imported.customer.lastName ?? sourceId,
        email,
        phone: imported.customer.phone,
        locale: "en",
        note: null,
        tags: [],
        emailMarketing: "NOT_SUBSCRIBED",
        smsMarketing: "NOT_SUBSCRIBED",
        birthDate: null,
        defaultAddress: null,
        verifiedEmail: true,
        state: "ENABLED",
        createdAt: imported.processedAtMs,
        updatedAt: imported.processedAtMs,
        metafields: [],
      });
    }
    const customer = customers.get(customerId) as Customer;
    customer.updatedAt = imported.processedAtMs;
    const id = nextId++;
    const lines =
      imported.lineItems.length > 0
        ? imported.lineItems
        : [{ title: "Purchase", quantity: 1, unitPriceMinor: imported.totalMinor, totalMinor: imported.totalMinor }];
    storeOrders.set(id, {
      id,
      name: `#${1001 + index}`,
      customerId,
      email,
      createdAt: imported.processedAtMs,
      processedAt: imported.processedAtMs,
      updatedAt: imported.processedAtMs,
      cancelledAt: null,
      cancelReason: null,
      closedAt: imported.processedAtMs,
      currency: currency as CurrencyCode,
      presentmentCurrency: currency as CurrencyCode,
      financialStatus: "PAID",
      fulfillmentStatus: "FULFILLED",
      sourceName: "web",
      tags: [],
      discountCodes: [],
      subtotal: money(imported.totalMinor),
      totalDiscounts: money(0),
      totalShipping: money(0),
      totalTax: money(0),
      total: money(imported.totalMinor),
      shippingAddress: null,
      lineItems: lines.map((line) => ({
        id: nextId++,
        productId: null,
        variantId: null,
        title: line.title,
        variantTitle: null,
        sku: null,
        quantity: line.quantity,
        originalUnitPrice: money(line.unitPriceMinor),
        discountedTotal: money(line.totalMinor),
        totalDiscount: money(0),
      })),
      refunds: [],
      test: false,
      taxesIncluded: profile.taxesIncluded,
    });
  }
  const last = orders[orders.length - 1].processedAtMs;
  return {
    shop: {
      domain: options.shopDomain ?? "kizuna-demo.myshopify.com",
      name: "Kizuna Log Store",
      email: "shop@example.com",
      currency: currency as CurrencyCode,
      ianaTimezone: profile.ianaTimezone,
      primaryLocale: "en",
      countryCode: profile.country,
      plan: "shopify",
      taxesIncluded: profile.taxesIncluded,
    },
    accessToken: options.accessToken ?? "shpat_emulator_demo_token",
    customers,
    orders: storeOrders,
    products: new Map(),
    collections: new Map(),
    discounts: new Map(),
    truth: null,
    now: options.now ?? (Math.floor(last / DAY_MS) + 1) * DAY_MS,
    nextId,
  };
}
