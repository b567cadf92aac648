import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { updateShopSettings } from "../../app/db/settings.server";
import { listShopifySegmentLinks } from "../../app/db/shopify-segments.server";
import { RFM_SEGMENT_KEYS } from "../../app/domain/rfm/segments";
import { pushToShopify } from "../../app/pushback/push.server";
import { runShopifySegmentsSync } from "../../app/segments-sync/sync.server";
import { countSegmentMembers } from "../../app/shopify/customer-segments.server";
import { type ShopHarness, startShopHarness, writeMetrics } from "../pushback/harness";

/**
 * One Shopify segment per Kizuna segment (decision 027): off by default; once on, created and then kept in
 * step (renamed when the shop's language changes, made again when deleted in Shopify), under Shopify's
 * rate limit; switching it off leaves Shopify's segments alone.
 */
let h: ShopHarness;

beforeAll(async () => {
  h = await startShopHarness({ customers: 10, seed: 2703 });
});
afterAll(() => h.stop());

const segmentCalls = () => h.emulator.control.calls().filter((call) => call.field.startsWith("segment"));
const segmentsInShopify = () => h.emulator.control.shopState(h.shop.domain).segments;

describe("Shopify segments kept in step with Kizuna's", () => {
  it("does nothing to Shopify's segments while the setting is off (the default), but creates the definitions", async () => {
    const summary = await runShopifySegmentsSync(db(), h.shop, h.admin);
    expect(summary.segments).toBe("off");
    expect(summary.definitions.created.length).toBeGreaterThan(0);
    expect(segmentCalls()).toEqual([]);
  });

  it("creates one segment per Kizuna segment, named in the shop's language, selecting on the segment metafield", async () => {
    await updateShopSettings(db(), h.shop, "shopifySegments", { sync: true });
    const summary = await runShopifySegmentsSync(db(), h.shop, h.admin, new Date("2026-12-01T00:00:00Z"));
    expect(summary.segments).toMatchObject({ created: [...RFM_SEGMENT_KEYS], updated: [], failed: [] });
    const links = await listShopifySegmentLinks(db(), h.shop);
    expect(links).toHaveLength(RFM_SEGMENT_KEYS.length);
    const champions = links.find((link) => link.segmentKey === "champions");
    expect(champions?.name).toBe("Kizuna: 最優良顧客 (Champions)");
    expect(champions?.query).toMatch(/^metafields\.app--\d+--kizuna\.segment = 'champions'$/);
    expect(segmentsInShopify().map((segment) => segment.name)).toContain("Kizuna: 最優良顧客 (Champions)");

    // the segment selects the customers the push marked as champions
    const [a, b, c] = h.customerIds;
    await writeMetrics(h.shop, a, { segment: "champions", rfm: [5, 5, 5] });
    await writeMetrics(h.shop, b, { segment: "champions", rfm: [5, 5, 4] });
    await writeMetrics(h.shop, c, { segment: "lost", rfm: [1, 1, 1] });
    await pushToShopify(db(), h.shop, h.admin);
    expect(await countSegmentMembers(h.admin, champions?.query ?? "")).toBe(2);
  });

  it("sends nothing when every segment is as wanted", async () => {
    const before = segmentCalls().length;
    const summary = await runShopifySegmentsSync(db(), h.shop, h.admin);
    expect(summary.segments).toMatchObject({ created: [], updated: [], unchanged: RFM_SEGMENT_KEYS.length });
    expect(segmentCalls().length).toBe(before);
  });

  it("renames the segments when the shop's language changes, and makes a segment deleted in Shopify again", async () => {
    await db().shop.update({ where: { id: h.shop.id }, data: { locale: "en" } });
    const shopState = h.emulator.control.shopState(h.shop.domain);
    const lost = shopState.segments.findIndex((segment) => segment.query.endsWith("'lost'"));
    shopState.segments.splice(lost, 1); // the merchant deleted it in Shopify
    const before = segmentCalls().length;
    const summary = await runShopifySegmentsSync(db(), h.shop, h.admin);
    expect(summary.segments).toMatchObject({ created: [], failed: [] });
    expect((summary.segments as { updated: string[] }).updated).toHaveLength(RFM_SEGMENT_KEYS.length);
    const calls = segmentCalls().slice(before);
    expect(calls.filter((call) => call.field === "segmentUpdate")).toHaveLength(RFM_SEGMENT_KEYS.length);
    expect(calls.filter((call) => call.field === "segmentCreate")).toHaveLength(1);
    const names = shopState.segments.map((segment) => segment.name).sort();
    expect(names).toContain("Kizuna: Champions");
    expect(names).toContain("Kizuna: Lost");
    expect(names.filter((name) => name.includes("最優良顧客"))).toEqual([]);
    await db().shop.update({ where: { id: h.shop.id }, data: { locale: "ja" } });
  });

  it("waits out Shopify's rate limit instead of failing", async () => {
    h.emulator.control.setBucket({ shop: h.shop.domain, available: 20 });
    const throttledBefore = h.admin.throttledCount;
    const summary = await runShopifySegmentsSync(db(), h.shop, h.admin);
    expect(summary.segments).toMatchObject({ updated: [...RFM_SEGMENT_KEYS], failed: [] });
    expect(h.admin.throttledCount).toBeGreaterThan(throttledBefore);
  });

  it("leaves Shopify's segments alone once switched off", async () => {
    await updateShopSettings(db(), h.shop, "shopifySegments", { sync: false });
    await db().shop.update({ where: { id: h.shop.id }, data: { locale: "en" } });
    const before = segmentCalls().length;
    const segments = h.emulator.control.shopState(h.shop.domain).segments.length;
    const summary = await runShopifySegmentsSync(db(), h.shop, h.admin);
    expect(summary.segments).toBe("off");
    expect(segmentCalls().length).toBe(before);
    expect(h.emulator.control.shopState(h.shop.domain).segments).toHaveLength(segments);
  });
});
