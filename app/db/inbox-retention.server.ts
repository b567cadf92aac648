import { parseShopSettings } from "../domain/settings/shop-settings";
import type { Db } from "./client.server";
import { payloadsOfRedactedCustomersScrub } from "./customer-privacy.server";
import type { ShopRef } from "./shops.server";
import { ordersOfRedactedCustomersScrub } from "./store-copy.server";
import { runStatements } from "./upsert.server";

/**
 * Raw webhook bodies are kept only as long as they are needed (decision 008). An applied delivery's row is
 * deleted once it is older than the shop's retention (settings: dataRetention.webhookPayloadDays, at least 3
 * days): by then Shopify has stopped retrying it (48 hours at most), so duplicate suppression by webhook id
 * still sees every retry. Pending and parked deliveries stay: the worker or a replay still needs them.
 */
const DAY_MS = 86_400_000;
// Deleted a slice at a time so the inbox (and SQLite's single writer) is never held for long.
const DELETE_SLICE = 5_000;

export interface PurgeResult {
  shops: number;
  deletedEvents: number;
}

/** Deletes one shop's applied deliveries received before `now - retentionDays`. */
export async function purgeAppliedWebhooks(client: Db, shop: ShopRef, retentionDays: number, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
  let deleted = 0;
  for (;;) {
    const slice = await runStatements(client, [
      {
        sql:
          `DELETE FROM "WebhookEvent" WHERE "id" IN (SELECT "id" FROM "WebhookEvent" ` +
          `WHERE "shopId" = ? AND "status" = 'applied' AND "receivedAt" < ? LIMIT ${DELETE_SLICE})`,
        params: [shop.id, cutoff],
      },
    ]);
    deleted += slice;
    if (slice < DELETE_SLICE) return deleted;
  }
}

/**
 * The scheduled purge of one shop (job sync.purge-payloads, queued daily): applied deliveries past the shop's
 * retention go, and the orders and stored bodies of redacted customers are checked once more (a write that
 * raced a redaction on PostgreSQL, or a late delivery that was parked instead of applied).
 */
export async function purgeShopWebhookPayloads(client: Db, shopId: number, now = new Date()): Promise<number> {
  const shop = await client.shop.findUnique({ where: { id: shopId }, select: { id: true, domain: true, settings: true } });
  if (!shop) return 0;
  const { webhookPayloadDays } = parseShopSettings(shop.settings).dataRetention;
  const deleted = await purgeAppliedWebhooks(client, shop, webhookPayloadDays, now);
  await runStatements(client, [...ordersOfRedactedCustomersScrub(shop), ...payloadsOfRedactedCustomersScrub(shop)]);
  return deleted;
}

/** The same for every shop at once (the CLI and tests). */
export async function purgeExpiredWebhookPayloads(client: Db, now = new Date()): Promise<PurgeResult> {
  const shops = await client.shop.findMany({ select: { id: true } });
  const result: PurgeResult = { shops: 0, deletedEvents: 0 };
  for (const shop of shops) {
    result.deletedEvents += await purgeShopWebhookPayloads(client, shop.id, now);
    result.shops++;
  }
  return result;
}
