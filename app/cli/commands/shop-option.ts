import { parseArgs } from "node:util";
import type { Db } from "../../db/client.server";

/** `--shop DOMAIN`, resolved to an installed shop, with a clear error when it is missing or unknown. */
export async function shopFromArgs(client: Db, args: string[], command: string) {
  const { values } = parseArgs({ args, options: { shop: { type: "string" } }, strict: true });
  if (!values.shop) throw new UsageError(`Usage: kizuna ${command} --shop example.myshopify.com`);
  const shop = await client.shop.findUnique({
    where: { domain: values.shop },
    select: { id: true, domain: true, currency: true, installState: true },
  });
  if (!shop) throw new UsageError(`No shop ${values.shop} in this database: install Kizuna on it first`);
  return shop;
}

export class UsageError extends Error {
  override name = "ConfigError";
}
