/**
 * Server time of each admin page at 100,000 customers.
 *
 *   npx tsx bench/pages.ts [--customers 100000] [--runs 30]
 *
 * Seeds a fresh SQLite database (the project's migrations) with customers, their CustomerMetrics, a few
 * orders, an analysis summary and webhook events, then calls each page's loader directly with an
 * authenticated embedded-admin request — session-token check included, as in the route tests — and records
 * p50 / p95 per page in bench/results/pages.json. The target is 300 ms per page.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { TEST_APP } from "../tests/support/env";
import { createTestDatabase } from "../tests/support/test-database";

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

const customerCount = Number(argument("customers", "100000"));
const runs = Number(argument("runs", "30"));

process.env.SHOPIFY_API_KEY = TEST_APP.apiKey;
process.env.SHOPIFY_API_SECRET = TEST_APP.apiSecret;
process.env.SHOPIFY_APP_URL = TEST_APP.appUrl;
process.env.SCOPES = TEST_APP.scopes;
process.env.KIZUNA_WORKER = "off";
const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;

// App modules read the environment on first use: import them only now.
const { db, tuneDatabase } = await import("../app/db/client.server");
const { registerShop } = await import("../app/db/shops.server");
const { upsertRows } = await import("../app/db/upsert.server");
const { sessionStorage } = await import("../app/shopify.server");
const { RFM_SEGMENT_KEYS } = await import("../app/domain/rfm/segments");
const { buildSummary, seedAnalyticsResult } = await import("../tests/support/seed-analytics");
const { embeddedAdminRequest, offlineSession, TEST_SHOP } = await import("../tests/support/shopify-requests");
const routes = {
  dashboard: await import("../app/routes/app._index"),
  customers: await import("../app/routes/app.customers._index"),
  customer: await import("../app/routes/app.customers.$id"),
  segments: await import("../app/routes/app.segments"),
  loyalty: await import("../app/routes/app.loyalty"),
  settings: await import("../app/routes/app.settings"),
  sync: await import("../app/routes/app.sync"),
  exportCsv: await import("../app/routes/app.customers.export"),
};

const client = db();
await tuneDatabase(client);

// ------------------------------------------------------------------ seed

let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};

const seedStarted = performance.now();
const shop = await registerShop(client, TEST_SHOP, { name: "Bench shop", currency: "JPY", timezone: "Asia/Tokyo" });
// A second shop with data, so every query really has to filter by shop.
const otherShop = await registerShop(client, "bench-other.myshopify.com", { currency: "JPY" });
await sessionStorage.storeSession(offlineSession());

const now = Date.UTC(2026, 1, 1);
const day = 86_400_000;
const ID_BASE = 7_000_000_000_000;
const BATCH = 10_000;
const lastNames = ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kato"];
for (const target of [shop, otherShop]) {
  const count = target === shop ? customerCount : Math.round(customerCount / 10);
  const base = target === shop ? ID_BASE : ID_BASE * 2;
  for (let start = 0; start < count; start += BATCH) {
    const customers = [];
    const metrics = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const id = BigInt(base + i);
      const orders = random() < 0.15 ? 0 : 1 + Math.floor(-Math.log(random()) * 1.5);
      const created = new Date(now - Math.floor(random() * 1_000) * day);
      customers.push({
        shopId: target.id,
        id,
        firstName: `Customer${i}`,
        lastName: lastNames[i % lastNames.length],
        email: `customer${i}@example.jp`,
        tags: "",
        shopifyCreatedAt: created,
        shopifyUpdatedAt: created,
        syncedAt: created,
      });
      const spend = orders * (2_000 + Math.floor(random() * 8_000));
      const last = orders ? new Date(now - Math.floor(random() * 900) * day) : null;
      const pAlive = orders ? random() : null;
      metrics.push({
        shopId: target.id,
        customerId: id,
        computedAt: new Date(now),
        ordersCount: orders,
        netSpendMinor: spend,
        aovMinor: orders ? Math.round(spend / orders) : 0,
        firstOrderAt: last,
        lastOrderAt: last,
        recencyDays: last ? Math.round((now - last.getTime()) / day) : null,
        rScore: orders ? 1 + Math.floor(random() * 5) : 0,
        fScore: orders ? 1 + Math.floor(random() * 5) : 0,
        mScore: orders ? 1 + Math.floor(random() * 5) : 0,
        segment: orders ? RFM_SEGMENT_KEYS[Math.floor(random() * RFM_SEGMENT_KEYS.length)] : "none",
        pAlive,
        expectedPurchases30: orders ? random() : null,
        expectedPurchases90: orders ? random() * 2 : null,
        expectedPurchases365: orders ? random() * 5 : null,
        expectedAovMinor: orders ? Math.round(spend / orders) : null,
        predictedClv12mMinor: orders && random() < 0.7 ? Math.floor(random() * 40_000) : null,
        isLoyal: orders >= 4,
        futureLoyalScore: orders && orders < 4 && random() < 0.02 ? random() * 3 : null,
        futureLoyalReasons: null as string | null,
      });
      const last_ = metrics[metrics.length - 1];
      if (last_.futureLoyalScore !== null) {
        last_.futureLoyalReasons = JSON.stringify([{ kind: "trait", trait: "first_product", value: "9001", lift: 2.1 }]);
      }
    }
    await upsertRows(client, { table: "Customer", key: ["shopId", "id"], update: [] }, customers);
    await upsertRows(client, { table: "CustomerMetrics", key: ["shopId", "customerId"], update: [] }, metrics);
  }
}
// One customer with a long history for the customer page.
const profileId = BigInt(ID_BASE + 17);
const orders = [];
const lineItems = [];
for (let k = 0; k < 60; k++) {
  const at = new Date(now - k * 9 * day);
  const orderId = BigInt(ID_BASE * 3 + k);
  orders.push({
    shopId: shop.id,
    id: orderId,
    name: `#${5000 + k}`,
    customerId: profileId,
    shopifyCreatedAt: at,
    processedAt: at,
    shopifyUpdatedAt: at,
    currency: "JPY",
    presentmentCurrency: "JPY",
    tags: "",
    discountCodes: k % 5 ? "" : "WELCOME10",
    subtotalMinor: 5000,
    totalMinor: 5500,
    presentmentTotalMinor: 5500,
    test: false,
    syncedAt: at,
  });
  for (let l = 0; l < 3; l++) {
    lineItems.push({
      shopId: shop.id,
      id: BigInt(ID_BASE * 4 + k * 10 + l),
      orderId,
      title: `Tea ${l}`,
      quantity: 1,
      originalUnitPriceMinor: 1800,
      discountedTotalMinor: 1800,
      totalDiscountMinor: 0,
    });
  }
}
await upsertRows(client, { table: "Order", key: ["shopId", "id"], update: [] }, orders);
await upsertRows(client, { table: "LineItem", key: ["shopId", "id"], update: [] }, lineItems);
const firstResult = await seedAnalyticsResult(client, shop, { computedAt: new Date(now - 7 * day) });
const summary = buildSummary();
await seedAnalyticsResult(client, shop, {
  computedAt: new Date(now),
  summary: {
    ...summary,
    cohorts: {
      ...summary.cohorts,
      cohorts: Array.from({ length: 24 }, (_, m) => ({
        month: `${2024 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`,
        customers: 4000,
        retention: Array.from({ length: 24 - m }, (_, k) => (k === 0 ? 1 : 0.3 / k)),
        returningCustomers: Array.from({ length: 24 - m }, (_, k) => (k === 0 ? 4000 : Math.round(1200 / k))),
        revenueMinor: Array.from({ length: 24 - m }, () => 1_000_000),
        inProgressMonth: 23 - m,
      })),
    },
  },
});
const events = [];
for (let i = 0; i < 5_000; i++) {
  events.push({
    shopId: shop.id,
    webhookId: `bench-${i}`,
    topic: "orders/create",
    payload: "{}",
    status: i % 50 === 0 ? "parked" : i % 7 === 0 ? "pending" : "applied",
    attempts: 0,
    receivedAt: new Date(now - i * 60_000),
    nextAttemptAt: new Date(now),
    lastError: i % 50 === 0 ? "Bench error" : null,
  });
}
await upsertRows(client, { table: "WebhookEvent", key: ["shopId", "webhookId"], update: [] }, events);
await client.syncRun.create({ data: { shopId: shop.id, kind: "backfill", status: "completed", rowsDone: customerCount } });
await client.$executeRawUnsafe("ANALYZE");
const seedSeconds = (performance.now() - seedStarted) / 1000;
console.log(`seeded ${customerCount} customers in ${seedSeconds.toFixed(1)} s (analyses ${firstResult}…)`);

// ------------------------------------------------------------------ measure

type Loader = (args: { request: Request; params: Record<string, string>; context: {} }) => Promise<unknown>;

// A cursor deep into the list, to show page 1,000 costs what page 1 costs.
const deep = (await routes.customers.loader({
  request: await embeddedAdminRequest("/app/customers?sort=historic_ltv"),
  params: {},
  context: {},
})) as { next: string | null };
let deepCursor = deep.next;
for (let page = 0; page < 40 && deepCursor; page++) {
  const next = (await routes.customers.loader({
    request: await embeddedAdminRequest(`/app/customers?sort=historic_ltv&after=${deepCursor}`),
    params: {},
    context: {},
  })) as { next: string | null };
  deepCursor = next.next;
}

const pages: Array<{ name: string; path: string; loader: Loader; params?: Record<string, string> }> = [
  { name: "dashboard", path: "/app", loader: routes.dashboard.loader as Loader },
  { name: "customers (last order)", path: "/app/customers", loader: routes.customers.loader as Loader },
  { name: "customers (predicted CLV)", path: "/app/customers?sort=predicted_clv", loader: routes.customers.loader as Loader },
  {
    name: "customers (page 41, historic LTV)",
    path: `/app/customers?sort=historic_ltv&after=${deepCursor}`,
    loader: routes.customers.loader as Loader,
  },
  {
    name: "customers (segment + P(alive) + spend filter)",
    path: "/app/customers?segment=at_risk&pAliveBand=high&minSpend=5000&sort=historic_ltv",
    loader: routes.customers.loader as Loader,
  },
  { name: "customers (search name)", path: "/app/customers?query=customer4242", loader: routes.customers.loader as Loader },
  { name: "customers (search, no match)", path: "/app/customers?query=zzzz", loader: routes.customers.loader as Loader },
  {
    name: "customer",
    path: `/app/customers/${profileId}`,
    loader: routes.customer.loader as Loader,
    params: { id: String(profileId) },
  },
  { name: "segments", path: "/app/segments", loader: routes.segments.loader as Loader },
  { name: "loyalty", path: "/app/loyalty", loader: routes.loyalty.loader as Loader },
  { name: "settings", path: "/app/settings", loader: routes.settings.loader as Loader },
  { name: "sync health", path: "/app/sync", loader: routes.sync.loader as Loader },
];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const round = (ms: number) => Math.round(ms * 10) / 10;
const results: Record<string, { p50Ms: number; p95Ms: number; maxMs: number }> = {};
for (const page of pages) {
  const times: number[] = [];
  for (let run = 0; run < runs + 3; run++) {
    const request = await embeddedAdminRequest(page.path);
    const started = performance.now();
    await page.loader({ request, params: page.params ?? {}, context: {} });
    const elapsed = performance.now() - started;
    if (run >= 3) times.push(elapsed); // the first runs warm the caches
  }
  times.sort((a, b) => a - b);
  results[page.name] = {
    p50Ms: round(percentile(times, 50)),
    p95Ms: round(percentile(times, 95)),
    maxMs: round(times[times.length - 1]),
  };
  console.log(`${page.name.padEnd(48)} p50 ${results[page.name].p50Ms} ms  p95 ${results[page.name].p95Ms} ms`);
}

// The CSV export streams every customer; memory must stay flat.
const exportStarted = performance.now();
const rssBefore = process.memoryUsage().rss;
let peakRss = rssBefore;
const response = (await routes.exportCsv.loader({
  request: await embeddedAdminRequest("/app/customers/export?sort=historic_ltv"),
  params: {},
  context: {},
})) as Response;
let bytes = 0;
const reader = response.body!.getReader();
for (;;) {
  const { done, value } = await reader.read();
  if (done) break;
  bytes += value.byteLength;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
const exportSeconds = (performance.now() - exportStarted) / 1000;
console.log(`CSV export of ${customerCount} customers: ${exportSeconds.toFixed(2)} s, ${(bytes / 1e6).toFixed(1)} MB`);

const here = dirname(fileURLToPath(import.meta.url));
const file = `${here}/results/pages.json`;
mkdirSync(dirname(file), { recursive: true });
let previous: Record<string, unknown> = {};
try {
  previous = JSON.parse(readFileSync(file, "utf8"));
} catch {
  previous = {};
}
previous[String(customerCount)] = {
  customers: customerCount,
  runs,
  database: "sqlite",
  node: process.version,
  measuredAt: new Date().toISOString(),
  targetMs: 300,
  seedSeconds: Math.round(seedSeconds * 10) / 10,
  pages: results,
  allUnderTarget: Object.values(results).every((r) => r.p95Ms < 300),
  csvExport: {
    seconds: Math.round(exportSeconds * 100) / 100,
    megabytes: Math.round(bytes / 1e5) / 10,
    rssGrowthMb: Math.round((peakRss - rssBefore) / 1e5) / 10,
  },
};
writeFileSync(file, `${JSON.stringify(previous, null, 2)}\n`);
await client.$disconnect();
await database.drop();
