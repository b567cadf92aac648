import { segmentName } from "../components/segment-name";
import type { Db } from "../db/client.server";
import { getShopSettings } from "../db/settings.server";
import { listShopifySegmentLinks, saveShopifySegmentLink, shopLocale } from "../db/shopify-segments.server";
import type { ShopRef } from "../db/shops.server";
import { RFM_SEGMENT_KEYS } from "../domain/rfm/segments";
import {
  planSegmentSync,
  type SegmentSyncStep,
  segmentMetafieldQuery,
  type WantedShopifySegment,
} from "../domain/segments-sync/plan";
import { resolveLocale, translator } from "../i18n";
import type { AdminClient } from "../shopify/admin-client.server";
import {
  createShopifySegment,
  findShopifySegmentByName,
  type SegmentWriteResult,
  updateShopifySegment,
} from "../shopify/customer-segments.server";
import {
  type DefinitionsReport,
  ensureKizunaMetafieldDefinitions,
  segmentFilterReady,
} from "../shopify/metafield-definitions.server";

/**
 * Kizuna's fields in Shopify's own segments (decision 027). Every run first brings the `$app:kizuna`
 * definitions in line (created, admin-filterable); then, only while the merchant has switched the segment
 * sync on, one Shopify customer segment per Kizuna segment is created or updated with segmentCreate /
 * segmentUpdate, and ShopifySegmentLink remembers which is which. Each Admin call waits out Shopify's rate
 * limit (the admin client's throttle handling). Switching the setting off stops the sync and leaves the
 * segments in Shopify as they are.
 */

export interface ShopifySegmentsSyncSummary {
  definitions: DefinitionsReport;
  /** "off": the setting is off; "notReady": the `segment` definition cannot be filtered on */
  segments: "off" | "notReady" | { created: string[]; updated: string[]; unchanged: number; failed: SegmentFailure[] };
}

export interface SegmentFailure {
  segmentKey: string;
  message: string;
}

export class ShopifySegmentsSyncError extends Error {
  override name = "ShopifySegmentsSyncError";
}

/** The Shopify segments Kizuna wants: its segment names in the shop's language (Japanese with the English name). */
export function wantedShopifySegments(locale: string, namespace: string): WantedShopifySegment[] {
  const language = resolveLocale(locale);
  const t = translator(language);
  const english = translator("en");
  return RFM_SEGMENT_KEYS.map((segmentKey) => {
    const label =
      language === "ja" ? `${segmentName(t, segmentKey)} (${segmentName(english, segmentKey)})` : segmentName(t, segmentKey);
    return {
      segmentKey,
      name: t("shopifySegments.segmentName", { name: label }),
      query: segmentMetafieldQuery(namespace, segmentKey),
    };
  });
}

async function apply(admin: AdminClient, step: SegmentSyncStep): Promise<SegmentWriteResult> {
  const { name, query } = step.wanted;
  if (step.kind === "update") {
    const updated = await updateShopifySegment(admin, step.link.shopifySegmentId, name, query);
    // deleted in Shopify by the merchant: made again, since the sync is on
    if (updated.ok || updated.reason !== "missing") return updated;
  }
  const created = await createShopifySegment(admin, name, query);
  if (created.ok || created.reason !== "nameTaken") return created;
  // a segment of that name exists (an earlier install, or a link lost): adopt it rather than add a second
  const existing = await findShopifySegmentByName(admin, name);
  if (!existing) return created;
  return existing.query === query ? { ok: true, segment: existing } : updateShopifySegment(admin, existing.id, name, query);
}

export async function runShopifySegmentsSync(
  client: Db,
  shop: ShopRef,
  admin: AdminClient,
  now: Date = new Date(),
): Promise<ShopifySegmentsSyncSummary> {
  const definitions = await ensureKizunaMetafieldDefinitions(admin);
  const settings = await getShopSettings(client, shop);
  if (!settings.shopifySegments.sync) return { definitions, segments: "off" };
  if (!segmentFilterReady(definitions) || definitions.namespace === null) return { definitions, segments: "notReady" };
  const wanted = wantedShopifySegments(await shopLocale(client, shop), definitions.namespace);
  const steps = planSegmentSync(wanted, await listShopifySegmentLinks(client, shop));
  const result = {
    created: [] as string[],
    updated: [] as string[],
    unchanged: wanted.length - steps.length,
    failed: [] as SegmentFailure[],
  };
  for (const step of steps) {
    const outcome = await apply(admin, step);
    if (!outcome.ok) {
      result.failed.push({ segmentKey: step.wanted.segmentKey, message: outcome.message });
      continue;
    }
    const link = {
      segmentKey: step.wanted.segmentKey,
      shopifySegmentId: outcome.segment.id,
      name: outcome.segment.name,
      query: outcome.segment.query,
    };
    await saveShopifySegmentLink(client, shop, link, now);
    (step.kind === "create" ? result.created : result.updated).push(step.wanted.segmentKey);
  }
  if (result.failed.length > 0) {
    // the links that were saved stay; the queue retries the rest with backoff
    throw new ShopifySegmentsSyncError(
      `Shopify did not accept ${result.failed.length} Kizuna segments: ${result.failed.map((f) => `${f.segmentKey}: ${f.message}`).join("; ")}`,
    );
  }
  return { definitions, segments: result };
}
