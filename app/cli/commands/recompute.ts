/**
 * `kizuna recompute --shop DOMAIN`
 *
 * Recomputes a shop's analytics now (what the background job does after orders change), with a progress
 * bar on stderr — redrawn in place on a terminal, one line per phase otherwise — and a one-line summary.
 */
import { parseArgs } from "node:util";
import { recomputeShopAnalytics } from "../../analytics/recompute.server";
import { db } from "../../db/client.server";
import { findShop } from "../../db/shops.server";
import type { CommandIo } from "../io";
import { progressPrinter } from "../progress";
import { InputError, runCommand } from "./transactions-csv";

const USAGE = "usage: kizuna recompute --shop DOMAIN";

export async function run(args: string[], io: CommandIo): Promise<number> {
  return runCommand(io, USAGE, async () => {
    const { values } = parseArgs({ args, options: { shop: { type: "string" } }, strict: true, allowPositionals: false });
    const domain = values.shop?.trim();
    if (!domain) throw new InputError("--shop DOMAIN is required, e.g. --shop my-store.myshopify.com");
    const client = db();
    const shop = await findShop(client, domain);
    if (!shop) {
      const known = await client.shop.findMany({ select: { domain: true }, orderBy: { domain: "asc" }, take: 10 });
      throw new InputError(
        `No shop "${domain}" in this database. ${known.length ? `Known shops: ${known.map((s) => s.domain).join(", ")}` : "No shop is installed yet."}`,
      );
    }
    const progress = progressPrinter(io);
    const outcome = await recomputeShopAnalytics(
      client,
      { id: shop.id, domain: shop.domain },
      { now: new Date(), onProgress: progress.update },
    );
    progress.done();
    const result = await client.analyticsResult.findUniqueOrThrow({ where: { id: outcome.resultId }, select: { summary: true } });
    const summary = JSON.parse(result.summary) as { kpis: { buyers: number }; model: { status: string } };
    io.stdout(
      `Recomputed ${shop.domain}: ${outcome.customers.toLocaleString("en")} customers (${summary.kpis.buyers.toLocaleString("en")} with orders), ` +
        `model ${summary.model.status}, result #${outcome.resultId} in ${(outcome.durationMs / 1000).toFixed(1)} s`,
    );
  });
}
