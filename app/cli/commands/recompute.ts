/**
 * `kizuna recompute --shop DOMAIN`
 *
 * Recomputes a shop's analytics now (what the background job does after orders change), with a progress
 * bar on stderr — redrawn in place on a terminal, one line per phase otherwise — and a one-line summary.
 */
import { recomputeShopAnalytics } from "../../analytics/recompute.server";
import { db } from "../../db/client.server";
import { type CommandIo, runCommand } from "../io";
import { progressPrinter } from "../progress";
import { shopFromArgs } from "./shop-option";

const USAGE = "usage: kizuna recompute --shop DOMAIN";

export async function run(args: string[], io: CommandIo): Promise<number> {
  return runCommand(io, USAGE, async () => {
    const client = db();
    const shop = await shopFromArgs(client, args);
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
