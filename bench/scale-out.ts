/**
 * Scale-out benchmark (issue 19): webhook events applied per second by 1, 2 and 4 `kizuna worker` processes
 * on one PostgreSQL, each run on a fresh database with the same burst of distinct orders/create events (each
 * its own order and customer) already stored in the inbox, as intake leaves them. Beside it, measured in the
 * same run on the same server: the database's own floor, a bare batched insert (500 rows a statement, one
 * transaction) of the same orders and customers into tables shaped like Kizuna's.
 *   npx tsx bench/scale-out.ts [--events 3000] [--workers 1,2,4] [--url postgresql://…]
 * Without --url it starts the test server with scripts/postgres.sh (port 54329). Results:
 * bench/results/scale-out.json.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { projectRoot } from "../app/db/database-url.mjs";
import { generateStore } from "../emulator/seed/generate";
import { orderPayload } from "../emulator/webhooks/payloads";
import { createTestDatabase } from "../tests/support/test-database";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "3000" },
    workers: { type: "string", default: "1,2,4" },
    url: { type: "string" },
  },
});
const eventCount = Number(values.events);
const workerCounts = String(values.workers).split(",").map(Number);
const serverUrl =
  values.url ??
  spawnSync("bash", [path.join(projectRoot, "scripts/postgres.sh"), "start"], { encoding: "utf8" })
    .stdout.trim()
    .split("\n")
    .pop();
if (!serverUrl?.startsWith("postgres")) throw new Error("no PostgreSQL server: pass --url or let scripts/postgres.sh start one");

const shopDomain = "bench-scale.myshopify.com";
const store = generateStore({ seed: 19, customers: Math.ceil(eventCount * 1.5), shopDomain });
// one order per customer: every event is its own order and customer, as a sale brings them
const seen = new Set<number>();
const orders = [...store.orders.values()].filter((order) => {
  if (order.customerId == null || seen.has(order.customerId)) return false;
  seen.add(order.customerId);
  return true;
});
if (orders.length < eventCount) throw new Error(`only ${orders.length} distinct orders generated`);
const bodies = orders.slice(0, eventCount).map((order) => ({ id: order.id, body: JSON.stringify(orderPayload(store, order)) }));

async function insertRows(client: pg.Client, sql: (placeholders: string) => string, rows: unknown[][]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) {
    const chunk = rows.slice(start, start + 500);
    const width = chunk[0].length;
    const placeholders = chunk
      .map((_, row) => `(${Array.from({ length: width }, (_, column) => `$${row * width + column + 1}`).join(", ")})`)
      .join(", ");
    await client.query(sql(placeholders), chunk.flat());
  }
}

/** The floor: the same orders and customers written as bare batched inserts, nothing else. */
async function floor(url: string): Promise<{ rowsPerSecond: number; ordersPerSecond: number; ms: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Kizuna's columns and primary keys, without its NOT NULL checks (the floor writes a few columns only)
  await client.query(`CREATE TABLE floor_order AS SELECT * FROM "Order" WITH NO DATA`);
  await client.query(`ALTER TABLE floor_order ADD PRIMARY KEY ("shopId", id)`);
  await client.query(`CREATE TABLE floor_customer AS SELECT * FROM "Customer" WITH NO DATA`);
  await client.query(`ALTER TABLE floor_customer ADD PRIMARY KEY ("shopId", id)`);
  const picked = orders.slice(0, eventCount);
  const started = performance.now();
  await client.query("BEGIN");
  await insertRows(
    client,
    (values) => `INSERT INTO floor_customer ("shopId", id, "firstName", "lastName", email, tags) VALUES ${values}`,
    picked.map((order) => [1, String(order.customerId), "花子", "山田", `c${order.customerId}@example.com`, ""]),
  );
  await insertRows(
    client,
    (values) =>
      `INSERT INTO floor_order ("shopId", id, "customerId", name, email, "shopifyCreatedAt", "processedAt", "shopifyUpdatedAt", currency, "presentmentCurrency") VALUES ${values}`,
    picked.map((order) => {
      const at = new Date(order.createdAt);
      return [1, String(order.id), String(order.customerId), order.name, order.email, at, at, at, "JPY", "JPY"];
    }),
  );
  await client.query("COMMIT");
  const ms = performance.now() - started;
  await client.end();
  return {
    ms: Math.round(ms),
    rowsPerSecond: Math.round((picked.length * 2 * 1000) / ms),
    ordersPerSecond: Math.round((picked.length * 1000) / ms),
  };
}

function startWorker(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(projectRoot, "bin/kizuna.js"), "worker"], {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_URL: url,
      KIZUNA_WORKER: "off",
      SHOPIFY_API_KEY: "bench-key",
      SHOPIFY_API_SECRET: "bench-secret",
      SHOPIFY_APP_URL: "http://127.0.0.1:9",
      // the emulator is not running: nothing here calls Shopify
      SHOPIFY_ADMIN_ORIGIN: "http://127.0.0.1:9",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk) => {
      if (String(chunk).includes("worker running")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
  });
}

async function run(
  workers: number,
): Promise<{ workers: number; eventsPerSecond: number; seconds: number; loadAverageBefore: number }> {
  const loadAverageBefore = Math.round(loadavg()[0] * 10) / 10;
  const database = await createTestDatabase(serverUrl);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  // Uninstalled: the workers apply the inbox (apply does not look at the install state) but run no recompute
  // or push afterwards, so the number is the apply alone.
  const {
    rows: [shop],
  } = await client.query(
    `INSERT INTO "Shop" (domain, currency, "installState", "updatedAt") VALUES ($1, 'JPY', 'uninstalled', now()) RETURNING id`,
    [shopDomain],
  );
  const children = await Promise.all(Array.from({ length: workers }, () => startWorker(database.url)));
  try {
    await client.query("BEGIN");
    await insertRows(
      client,
      (values) =>
        `INSERT INTO "WebhookEvent" ("shopId", "webhookId", topic, "resourceId", payload, status, "nextAttemptAt") VALUES ${values}`,
      bodies.map(({ id, body }) => [shop.id, `bench-${id}`, "orders/create", String(id), body, "pending", new Date(0)]),
    );
    await client.query("COMMIT");
    const started = performance.now();
    for (;;) {
      const {
        rows: [{ applied }],
      } = await client.query(`SELECT count(*)::int AS applied FROM "WebhookEvent" WHERE status = 'applied'`);
      if (applied >= eventCount) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    const {
      rows: [{ orders: stored }],
    } = await client.query(`SELECT count(*)::int AS orders FROM "Order"`);
    if (stored !== eventCount) throw new Error(`${stored} orders stored for ${eventCount} events`);
    return {
      workers,
      seconds: Math.round(seconds * 100) / 100,
      eventsPerSecond: Math.round(eventCount / seconds),
      loadAverageBefore,
    };
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(children.map((child) => new Promise((resolve) => child.once("exit", resolve))));
    await client.end();
    await database.drop();
  }
}

const floorDatabase = await createTestDatabase(serverUrl);
const databaseFloor = await floor(floorDatabase.url);
await floorDatabase.drop();
const runs = [];
for (const workers of workerCounts) {
  const result = await run(workers);
  console.log(`${workers} worker(s): ${result.eventsPerSecond} events/s (${result.seconds} s for ${eventCount})`);
  runs.push(result);
}
console.log(`floor (bare batched insert of the same orders and customers): ${databaseFloor.ordersPerSecond} orders/s`);
const result = {
  benchmark: "scale-out",
  at: new Date().toISOString(),
  // other work on the machine: the 1-minute load average before each run is in `runs`
  machine: { cpus: cpus().length },
  database: "PostgreSQL (scripts/postgres.sh: fsync off, one server on the same machine)",
  events: eventCount,
  runs,
  floor: {
    what: "bare batched insert of the same orders and customers, 500 rows a statement, one transaction",
    ...databaseFloor,
  },
};
mkdirSync(path.join(projectRoot, "bench/results"), { recursive: true });
writeFileSync(path.join(projectRoot, "bench/results/scale-out.json"), `${JSON.stringify(result, null, 2)}\n`);
