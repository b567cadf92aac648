import type { Db } from "../db/client.server";
import { getShopSettings, updateShopSettings } from "../db/settings.server";
import { listShopifySegmentLinks } from "../db/shopify-segments.server";
import type { ShopRef } from "../db/shops.server";
import { JobNames } from "../jobs/catalog";
import type { JobQueue } from "../jobs/queue.server";
import type { AdminClient } from "../shopify/admin-client.server";
import {
  type DefinitionsReport,
  type DefinitionsStatus,
  ensureKizunaMetafieldDefinitions,
  inspectKizunaMetafieldDefinitions,
} from "../shopify/metafield-definitions.server";

/** The Settings card "Shopify segments" (decision 027): what it shows and what its buttons do. */

export interface ShopifySegmentsOverview {
  /** null when Shopify could not be asked */
  definitions: DefinitionsStatus | null;
  sync: boolean;
  segments: number;
  lastSyncedAt: string | null;
}

export async function shopifySegmentsOverview(
  client: Db,
  shop: ShopRef,
  admin: () => Promise<AdminClient>,
): Promise<ShopifySegmentsOverview> {
  const [settings, links, definitions] = await Promise.all([
    getShopSettings(client, shop),
    listShopifySegmentLinks(client, shop),
    admin()
      .then((client) => inspectKizunaMetafieldDefinitions(client))
      .catch(() => null),
  ]);
  const last = links.reduce<Date | null>((latest, link) => (latest && latest > link.syncedAt ? latest : link.syncedAt), null);
  return {
    definitions,
    sync: settings.shopifySegments.sync,
    segments: links.length,
    lastSyncedAt: last?.toISOString() ?? null,
  };
}

export function queueShopifySegmentsSync(queue: JobQueue, shop: ShopRef) {
  return queue.enqueue(
    JobNames.shopifySegmentsSync,
    { shopId: shop.id },
    { shopId: shop.id, singletonKey: `shopify-segments:${shop.id}` },
  );
}

/** The merchant's "Create definitions" button: done while they wait (ten definitions at most). */
export function createDefinitionsNow(admin: AdminClient): Promise<DefinitionsReport> {
  return ensureKizunaMetafieldDefinitions(admin);
}

/** Switching the segment sync: on queues a sync; off only stops it (Shopify's segments stay as they are). */
export async function setShopifySegmentsSync(client: Db, shop: ShopRef, queue: JobQueue, sync: boolean): Promise<void> {
  await updateShopSettings(client, shop, "shopifySegments", { sync });
  if (sync) await queueShopifySegmentsSync(queue, shop);
}
