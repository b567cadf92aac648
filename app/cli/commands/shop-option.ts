import { parseArgs } from "node:util";
import type { Db } from "../../db/client.server";
import { InputError } from "../io";

/** `--shop DOMAIN`, resolved to a shop of this database, with a clear error naming the known shops. */
export async function shopFromArgs(client: Db, args: string[]) {
  const { values } = parseArgs({ args, options: { shop: { type: "string" } }, strict: true, allowPositionals: false });
  const domain = values.shop?.trim();
  if (!domain) throw new InputError("--shop DOMAIN is required, e.g. --shop my-store.myshopify.com");
  const shop = await client.shop.findUnique({
    where: { domain },
    select: { id: true, domain: true, currency: true, installState: true },
  });
  if (!shop) {
    const known = await client.shop.findMany({ select: { domain: true }, orderBy: { domain: "asc" }, take: 10 });
    throw new InputError(
      `No shop "${domain}" in this database. ${known.length ? `Known shops: ${known.map((s) => s.domain).join(", ")}` : "No shop is installed yet."}`,
    );
  }
  return shop;
}
