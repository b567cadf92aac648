/**
 * Apply benchmark (issue 14): webhook events applied per second by the inbox worker's batch path, in process,
 * on SQLite and PostgreSQL. A burst of distinct orders/create events (each its own order and customer) is
 * stored in the inbox as intake leaves it, then `applyDueEvents` applies it: claims, one transaction per
 * batch, versioned multi-row upserts. Beside it, measured in the same run on the same database: the floor, a
 * bare batched insert (one prepared multi-row statement per 500 rows, one transaction) of the same orders.
 *   npx tsx bench/apply.ts [--db sqlite|postgresql] [--events 5000] [--points] [--url postgresql://…]
 * Without --url, PostgreSQL is the test server of scripts/postgres.sh (port 54329). Results:
 * bench/results/apply-<db>.json. Add `node --cpu-prof` (via NODE_OPTIONS) to see where the time goes.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { createDb } from "../app/db/client.server";
import { projectRoot } from "../app/db/database-url.mjs";
import { applyDueEvents } from "../app/sync/inbox-worker.server";
import { generateStore } from "../emulator/seed/generate";
import { orderPayload } from "../emulator/webhooks/payloads";
import { createTestDatabase } from "../tests/support/test-database";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "sqlite" },
    events: { type: "string", default: "5000" },
    points: { type: "boolean", default: false },
    /** write a CPU profile of the apply alone to this file (.cpuprofile, open in Chrome DevTools) */
    profile: { type: "string" },
    url: { type: "string" },
  },
});
const eventCount = Number(values.events);
const postgres = values.db === "postgresql" || values.db === "postgres";
const serverUrl = postgres
  ? (values.url ??
    spawnSync("bash", [path.join(projectRoot, "scripts/postgres.sh"), "start"], { encoding: "utf8" })
      .stdout.trim()
      .split("\n")
      .pop())
  : undefined;
if (postgres && !serverUrl?.startsWith("postgres")) throw new Error("no PostgreSQL server: pass --url");

const shopDomain = "bench-apply.myshopify.com";
const store = generateStore({ seed: 14, customers: Math.ceil(eventCount * 1.5), shopDomain });
const seen = new Set<number>();
const orders = [...store.orders.values()].filter((order) => {
  if (order.customerId == null || seen.has(order.customerId)) return false;
  seen.add(order.customerId);
  return true;
});
if (orders.length < eventCount) throw new Error(`only ${orders.length} distinct orders generated`);
const picked = orders.slice(0, eventCount);
const bodies = picked.map((order) => ({ id: order.id, body: JSON.stringify(orderPayload(store, order)) }));

/** Runs `sql` with `?` placeholders on either database, in chunks of 500 rows. */
type Exec = (sql: string, params: unknown[]) => Promise<void>;
async function insertRows(exec: Exec, postgresPlaceholders: boolean, sql: (tuples: string) => string, rows: unknown[][]) {
  for (let start = 0; start < rows.length; start += 500) {
    const chunk = rows.slice(start, start + 500);
    const width = chunk[0].length;
    const tuples = chunk
      .map(
        (_, row) =>
          `(${Array.from({ length: width }, (_, column) => (postgresPlaceholders ? `$${row * width + column + 1}` : "?")).join(", ")})`,
      )
      .join(", ");
    await exec(sql(tuples), chunk.flat());
  }
}

function opener(url: string): { exec: Exec; close: () => Promise<void>; begin: Exec; commit: Exec } {
  if (postgres) {
    const client = new pg.Client({ connectionString: url });
    const connected = client.connect();
    const exec: Exec = async (sql, params) => {
      await connected;
      await client.query(sql, params);
    };
    return { exec, begin: () => exec("BEGIN", []), commit: () => exec("COMMIT", []), close: () => client.end() };
  }
  const sqlite = new Database(url.replace(/^file:/, ""));
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  const exec: Exec = async (sql, params) => {
    sqlite.prepare(sql).run(...(params.map((value) => (value instanceof Date ? value.getTime() : value)) as never[]));
  };
  return {
    exec,
    begin: () => exec("BEGIN", []),
    commit: () => exec("COMMIT", []),
    close: async () => {
      sqlite.close();
    },
  };
}

/** The floor: the same orders written as bare batched inserts into the Order table, nothing else. */
async function floor(url: string): Promise<{ ms: number; ordersPerSecond: number }> {
  const { exec, begin, commit, close } = opener(url);
  await exec(
    `INSERT INTO "Shop" (id, domain, currency, "updatedAt") VALUES (1, 'floor.myshopify.com', 'JPY', ?)`.replace(
      "?",
      postgres ? "$1" : "?",
    ),
    [new Date()],
  );
  const started = performance.now();
  await begin("", []);
  await insertRows(
    exec,
    postgres,
    (tuples) =>
      `INSERT INTO "Order" ("shopId", id, "customerId", name, email, "shopifyCreatedAt", "processedAt", "shopifyUpdatedAt", currency, "presentmentCurrency", "syncedAt", "subtotalMinor", "totalMinor", "presentmentTotalMinor") VALUES ${tuples}`,
    picked.map((order) => {
      const at = new Date(order.createdAt);
      return [
        1,
        String(order.id),
        String(order.customerId),
        order.name,
        order.email,
        at,
        at,
        at,
        "JPY",
        "JPY",
        at,
        1000,
        1000,
        1000,
      ];
    }),
  );
  await commit("", []);
  const ms = performance.now() - started;
  await close();
  return { ms: Math.round(ms), ordersPerSecond: Math.round((picked.length * 1000) / ms) };
}

async function run(): Promise<{ seconds: number; eventsPerSecond: number; applied: number; parked: number; failed: number }> {
  const database = await createTestDatabase(serverUrl);
  try {
    const client = createDb(database.url);
    const settings = values.points ? JSON.stringify({ points: { enabled: true } }) : undefined;
    const shop = await client.shop.create({ data: { domain: shopDomain, currency: "JPY", ...(settings ? { settings } : {}) } });
    const { exec, begin, commit, close } = opener(database.url);
    await begin("", []);
    await insertRows(
      exec,
      postgres,
      (tuples) =>
        `INSERT INTO "WebhookEvent" ("shopId", "webhookId", topic, "resourceId", payload, status, "nextAttemptAt", "receivedAt") VALUES ${tuples}`,
      bodies.map(({ id, body }) => [
        shop.id,
        `bench-${id}`,
        "orders/create",
        String(id),
        body,
        "pending",
        new Date(0),
        new Date(),
      ]),
    );
    await commit("", []);
    await close();
    const session = values.profile ? new Session() : null;
    if (session) {
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.start");
    }
    const started = performance.now();
    const result = await applyDueEvents(client);
    const seconds = (performance.now() - started) / 1000;
    if (session && values.profile) {
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(values.profile, JSON.stringify(profile));
    }
    const stored = await client.order.count({ where: { shopId: shop.id } });
    if (stored !== eventCount) throw new Error(`${stored} orders stored for ${eventCount} events`);
    await client.$disconnect();
    return {
      seconds: Math.round(seconds * 100) / 100,
      eventsPerSecond: Math.round(eventCount / seconds),
      applied: result.applied,
      parked: result.parked,
      failed: result.failed,
    };
  } finally {
    await database.drop();
  }
}

const loadAverageBefore = loadavg().map((load) => Math.round(load * 10) / 10);
const floorDatabase = await createTestDatabase(serverUrl);
const databaseFloor = await floor(floorDatabase.url);
await floorDatabase.drop();
const measured = await run();
const dialect = postgres ? "postgresql" : "sqlite";
console.log(
  `${dialect}: ${measured.eventsPerSecond} events/s applied (${measured.seconds} s for ${eventCount}); floor ${databaseFloor.ordersPerSecond} orders/s`,
);
const result = {
  benchmark: "apply",
  at: new Date().toISOString(),
  machine: { cpus: cpus().length, loadAverageBefore, loadAverageAfter: loadavg().map((load) => Math.round(load * 10) / 10) },
  load: "machine shared with other engineers' work (load averages above); benchmark, database and worker on the same 2 cores",
  database:
    dialect === "postgresql" ? "PostgreSQL (scripts/postgres.sh: fsync off, same machine)" : "SQLite (WAL, synchronous=NORMAL)",
  events: eventCount,
  pointsProgram: values.points ? "on" : "off (the default)",
  result: measured,
  floor: { what: "bare batched insert of the same orders, 500 rows a statement, one transaction", ...databaseFloor },
  target: { eventsPerSecond: 5000 },
};
mkdirSync(path.join(projectRoot, "bench/results"), { recursive: true });
writeFileSync(path.join(projectRoot, `bench/results/apply-${dialect}.json`), `${JSON.stringify(result, null, 2)}\n`);
process.exit(0);
