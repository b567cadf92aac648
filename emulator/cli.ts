/**
 * npm run emulator -- --port 4010 --seed 42 --customers 5000 [--token T] [--shop kizuna-demo.myshopify.com]
 *   [--currency JPY] [--app-url http://localhost:3000 --api-secret S] [--bucket 2000 --restore 100]
 *   [--from-log FILE.csv [--log-format transaction-log|online-retail]]  (a store from a real log, see README)
 */
import { parseArgs } from "node:util";
import { startEmulator } from "./index";
import { storeFromLog } from "./seed/from-log";
import { generateStore } from "./seed/generate";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4010" },
    host: { type: "string", default: "127.0.0.1" },
    seed: { type: "string", default: "42" },
    customers: { type: "string", default: "5000" },
    token: { type: "string" },
    shop: { type: "string" },
    currency: { type: "string" },
    locale: { type: "string" },
    "app-url": { type: "string" },
    "api-secret": { type: "string" },
    bucket: { type: "string", default: "2000" },
    restore: { type: "string", default: "100" },
    "bulk-step": { type: "string" },
    quiet: { type: "boolean", default: false },
    "from-log": { type: "string" },
    "log-format": { type: "string" },
  },
});

function number(name: string, value: string | undefined): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) {
    console.error(`--${name} must be a number (got ${value}).`);
    process.exit(2);
  }
  return parsed;
}

if ((values["app-url"] && !values["api-secret"]) || (!values["app-url"] && values["api-secret"])) {
  console.error("--app-url and --api-secret go together: webhooks need both the app's URL and its API secret.");
  process.exit(2);
}

const started = Date.now();
// --from-log FILE: the store is a real transaction log (customer_id,date,amount, or UCI Online Retail) instead of the generator
const logFormat = values["log-format"];
if (logFormat !== undefined && logFormat !== "transaction-log" && logFormat !== "online-retail") {
  console.error(`--log-format must be transaction-log or online-retail (got ${logFormat}).`);
  process.exit(2);
}
const store = values["from-log"]
  ? await storeFromLog(values["from-log"], {
      ...(logFormat ? { format: logFormat } : {}),
      ...(values.currency ? { currency: values.currency } : {}),
      ...(values.shop ? { shopDomain: values.shop } : {}),
      ...(values.token ? { accessToken: values.token } : {}),
    })
  : generateStore({
      seed: number("seed", values.seed),
      customers: number("customers", values.customers),
      ...(values.currency ? { currency: values.currency } : {}),
      ...(values.shop ? { shopDomain: values.shop } : {}),
      ...(values.token ? { accessToken: values.token } : {}),
      ...(values.locale === "ja" || values.locale === "en" ? { locale: values.locale } : {}),
    });

const emulator = await startEmulator({
  port: number("port", values.port),
  host: values.host,
  stores: [store],
  bucketSize: number("bucket", values.bucket),
  restoreRate: number("restore", values.restore),
  ...(values["bulk-step"] ? { bulkStepMs: number("bulk-step", values["bulk-step"]) } : {}),
  ...(values["app-url"] && values["api-secret"]
    ? { webhooks: { appUrl: values["app-url"], apiSecret: values["api-secret"] } }
    : {}),
  log: values.quiet ? undefined : (line) => console.log(`[emulator] ${line}`),
});

console.log(`Shopify Admin emulator ready in ${Date.now() - started} ms`);
console.log(`  URL:          ${emulator.url}`);
console.log(`  GraphQL:      ${emulator.graphqlUrl}`);
console.log(`  Shop:         ${store.shop.domain}`);
console.log(`  Access token: ${store.accessToken}`);
console.log(`  Data:         ${store.customers.size} customers, ${store.orders.size} orders, ${store.products.size} products`);
console.log(`  Control API:  ${emulator.url}/_emulator/health`);

const shutdown = async () => {
  await emulator.stop();
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
