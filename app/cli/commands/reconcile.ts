import { db } from "../../db/client.server";
import { runReconcile } from "../../sync/reconcile.server";
import { adminClientFor } from "../../shopify/shop-client.server";
import { type CommandIo, runCommand } from "../io";
import { progressPrinter } from "../progress";
import { shopFromArgs } from "./shop-option";

const USAGE = "usage: kizuna reconcile --shop DOMAIN";

/** Applies what webhooks missed: every customer and order updated since the shop's watermark. */
export async function run(args: string[], io: CommandIo): Promise<number> {
  return runCommand(io, USAGE, async () => {
    const client = db();
    const shop = await shopFromArgs(client, args);
    const progress = progressPrinter(io);
    const counts = await runReconcile(client, shop, {
      admin: await adminClientFor(client, shop),
      onProgress: (p) => progress.update({ ...p, total: null }),
    });
    progress.done();
    io.stdout(
      `Reconciled ${shop.domain}: ${counts.customers} customers and ${counts.orders} orders were updated since the last run`,
    );
  });
}
