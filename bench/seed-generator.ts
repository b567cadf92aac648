/**
 * Benchmark of the seeded-store generator in streaming mode.
 *
 *   npx tsx bench/seed-generator.ts [--customers 100000] [--seed 1] [--currency JPY]
 *
 * Streams iterateStore without keeping anything, samples RSS as it goes (memory must stay flat with size)
 * and records the run in bench/results/seed-generator.json, keyed by customer count.
 */

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { iterateStore } from "../emulator/seed/generate";

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

const customers = Number(argument("customers", "100000"));
const seed = Number(argument("seed", "1"));
const currency = argument("currency", "JPY");
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

const rssStart = process.memoryUsage().rss;
let peakRss = rssStart;
const rssAtDecile: number[] = [];
let orders = 0;
let lineItems = 0;
let revenue = 0; // minor units, a checksum that the work was really done
let generated = 0;
const started = performance.now();
for (const { orders: customerOrders } of iterateStore({ seed, customers, currency })) {
  generated++;
  orders += customerOrders.length;
  for (const order of customerOrders) {
    lineItems += order.lineItems.length;
    revenue += order.total.shop;
  }
  if (generated % 1000 === 0) {
    const rss = process.memoryUsage().rss;
    if (rss > peakRss) peakRss = rss;
    if (generated % Math.max(1000, Math.floor(customers / 10)) === 0) rssAtDecile.push(mb(rss));
  }
}
const seconds = (performance.now() - started) / 1000;
peakRss = Math.max(peakRss, process.memoryUsage().rss);

const result = {
  customers,
  seed,
  currency,
  orders,
  lineItems,
  revenueMinorUnits: revenue,
  seconds: Math.round(seconds * 100) / 100,
  customersPerSecond: Math.round(customers / seconds),
  ordersPerSecond: Math.round(orders / seconds),
  rssStartMb: mb(rssStart),
  peakRssMb: mb(peakRss),
  rssAtEachTenthMb: rssAtDecile,
  node: process.version,
  measuredAt: new Date().toISOString(),
};
console.log(JSON.stringify(result, null, 2));

const file = fileURLToPath(new URL("./results/seed-generator.json", import.meta.url));
mkdirSync(dirname(file), { recursive: true });
let previous: { runs?: Record<string, unknown> } = {};
try {
  previous = JSON.parse(readFileSync(file, "utf8"));
} catch {
  // first run
}
const runs = { ...(previous.runs ?? {}), [`${currency}-${customers}`]: result };
writeFileSync(file, `${JSON.stringify({ benchmark: "seed-generator (iterateStore, streaming)", runs }, null, 2)}\n`);
