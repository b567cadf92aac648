import { db } from "../../db/client.server";
import { runBackfill } from "../../sync/backfill.server";
import { adminClientFor } from "../../shopify/shop-client.server";
import { type CommandIo, runCommand } from "../io";
import { progressPrinter } from "../progress";
import { shopFromArgs } from "./shop-option";

const USAGE = "usage: kizuna backfill --shop DOMAIN";

/** Copies (or finishes copying) a shop's customers and orders now, resuming an interrupted run. */
export async function run(args: string[], io: CommandIo): Promise<number> {
  return runCommand(io, USAGE, async () => {
    const client = db();
    const shop = await shopFromArgs(client, args);
    const progress = progressPrinter(io);
    const summary = await runBackfill(client, shop, { admin: await adminClientFor(client, shop), onProgress: progress.update });
    progress.done();
    io.stdout(
      `Backfilled ${shop.domain}: ${summary.customers.toLocaleString("en")} customers, ${summary.orders.toLocaleString("en")} orders, ` +
        `${summary.lineItems.toLocaleString("en")} line items, ${summary.refunds.toLocaleString("en")} refunds`,
    );
  });
}
