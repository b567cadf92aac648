/**
 * Webhook intake benchmark: sustained deliveries per second and p50/p99 latency of the 200 answer,
 * against the production build on loopback with the embedded worker running, and a check that none was
 * lost (every 200 is in the inbox once, and the worker applies them all). Every delivery is a distinct order
 * (its own webhook id, order id, line item ids and customer), as a sale brings them. Beside it, measured in
 * the same run with the same requests: the floor, a bare node:http server that reads the body, checks the
 * HMAC and parses the JSON, nothing else.
 *   npm run build && npx tsx bench/webhook-intake.ts [--seconds 15] [--connections 50]
 * Target: ≥ 3,000 deliveries/s with p99 < 50 ms, the inbox drained within 5 s after the load. Results:
 * bench/results/webhook-intake.json.
 */
import { spawn } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { createDb } from "../app/db/client.server";
import { generateStore } from "../emulator/seed/generate";
import { orderPayload } from "../emulator/webhooks/payloads";
import { projectRoot } from "../app/db/database-url.mjs";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "15" },
    connections: { type: "string", default: "50" },
    "floor-seconds": { type: "string", default: "5" },
  },
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

// A realistic orders/create body (a few KB, Japanese text); each delivery gets its own order, line items and
// customer, and is signed for itself (the HMAC covers the body only).
const store = generateStore({ seed: 5, customers: 50, shopDomain });
const order = [...store.orders.values()].find((candidate) => candidate.lineItems.length >= 3) ?? [...store.orders.values()][0];
const template = orderPayload(store, order) as Record<string, unknown> & {
  line_items: Array<Record<string, unknown>>;
  customer?: Record<string, unknown> | null;
};
let sequence = 0;
function nextDelivery(): { body: string; hmac: string } {
  const n = ++sequence;
  const orderId = 5_000_000_000 + n * 100;
  const customerId = 7_000_000_000 + n;
  const body = JSON.stringify({
    ...template,
    id: orderId,
    admin_graphql_api_id: `gid://shopify/Order/${orderId}`,
    name: `#B${n}`,
    line_items: template.line_items.map((line, index) => ({
      ...line,
      id: orderId + index + 1,
      admin_graphql_api_id: `gid://shopify/LineItem/${orderId + index + 1}`,
    })),
    customer: template.customer
      ? { ...template.customer, id: customerId, admin_graphql_api_id: `gid://shopify/Customer/${customerId}` }
      : null,
    refunds: [],
  });
  return { body, hmac: createHmac("sha256", secret).update(body, "utf8").digest("base64") };
}

const baseHeaders = {
  "content-type": "application/json",
  "x-shopify-topic": "orders/create",
  "x-shopify-shop-domain": shopDomain,
  "x-shopify-api-version": "2026-07",
  "user-agent": "Shopify-Captain-Hook",
};
const load = (url: string, seconds: number) =>
  autocannon({
    url,
    connections: Number(values.connections),
    duration: seconds,
    requests: [
      {
        method: "POST",
        // Every delivery is a new webhook (its own id) about a new order and customer, as Shopify sends them.
        setupRequest: (request) => {
          const delivery = nextDelivery();
          return {
            ...request,
            body: delivery.body,
            headers: {
              ...baseHeaders,
              "x-shopify-hmac-sha256": delivery.hmac,
              "x-shopify-webhook-id": randomUUID(),
              "x-shopify-event-id": randomUUID(),
              "x-shopify-triggered-at": new Date().toISOString(),
            },
          };
        },
      },
    ],
  });

// The floor: node:http reading the body once, HMAC-SHA256 with timingSafeEqual, JSON.parse, 200.
const floorPort = port + 100;
const floorServer = spawn(
  process.execPath,
  [
    "-e",
    `const http = require("node:http"); const { createHmac, timingSafeEqual } = require("node:crypto");
     http.createServer((req, res) => { const chunks = []; const hmac = createHmac("sha256", ${JSON.stringify(secret)});
       req.on("data", (c) => { chunks.push(c); hmac.update(c); });
       req.on("end", () => { const given = Buffer.from(String(req.headers["x-shopify-hmac-sha256"] || ""), "base64");
         const digest = hmac.digest(); if (given.length !== digest.length || !timingSafeEqual(given, digest)) { res.statusCode = 401; return res.end(); }
         JSON.parse(Buffer.concat(chunks).toString("utf8")); res.statusCode = 200; res.end(); });
     }).listen(${floorPort}, "127.0.0.1", () => console.log("floor ready"));`,
  ],
  { stdio: ["ignore", "pipe", "inherit"] },
);
await new Promise<void>((resolve) => floorServer.stdout?.on("data", () => resolve()));
const floorSeconds = Number(values["floor-seconds"]);
const floorResult = await load(`http://127.0.0.1:${floorPort}/webhooks/orders/create`, floorSeconds);
floorServer.kill("SIGTERM");

const server = spawn(process.execPath, [path.join(projectRoot, "bin/kizuna.js"), "serve"], {
  env,
  stdio: ["ignore", "pipe", "inherit"],
});
await new Promise<void>((resolve) => {
  server.stdout?.on("data", (chunk) => {
    if (String(chunk).includes("Kizuna is serving")) resolve();
  });
});
const loadBefore = loadavg().map((value) => Math.round(value * 10) / 10);
const result = await load(`http://127.0.0.1:${port}/webhooks/orders/create`, Number(values.seconds));

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
  machine: `2 cores (shared by load generator, server and worker), SQLite, production build, Node ${process.version}`,
  load: {
    what: "other engineers' work ran on the same 2 cores: 1/5/15-minute load averages before the run",
    before: loadBefore,
  },
  connections: Number(values.connections),
  seconds: Number(values.seconds),
  deliveries: "distinct orders: each its own webhook id, order id, line item ids and customer",
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
  floor: {
    what: "bare node:http server on the same machine and load: read the body, HMAC-SHA256 + timingSafeEqual, JSON.parse, 200",
    seconds: floorSeconds,
    deliveriesPerSecond: Math.round(floorResult["2xx"] / floorSeconds),
    latencyMs: { p50: floorResult.latency.p50, p99: floorResult.latency.p99 },
  },
  targets: { deliveriesPerSecond: 3000, p99Ms: 50, drainSeconds: 5, lost: 0 },
};
console.log(JSON.stringify(report, null, 2));
mkdirSync(path.join(projectRoot, "bench/results"), { recursive: true });
writeFileSync(path.join(projectRoot, "bench/results/webhook-intake.json"), `${JSON.stringify(report, null, 2)}\n`);
await client.$disconnect();
process.exit(0);
