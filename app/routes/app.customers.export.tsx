import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../db/client.server";
import { customerFilterOf, customerListQuerySchema, iterateCustomers, shopFormat } from "../db/customers.server";
import { currencyDecimals, minorUnitsToAmount } from "../domain/money";
import { resolveLocale } from "../i18n";
import { formatRegion } from "../i18n/format";
import { csvDownload } from "../lib/csv";
import { requireShop } from "../require-shop.server";

/**
 * CSV of the customers the list's current filter shows (or one segment: ?segment=champions), streamed
 * 1,000 rows at a time so a million customers never sit in memory. A resource route: no UI.
 */
const HEADER = [
  "customer_id",
  "first_name",
  "last_name",
  "email",
  "segment",
  "r_score",
  "f_score",
  "m_score",
  "orders",
  "net_spend",
  "predicted_clv_12m",
  "p_alive",
  "last_order_at",
  "currency",
  "region",
];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const parsed = customerListQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    return new Response(
      `The export filter is not valid: ${parsed.error.issues.map((issue) => issue.path.join(".")).join(", ")}`,
      {
        status: 400,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      },
    );
  }
  const format = await shopFormat(db(), shop);
  // the region as the admin who exports reads it (岡山県 倉敷市 / Kurashiki, Okayama)
  const locale = resolveLocale(new URL(request.url).searchParams.get("locale"), request.headers.get("accept-language"));
  const decimals = currencyDecimals(format.currency);
  const batches = iterateCustomers(db(), shop, {
    filter: customerFilterOf(parsed.data, format.currency),
    sort: parsed.data.sort,
    batchSize: 1000,
  });
  const name = parsed.data.segment ? `kizuna-${parsed.data.segment}` : "kizuna-customers";
  return csvDownload(`${name}.csv`, HEADER, batches, (row) => [
    row.id,
    row.firstName,
    row.lastName,
    row.email,
    row.segment,
    row.rScore,
    row.fScore,
    row.mScore,
    row.ordersCount,
    minorUnitsToAmount(row.netSpendMinor, decimals),
    row.predictedClv12mMinor === null ? null : minorUnitsToAmount(row.predictedClv12mMinor, decimals),
    row.pAlive === null ? null : row.pAlive.toFixed(4),
    row.lastOrderAt === null ? null : new Date(row.lastOrderAt).toISOString(),
    format.currency,
    formatRegion(row, locale),
  ]);
};
