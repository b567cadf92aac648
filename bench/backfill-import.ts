/**
 * Backfill import benchmark: orders per second and peak memory importing a bulk-export JSONL of
 * 1,000,000 orders (with their line items) into SQLite, through the same importer the backfill uses.
 *   npx tsx bench/backfill-import.ts [--orders 1000000] [--keep-file]
 * The JSONL is written once (streamed from the seed generator through the emulator's exporter) under
 * /tmp and reused. Target: ≥ 20,000 orders/s, peak RSS < 400 MB. Results: bench/results/backfill-import.json.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { once } from "node:events";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { exportBulkJsonl } from "../emulator/bulk/standalone";
import { iterateStore, generateStore } from "../emulator/seed/generate";
import { jsonlLines } from "../app/shopify/jsonl";
import { ORDERS_BULK_QUERY } from "../app/shopify/operations/bulk";
import { createDb } from "../app/db/client.server";
import { importBulkLines } from "../app/sync/bulk-import.server";
import { projectRoot } from "../app/db/database-url.mjs";

const { values } = parseArgs({
  options: { orders: { type: "string", default: "1000000" }, "keep-file": { type: "boolean", default: false } },
});
const targetOrders = Number(values.orders);
// The seed averages ~3.3 orders per customer.
const customers = Math.ceil(targetOrders / 3.2);
const file = path.join(tmpdir(), `kizuna-bench-orders-${targetOrders}.jsonl`);

async function writeExport(): Promise<{ orders: number; lines: number }> {
  const shape = generateStore({ seed: 3, customers: 10 });
  const out = createWriteStream(file);
  let orders = 0;
  async function* ordersOnly() {
    for (const { orders: list } of iterateStore({ seed: 3, customers })) {
      for (const order of list) {
        if (orders >= targetOrders) return;
        orders++;
        yield order;
      }
    }
  }
  const result = await exportBulkJsonl(shape, ORDERS_BULK_QUERY, ordersOnly(), out);
  out.end();
  await once(out, "finish");
  return { orders, lines: result.objectCount };
}

if (!existsSync(file)) {
  const started = Date.now();
  const written = await writeExport();
  console.log(`wrote ${written.orders} orders (${written.lines} lines) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const dbDir = path.join(tmpdir(), "kizuna-bench-import");
rmSync(dbDir, { recursive: true, force: true });
mkdirSync(dbDir, { recursive: true });
const dbFile = path.join(dbDir, "bench.db");
const sqlite = new Database(dbFile);
sqlite.pragma("journal_mode = WAL");
for (const migration of ["prisma/migrations"]) {
  const { readdirSync, readFileSync } = await import("node:fs");
  for (const name of readdirSync(path.join(projectRoot, migration))
    .filter((entry) => !entry.endsWith(".toml"))
    .sort()) {
    sqlite.exec(readFileSync(path.join(projectRoot, migration, name, "migration.sql"), "utf8"));
  }
}
sqlite.close();

const client = createDb(`file:${dbFile}`);
const shop = await client.shop.create({ data: { domain: "bench.myshopify.com", currency: "JPY" } });

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);
const lines = jsonlLines(createReadStream(file, { highWaterMark: 1 << 20 }));
const started = process.hrtime.bigint();
const counts = await importBulkLines(client, { id: shop.id, domain: shop.domain, currency: "JPY" }, "orders", lines);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

const result = {
  measuredAt: new Date().toISOString(),
  machine: "2 cores (shared), SQLite (better-sqlite3, WAL), Node " + process.version,
  file: { bytes: statSync(file).size, lines: counts.lines },
  orders: counts.orders,
  lineItems: counts.lineItems,
  refunds: counts.refunds,
  seconds: Number(seconds.toFixed(2)),
  ordersPerSecond: Math.round(counts.orders / seconds),
  linesPerSecond: Math.round(counts.lines / seconds),
  peakRssMb: Math.round(peakRss / 1024 / 1024),
  targets: { ordersPerSecond: 20_000, peakRssMb: 400 },
};
console.log(JSON.stringify(result, null, 2));
mkdirSync(path.join(projectRoot, "bench/results"), { recursive: true });
writeFileSync(
  path.join(projectRoot, `bench/results/backfill-import${targetOrders === 1_000_000 ? "" : `-${targetOrders}`}.json`),
  `${JSON.stringify(result, null, 2)}\n`,
);
await client.$disconnect();
if (!values["keep-file"]) rmSync(file, { force: true });
