/**
 * Benchmark of the analytics recompute on a seeded store in SQLite.
 *
 *   npx tsx bench/recompute.ts --customers 100000 [--seed 1] [--alpha 80] [--reuse]
 *
 * Builds /tmp/kizuna-bench-recompute-<N>.db from iterateStore (written with the store-copy upserts; the
 * load is timed separately and is not part of the measurement), then runs recomputeShopAnalytics end to end
 * and records the phases, peak RSS and the floor (a bare read of the order columns) in
 * bench/results/recompute-<N>.json. --reuse keeps an existing database of the same size.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { iterateStore } from "../emulator/seed/generate";
import { createDb, tuneDatabase } from "../app/db/client.server";
import { registerShop } from "../app/db/shops.server";
import { recomputeShopAnalytics } from "../app/analytics/recompute.server";
import { StoreWriter } from "../tests/analytics/emulator-records";
import { projectRoot } from "../app/db/database-url.mjs";

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

const customers = Number(argument("customers", "100000"));
const seed = Number(argument("seed", "1"));
const alpha = Number(argument("alpha", "80"));
const reuse = process.argv.includes("--reuse");
const file = `/tmp/kizuna-bench-recompute-${customers}-a${alpha}.db`;
const url = `file:${file}`;
const domain = "bench-recompute.myshopify.com";
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const round = (ms: number) => Math.round(ms);
/** The seeded store's "now" (DEFAULT_NOW of the generator). */
const nowMs = Date.UTC(2026, 10, 1);

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
  migrate();
  const client = createDb(url);
  await tuneDatabase(client, url);
  const shop = await registerShop(client, domain, { name: "Bench", currency: "JPY", timezone: "Asia/Tokyo" });
  const started = performance.now();
  const writer = new StoreWriter(client, shop, 30_000);
  let done = 0;
  for (const { customer, orders } of iterateStore({ seed, customers, truth: { alpha } })) {
    await writer.add(customer, orders);
    if (++done % 100_000 === 0) process.stderr.write(`loaded ${done} customers\n`);
  }
  await writer.flush();
  await client.$disconnect();
  return { ms: performance.now() - started, orders: writer.written.orders, lineItems: writer.written.lineItems };
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

  // The floor: the bare read of the order columns the models need, straight from better-sqlite3 (a table scan, as the
  // recompute does when the shop holds most of the table).
  const sqlite = new Database(file, { readonly: true });
  let started = performance.now();
  let floorRows = 0;
  for (const _ of sqlite
    .prepare(
      `SELECT "customerId", "processedAt", "totalMinor" - "totalRefundedMinor" FROM "Order" NOT INDEXED WHERE "shopId" = ? AND NOT "test" AND "cancelledAt" IS NULL`,
    )
    .raw()
    .iterate(shop.id))
    floorRows++;
  const floorMs = performance.now() - started;
  sqlite.close();

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
    benchmark: "recompute (recomputeShopAnalytics on SQLite, seeded store)",
    customers,
    seed,
    truthAlpha: alpha,
    orders: counts.orders,
    ordersPerCustomer: Math.round((counts.orders / customers) * 100) / 100,
    lineItems: counts.lineItems,
    floorReadMs: round(floorMs),
    floorReadRows: floorRows,
    runs,
    peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
    modelStatus: model.status,
    bgnbd: model.bgnbd?.params ?? null,
    load: loadInfo,
    node: process.version,
    measuredAt: new Date().toISOString(),
  };
  mkdirSync(path.join(projectRoot, "bench/results"), { recursive: true });
  writeFileSync(path.join(projectRoot, `bench/results/recompute-${customers}.json`), `${JSON.stringify(output, null, 2)}\n`);
  console.log(JSON.stringify(output, null, 2));
}

let loadInfo: unknown = null;
if (process.argv.includes("--load-only")) {
  const loaded = await load();
  writeFileSync(
    `${file}.load.json`,
    JSON.stringify({ loadMs: round(loaded.ms), orders: loaded.orders, lineItems: loaded.lineItems }),
  );
} else {
  // Load in a child process so the measurement's peak RSS is the recompute's own.
  if (!(reuse && existsSync(file) && existsSync(`${file}.load.json`))) {
    execFileSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2), "--load-only"],
      {
        stdio: "inherit",
      },
    );
  }
  loadInfo = JSON.parse(readFileSync(`${file}.load.json`, "utf8"));
  await measure();
}
