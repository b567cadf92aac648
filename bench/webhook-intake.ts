/**
 * Webhook intake benchmark: sustained deliveries per second and p50/p99 latency of the 200 answer,
 * against the production build on loopback with the embedded worker running, and a check that none was
 * lost (every 200 is in the inbox once, and the worker applies them all).
 *   npm run build && npx tsx bench/webhook-intake.ts [--seconds 15] [--connections 20]
 * Target: ≥ 1,000 deliveries/s with p99 < 50 ms. Results: bench/results/webhook-intake.json.
 */
import { spawn } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { createDb } from "../app/db/client.server";
import { generateStore } from "../emulator/seed/generate";
import { orderPayload } from "../emulator/webhooks/payloads";
import { projectRoot } from "../app/db/database-url.mjs";

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "15" }, connections: { type: "string", default: "20" } },
});
const secret = "bench-secret";
const shopDomain = "bench-intake.myshopify.com";
const dir = mkdtempSync(path.join(tmpdir(), "kizuna-intake-"));
const databaseUrl = `file:${path.join(dir, "intake.db")}`;
const port = 3900 + Math.floor(Math.random() * 50);
const env = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  SHOPIFY_API_KEY: "bench-key",
  SHOPIFY_API_SECRET: secret,
  SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
  PORT: String(port),
  HOST: "127.0.0.1",
  KIZUNA_WORKER: "embedded",
};

const migrate = spawn(process.execPath, [path.join(projectRoot, "bin/kizuna.js"), "migrate"], { env, stdio: "inherit" });
await new Promise((resolve) => migrate.once("exit", resolve));
const client = createDb(databaseUrl);
await client.shop.create({ data: { domain: shopDomain, currency: "JPY" } });
await client.session.create({
  data: { id: `offline_${shopDomain}`, shop: shopDomain, state: "installed", accessToken: "bench-token", scope: "read_orders" },
});

// A realistic orders/create body (a few KB, Japanese text), signed once: the HMAC covers the body only.
const store = generateStore({ seed: 5, customers: 50, shopDomain });
const order = [...store.orders.values()].find((candidate) => candidate.lineItems.length >= 3) ?? [...store.orders.values()][0];
const body = JSON.stringify(orderPayload(store, order));
const hmac = createHmac("sha256", secret).update(body, "utf8").digest("base64");

const server = spawn(process.execPath, [path.join(projectRoot, "bin/kizuna.js"), "serve"], {
  env,
  stdio: ["ignore", "pipe", "inherit"],
});
await new Promise<void>((resolve) => {
  server.stdout?.on("data", (chunk) => {
    if (String(chunk).includes("Kizuna is serving")) resolve();
  });
});

const baseHeaders = {
  "content-type": "application/json",
  "x-shopify-topic": "orders/create",
  "x-shopify-shop-domain": shopDomain,
  "x-shopify-api-version": "2026-07",
  "x-shopify-hmac-sha256": hmac,
  "user-agent": "Shopify-Captain-Hook",
};
const result = await autocannon({
  url: `http://127.0.0.1:${port}/webhooks/orders/create`,
  connections: Number(values.connections),
  duration: Number(values.seconds),
  requests: [
    {
      method: "POST",
      body,
      // Every delivery is a new webhook (its own id), as Shopify sends them.
      setupRequest: (request) => ({
        ...request,
        headers: {
          ...baseHeaders,
          "x-shopify-webhook-id": randomUUID(),
          "x-shopify-event-id": randomUUID(),
          "x-shopify-triggered-at": new Date().toISOString(),
        },
      }),
    },
  ],
});

const ok = result["2xx"];
const stored = await client.webhookEvent.count();
const drainStarted = Date.now();
let pending = stored;
while (pending > 0 && Date.now() - drainStarted < 300_000) {
  await new Promise((resolve) => setTimeout(resolve, 500));
  pending = await client.webhookEvent.count({ where: { status: { in: ["pending", "processing"] } } });
}
const applied = await client.webhookEvent.count({ where: { status: "applied" } });
server.kill("SIGTERM");

const report = {
  measuredAt: new Date().toISOString(),
  machine: "2 cores (shared by load generator, server and worker), SQLite, production build, Node " + process.version,
  connections: Number(values.connections),
  seconds: Number(values.seconds),
  requests: result.requests.total,
  ok2xx: ok,
  non2xx: result.non2xx,
  errors: result.errors,
  deliveriesPerSecond: Math.round(ok / Number(values.seconds)),
  latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
  inbox: {
    stored,
    applied,
    lost: Math.max(0, ok - stored),
    drainSeconds: Number(((Date.now() - drainStarted) / 1000).toFixed(1)),
  },
  targets: { deliveriesPerSecond: 1000, p99Ms: 50, lost: 0 },
};
console.log(JSON.stringify(report, null, 2));
mkdirSync(path.join(projectRoot, "bench/results"), { recursive: true });
writeFileSync(path.join(projectRoot, "bench/results/webhook-intake.json"), `${JSON.stringify(report, null, 2)}\n`);
await client.$disconnect();
process.exit(0);
