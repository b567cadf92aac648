/**
 * History import throughput and memory: a generated order export of N rows (default 1,000,000; one row per
 * line item, ~3 lines per order) read by the validation pass (the dry run: parse, decode, normalise, group,
 * check) and, beside it in the same run, the floor: csv-parse alone on the same file. Peak RSS is sampled
 * during each pass; flat memory means the peak does not grow with the file.
 *
 *   npx tsx bench/history-import.ts [rows]        → bench/results/history-import.json
 */
import { appendFileSync, createReadStream, mkdtempSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse";
import { createDb } from "../app/db/client.server";
import { registerShop } from "../app/db/shops.server";
import { validateImportFile } from "../app/sync/history-import.server";
import { createTestDatabase } from "../tests/support/test-database";

const rows = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(path.join(tmpdir(), "kizuna-bench-import-"));
const file = path.join(dir, "orders.csv");

function generate(): void {
  // written in slices, so the file's text never sits in this process's memory
  writeFileSync(file, "");
  let lines = ["order_id,date,email,phone,name,amount,product,quantity,price"];
  let order = 0;
  let row = 0;
  while (row < rows) {
    order++;
    const items = 1 + (order % 3);
    const customer = order % 50_000;
    const day = 1 + (order % 28);
    const month = 1 + (order % 12);
    for (let i = 0; i < items && row < rows; i++, row++) {
      lines.push(
        `O-${order},2024/${month}/${day} 10:${String(order % 60).padStart(2, "0")},customer${customer}@example.jp,090-${String(customer).padStart(4, "0")}-0000,山田 花子,"¥${(items * 1500).toLocaleString("en")}",商品${i},1,1500円`,
      );
    }
    if (lines.length >= 50_000) {
      appendFileSync(file, `${lines.join("\n")}\n`);
      lines = [];
    }
  }
  appendFileSync(file, lines.length ? `${lines.join("\n")}\n` : "");
}

async function measure<T>(run: () => Promise<T>): Promise<{ seconds: number; peakRssMb: number; result: T }> {
  global.gc?.();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  const result = await run();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { seconds, peakRssMb: Math.round(peak / 1024 / 1024), result };
}

async function main() {
  generate();
  const database = await createTestDatabase();
  const client = createDb(database.url);
  const shop = await registerShop(client, "bench-import.myshopify.com", { currency: "JPY", timezone: "Asia/Tokyo" });
  const floor = await measure(async () => {
    let count = 0;
    for await (const _record of createReadStream(file).pipe(parse({ relax_column_count: true }))) count++;
    return count;
  });
  const validation = await measure(() =>
    validateImportFile(client, { id: shop.id, domain: shop.domain }, file, { preset: "generic", now: new Date() }),
  );
  const report = validation.result;
  const output = {
    rows,
    orders: report.orders,
    customers: report.customers,
    problems: report.problemCount,
    floor: {
      what: "csv-parse alone",
      seconds: floor.seconds,
      rowsPerSecond: Math.round(rows / floor.seconds),
      peakRssMb: floor.peakRssMb,
    },
    validation: {
      what: "dry run: decode, parse, normalise, group, check ids",
      seconds: validation.seconds,
      rowsPerSecond: Math.round(rows / validation.seconds),
      peakRssMb: validation.peakRssMb,
    },
    ratioToFloor: validation.seconds / floor.seconds,
    node: process.version,
    at: new Date().toISOString(),
  };
  console.log(JSON.stringify(output, null, 2));
  writeFileSync(
    path.join(path.dirname(fileURLToPath(import.meta.url)), "results", "history-import.json"),
    `${JSON.stringify(output, null, 2)}\n`,
  );
  await client.$disconnect();
  await database.drop();
}

await main();
