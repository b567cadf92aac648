import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startEmulator } from "../../../emulator/index";
import { generateStore } from "../../../emulator/seed/generate";
import { projectRoot } from "../../../scripts/database-url.mjs";
import { WEBHOOK_TOPICS } from "../../sync/webhook-payloads";
import type { CommandIo } from "../io";
import { progressPrinter } from "../progress";

/**
 * The demo: a seeded store in the local Shopify emulator, installed in Kizuna the way a real install
 * leaves it (shop + offline session with the store's token), copied by the real backfill, analysed, pushed
 * back, and the app served — then the URL that opens it through the real embedded-auth path.
 */
const DEMO = {
  apiKey: "kizuna-demo-api-key",
  apiSecret: "kizuna-demo-api-secret-change-me",
  shop: "kizuna-demo.myshopify.com",
};

export async function run(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: "string", default: process.env.PORT ?? "3000" },
      "emulator-port": { type: "string", default: "4010" },
      customers: { type: "string", default: "5000" },
      seed: { type: "string", default: "42" },
      currency: { type: "string", default: "JPY" },
      locale: { type: "string", default: "ja" },
    },
  });
  const port = Number(values.port);
  const appUrl = `http://localhost:${port}`;
  process.env.SHOPIFY_API_KEY ??= DEMO.apiKey;
  process.env.SHOPIFY_API_SECRET ??= DEMO.apiSecret;
  process.env.SHOPIFY_APP_URL ??= appUrl;
  process.env.PORT = String(port);
  process.env.HOST ??= "127.0.0.1";
  process.env.DATABASE_URL ??= `file:${path.join(projectRoot, "data/demo.db")}`;

  if (!existsSync(path.join(projectRoot, "build/index.js"))) {
    io.stdout("Building the app…");
    const build = spawnSync("npx", ["remix", "build"], { cwd: projectRoot, stdio: "inherit" });
    if (build.status !== 0) return 1;
  }
  const migrate = await import("./migrate");
  if ((await migrate.run([], io)) !== 0) return 1;

  io.stdout(`Seeding a store of ${values.customers} customers (seed ${values.seed})…`);
  // The store's history ends now (to the hour), so the first analysis and the ones the worker runs later,
  // as orders arrive, measure recency from the same present.
  const store = generateStore({
    now: Math.floor(Date.now() / 3_600_000) * 3_600_000,
    seed: Number(values.seed),
    customers: Number(values.customers),
    currency: values.currency,
    shopDomain: DEMO.shop,
    locale: values.locale === "en" ? "en" : "ja",
  });
  const emulator = await startEmulator({
    port: Number(values["emulator-port"]),
    stores: [store],
    webhooks: { appUrl: `http://127.0.0.1:${port}`, apiSecret: process.env.SHOPIFY_API_SECRET, topics: WEBHOOK_TOPICS },
  });
  process.env.SHOPIFY_ADMIN_ORIGIN = emulator.url;
  io.stdout(`Shopify emulator: ${emulator.url} (${store.orders.size.toLocaleString("en")} orders)`);

  // Imported after the environment is set: these modules read it on first use.
  const { db } = await import("../../db/client.server");
  const { registerShop } = await import("../../db/shops.server");
  const { runBackfill } = await import("../../sync/backfill.server");
  const { adminClientFor } = await import("../../sync/shop-client.server");
  const { recomputeShopAnalytics } = await import("../../analytics/recompute.server");
  const { pushToShopify } = await import("../../pushback/push.server");
  const { signSessionToken, embeddedAppUrl } = await import("../../shopify/session-token");

  const client = db();
  const registered = await registerShop(client, store.shop.domain, {
    name: store.shop.name,
    email: store.shop.email,
    currency: store.shop.currency,
    timezone: store.shop.ianaTimezone,
    locale: store.shop.primaryLocale,
  });
  await client.session.upsert({
    where: { id: `offline_${store.shop.domain}` },
    create: {
      id: `offline_${store.shop.domain}`,
      shop: store.shop.domain,
      state: "installed",
      isOnline: false,
      accessToken: store.accessToken,
      scope:
        process.env.SCOPES ??
        "read_customers,write_customers,read_orders,read_all_orders,read_products,read_discounts,write_discounts",
    },
    update: { accessToken: store.accessToken },
  });
  const shop = { id: registered.id, domain: registered.domain, currency: registered.currency };
  const admin = await adminClientFor(client, shop);

  const progress = progressPrinter(io);
  await runBackfill(client, shop, { admin, tickMs: 100, pollMs: 250, onProgress: progress.update });
  await recomputeShopAnalytics(client, shop, { now: new Date(), onProgress: progress.update });
  await pushToShopify(client, shop, admin);
  progress.done();

  const serve = await import("./serve");
  const serving = serve.run([], io);
  const token = signSessionToken({
    shopDomain: store.shop.domain,
    apiKey: process.env.SHOPIFY_API_KEY,
    apiSecret: process.env.SHOPIFY_API_SECRET,
    ttlSeconds: 24 * 3600,
  });
  io.stdout(
    [
      "",
      "Kizuna demo is running. Open this URL in a browser (it signs in as the shop's staff, valid 24 hours):",
      "",
      `  ${embeddedAppUrl(appUrl, store.shop.domain, token, values.locale)}`,
      "",
      `Change the store while it runs: POST ${emulator.url}/_emulator/createOrder {"customerId": …} (see emulator/README.md).`,
      "Ctrl-C stops the demo.",
    ].join("\n"),
  );
  const code = await serving;
  await emulator.stop();
  return code;
}
