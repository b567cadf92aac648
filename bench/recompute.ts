/**
 * Benchmark of the analytics recompute on a seeded store, on SQLite (default) or PostgreSQL.
 *
 *   npx tsx bench/recompute.ts --customers 100000 [--seed 1] [--alpha 80] [--reuse] [--store-copy]
 *   npx tsx bench/recompute.ts --customers 100000 --postgres postgresql://kizuna:kizuna@127.0.0.1:54329/postgres
 *
 * Builds /tmp/kizuna-bench-recompute-<N>-a<alpha>.db (or the database kizuna_bench_recompute_<N> on the
 * PostgreSQL server) from iterateStore — the rows the store copy writes, inserted directly (or with
 * --store-copy through the store-copy upserts; the load is timed separately and is not part of the
 * measurement) — then runs recomputeShopAnalytics end to end and records the phases, peak RSS and two floors
 * measured in the same run: a bare scan of the order columns, and the per-customer group-by the models start
 * from (count, net sum, first and last order) through a covering index made for it and dropped afterwards, in
 * bench/results/recompute-<N>[-postgres].json. --reuse keeps an existing database of the same size.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { iterateStore } from "../emulator/seed/generate";
import { createDb, tuneDatabase } from "../app/db/client.server";
import { registerShop } from "../app/db/shops.server";
import { recomputeShopAnalytics } from "../app/analytics/recompute.server";
import { customerRecordOf, lineItemRecordsOf, orderRecordOf, StoreWriter } from "../tests/analytics/emulator-records";
import { projectRoot } from "../app/db/database-url.mjs";

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

const customers = Number(argument("customers", "100000"));
const seed = Number(argument("seed", "1"));
const alpha = Number(argument("alpha", "80"));
const reuse = process.argv.includes("--reuse");
/** --store-copy: load through the sync's upserts instead of direct inserts (same rows, much slower) */
const direct = !process.argv.includes("--store-copy");
const postgresServer = argument("postgres", "");
const postgres = postgresServer !== "";
const file = `/tmp/kizuna-bench-recompute-${customers}-a${alpha}.db`;
const pgName = `kizuna_bench_recompute_${customers}_a${alpha}`;
const pgUrl = (() => {
  if (!postgres) return "";
  const u = new URL(postgresServer);
  u.pathname = `/${pgName}`;
  return u.href;
})();
const url = postgres ? pgUrl : `file:${file}`;
const marker = postgres ? `/tmp/${pgName}.load.json` : `${file}.load.json`;
const domain = "bench-recompute.myshopify.com";
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const round = (ms: number) => Math.round(ms);
/** The seeded store's "now" (DEFAULT_NOW of the generator). */
const nowMs = Date.UTC(2026, 10, 1);

function migrationSql(folder: string): string[] {
  const dir = path.join(projectRoot, folder);
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
}

async function migratePostgres(): Promise<void> {
  const admin = new pg.Client({ connectionString: postgresServer });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${pgName}`);
  await admin.end();
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  for (const sql of migrationSql("prisma/postgres/migrations")) await client.query(sql);
  await client.end();
}

function migrate(): void {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  const dir = path.join(projectRoot, "prisma/migrations");
  for (const name of readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()) {
    sqlite.exec(readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
  }
  sqlite.close();
}

async function load(): Promise<{ ms: number; orders: number; lineItems: number }> {
  if (postgres) await migratePostgres();
  else migrate();
  const client = createDb(url);
  await tuneDatabase(client, url);
  const shop = await registerShop(client, domain, { name: "Bench", currency: "JPY", timezone: "Asia/Tokyo" });
  await client.$disconnect();
  const started = performance.now();
  const written = postgres
    ? direct
      ? await loadDirectPostgres(shop.id)
      : await loadThroughStoreCopy(shop)
    : direct
      ? loadDirect(shop.id)
      : await loadThroughStoreCopy(shop);
  return { ms: performance.now() - started, ...written };
}

/** The store written through the store-copy upserts, as a sync writes it (slow: 16 min for 1M customers). */
async function loadThroughStoreCopy(shop: { id: number; domain: string }): Promise<{ orders: number; lineItems: number }> {
  const client = createDb(url);
  await tuneDatabase(client, url);
  const writer = new StoreWriter(client, shop, 30_000);
  let done = 0;
  for (const { customer, orders } of iterateStore({ seed, customers, truth: { alpha } })) {
    await writer.add(customer, orders);
    if (++done % 100_000 === 0) process.stderr.write(`loaded ${done} customers\n`);
  }
  await writer.flush();
  await client.$disconnect();
  return { orders: writer.written.orders, lineItems: writer.written.lineItems };
}

/**
 * The same rows (the same record mapping as the store copy, rows in the same order) inserted straight with
 * better-sqlite3 in large transactions: the recompute only reads them, and the 1M store loads in minutes.
 */
function loadDirect(shopId: number): { orders: number; lineItems: number } {
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("cache_size = -262144");
  const syncedAt = Date.now();
  const statements = new Map<string, Database.Statement<unknown[]>>();
  const cell = (value: unknown) =>
    value instanceof Date ? value.getTime() : typeof value === "boolean" ? (value ? 1 : 0) : (value ?? null);
  const insert = (table: string, row: Record<string, unknown>, withSyncedAt: boolean) => {
    let statement = statements.get(table);
    const columns = Object.keys(row);
    if (!statement) {
      const names = ["shopId", ...columns, ...(withSyncedAt ? ["syncedAt"] : [])];
      statement = sqlite.prepare<unknown[]>(
        `INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(", ")}) VALUES (${names.map(() => "?").join(", ")})`,
      );
      statements.set(table, statement);
    }
    const values = [shopId, ...columns.map((c) => cell(row[c])), ...(withSyncedAt ? [syncedAt] : [])];
    statement.run(...values);
  };
  let orders = 0;
  let lineItems = 0;
  let done = 0;
  sqlite.exec("BEGIN");
  for (const { customer, orders: placed } of iterateStore({ seed, customers, truth: { alpha } })) {
    insert("Customer", { ...customerRecordOf(customer) }, true);
    for (const order of placed) {
      insert("Order", { ...orderRecordOf(order) }, true);
      orders++;
      for (const line of lineItemRecordsOf(order)) {
        insert("LineItem", { ...line }, false);
        lineItems++;
      }
    }
    if (++done % 50_000 === 0) {
      sqlite.exec("COMMIT");
      sqlite.exec("BEGIN");
      if (done % 100_000 === 0) process.stderr.write(`loaded ${done} customers\n`);
    }
  }
  sqlite.exec("COMMIT");
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
  return { orders, lineItems };
}

async function measure(): Promise<void> {
  process.env.DATABASE_URL = url;
  const client = createDb(url);
  await tuneDatabase(client, url);
  const shop = await client.shop.findUniqueOrThrow({ where: { domain }, select: { id: true, domain: true } });
  const counts = {
    orders: await client.order.count({ where: { shopId: shop.id } }),
    lineItems: await client.lineItem.count({ where: { shopId: shop.id } }),
  };

  const floors = await measureFloors(shop.id);
  let started = performance.now();
  const runs: Record<string, unknown>[] = [];
  // First recompute (every metrics row inserted), then a week later (rows updated, segment moves recorded).
  for (const [label, now] of [
    ["first", new Date(nowMs)],
    ["second_week_later", new Date(nowMs + 7 * 86_400_000)],
  ] as const) {
    started = performance.now();
    const outcome = await recomputeShopAnalytics(client, shop, { now });
    const ms = performance.now() - started;
    const model = Object.entries(outcome.timings)
      .filter(([name]) => name.startsWith("model_"))
      .reduce((sum, [, v]) => sum + v, 0);
    const read = Object.entries(outcome.timings)
      .filter(([name]) => name.startsWith("read_"))
      .reduce((sum, [, v]) => sum + v, 0);
    const write = Object.entries(outcome.timings)
      .filter(([name]) => name.startsWith("write_"))
      .reduce((sum, [, v]) => sum + v, 0);
    const changes = await client.segmentChange.count({ where: { shopId: shop.id, resultId: outcome.resultId } });
    runs.push({
      run: label,
      endToEndMs: round(ms),
      readMs: round(read),
      modelMs: round(model),
      writeMs: round(write),
      segmentChanges: changes,
      timingsMs: outcome.timings,
    });
    process.stderr.write(`${label}: ${round(ms)} ms (read ${round(read)}, model ${round(model)}, write ${round(write)})\n`);
  }
  const result = await client.analyticsResult.findFirstOrThrow({ where: { shopId: shop.id }, orderBy: { id: "desc" } });
  const model = JSON.parse(result.model);
  await client.$disconnect();
  const output = {
    benchmark: `recompute (recomputeShopAnalytics on ${postgres ? "PostgreSQL" : "SQLite"}, seeded store)`,
    customers,
    seed,
    truthAlpha: alpha,
    orders: counts.orders,
    ordersPerCustomer: Math.round((counts.orders / customers) * 100) / 100,
    lineItems: counts.lineItems,
    ...floors,
    runs,
    peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
    modelStatus: model.status,
    bgnbd: model.bgnbd?.params ?? null,
    load: loadInfo,
    node: process.version,
    measuredAt: new Date().toISOString(),
  };
  mkdirSync(path.join(projectRoot, "bench/results"), { recursive: true });
  writeFileSync(
    path.join(projectRoot, `bench/results/recompute-${customers}${postgres ? "-postgres" : ""}.json`),
    `${JSON.stringify(output, null, 2)}\n`,
  );
  console.log(JSON.stringify(output, null, 2));
}

/** The same rows as loadDirect, in multi-row INSERTs of 1,000 rows on one PostgreSQL connection. */
async function loadDirectPostgres(shopId: number): Promise<{ orders: number; lineItems: number }> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  await client.query("SET synchronous_commit = off");
  const syncedAt = new Date();
  const pending = new Map<string, { columns: string[]; rows: unknown[][] }>();
  const cell = (value: unknown) => (typeof value === "bigint" ? value.toString() : (value ?? null));
  const flush = async (table: string) => {
    const batch = pending.get(table);
    if (!batch || batch.rows.length === 0) return;
    const params: unknown[] = [];
    const tuples = batch.rows.map((row) => `(${row.map((value) => `$${params.push(value)}`).join(", ")})`);
    await client.query(
      `INSERT INTO "${table}" (${batch.columns.map((c) => `"${c}"`).join(", ")}) VALUES ${tuples.join(", ")}`,
      params,
    );
    batch.rows = [];
  };
  const add = async (table: string, row: Record<string, unknown>, withSyncedAt: boolean) => {
    let batch = pending.get(table);
    const columns = Object.keys(row);
    if (!batch) {
      batch = { columns: ["shopId", ...columns, ...(withSyncedAt ? ["syncedAt"] : [])], rows: [] };
      pending.set(table, batch);
    }
    batch.rows.push([shopId, ...columns.map((c) => cell(row[c])), ...(withSyncedAt ? [syncedAt] : [])]);
    if (batch.rows.length >= 1000) await flush(table);
  };
  let orders = 0;
  let lineItems = 0;
  let done = 0;
  for (const { customer, orders: placed } of iterateStore({ seed, customers, truth: { alpha } })) {
    await add("Customer", { ...customerRecordOf(customer) }, true);
    for (const order of placed) {
      await add("Order", { ...orderRecordOf(order) }, true);
      orders++;
      for (const line of lineItemRecordsOf(order)) {
        await add("LineItem", { ...line }, false);
        lineItems++;
      }
    }
    if (++done % 100_000 === 0) process.stderr.write(`loaded ${done} customers\n`);
  }
  // customers before orders before line items (no foreign keys between them, but the order of a sync)
  for (const table of ["Customer", "Order", "LineItem"]) await flush(table);
  await client.query('VACUUM ANALYZE "Customer", "Order", "LineItem"');
  await client.end();
  return { orders, lineItems };
}

/**
 * The floors: a bare read of the order columns the models need (a table scan), and the per-customer
 * aggregate the models start from, grouped through a covering index built for it (and dropped afterwards, so
 * the recompute runs on the project's own indexes).
 */
async function measureFloors(shopId: number): Promise<Record<string, number>> {
  const group = (table: string) =>
    `SELECT "customerId", count(*), sum("totalMinor" - "totalRefundedMinor"), min("processedAt"), max("processedAt") FROM ${table} ` +
    `WHERE "shopId" = ${shopId} AND NOT "test" AND "cancelledAt" IS NULL AND "customerId" IS NOT NULL GROUP BY "customerId"`;
  if (postgres) {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    let started = performance.now();
    const scan = await client.query({
      text: `SELECT "customerId", "processedAt", "totalMinor" - "totalRefundedMinor" FROM "Order" WHERE "shopId" = $1 AND NOT "test" AND "cancelledAt" IS NULL`,
      values: [shopId],
      rowMode: "array",
    });
    const scanMs = performance.now() - started;
    await client.query(
      `CREATE INDEX IF NOT EXISTS bench_floor_cover ON "Order" ("shopId", "customerId") INCLUDE ("processedAt", "totalMinor", "totalRefundedMinor", "test", "cancelledAt")`,
    );
    await client.query('VACUUM ANALYZE "Order"');
    started = performance.now();
    const grouped = await client.query({ text: group(`"Order"`), rowMode: "array" });
    const groupMs = performance.now() - started;
    await client.query("DROP INDEX bench_floor_cover");
    await client.end();
    return {
      floorReadMs: round(scanMs),
      floorReadRows: scan.rowCount ?? 0,
      floorGroupByMs: round(groupMs),
      floorGroupByCustomers: grouped.rowCount ?? 0,
    };
  }
  const sqlite = new Database(file);
  let started = performance.now();
  let scanRows = 0;
  for (const _ of sqlite
    .prepare(
      `SELECT "customerId", "processedAt", "totalMinor" - "totalRefundedMinor" FROM "Order" NOT INDEXED WHERE "shopId" = ? AND NOT "test" AND "cancelledAt" IS NULL`,
    )
    .raw()
    .iterate(shopId))
    scanRows++;
  const scanMs = performance.now() - started;
  sqlite.exec(
    `CREATE INDEX IF NOT EXISTS bench_floor_cover ON "Order" ("shopId", "customerId", "processedAt", "totalMinor", "totalRefundedMinor", "test", "cancelledAt")`,
  );
  started = performance.now();
  let groupRows = 0;
  for (const _ of sqlite.prepare(group(`"Order" INDEXED BY bench_floor_cover`)).raw().iterate()) groupRows++;
  const groupMs = performance.now() - started;
  sqlite.exec("DROP INDEX bench_floor_cover");
  sqlite.close();
  return {
    floorReadMs: round(scanMs),
    floorReadRows: scanRows,
    floorGroupByMs: round(groupMs),
    floorGroupByCustomers: groupRows,
  };
}

let loadInfo: unknown = null;
if (process.argv.includes("--load-only")) {
  const loaded = await load();
  writeFileSync(marker, JSON.stringify({ loadMs: round(loaded.ms), orders: loaded.orders, lineItems: loaded.lineItems }));
} else {
  // Load in a child process so the measurement's peak RSS is the recompute's own.
  if (!(reuse && existsSync(marker))) {
    execFileSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2), "--load-only"],
      {
        stdio: "inherit",
      },
    );
  }
  loadInfo = JSON.parse(readFileSync(marker, "utf8"));
  await measure();
}
