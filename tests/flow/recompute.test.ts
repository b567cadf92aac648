import { beforeAll, describe, expect, it } from "vitest";
import { recomputeShopAnalytics } from "../../app/analytics/recompute.server";
import { db } from "../../app/db/client.server";
import type { ShopRef } from "../../app/db/shops.server";
import { DEFAULT_FIXED_THRESHOLDS } from "../../app/domain/rfm";
import { createShop, customerRecord, writeShopData } from "../analytics/small-shop";

/**
 * The recompute evaluates Flow triggers at its end: its first run records the customers' state without firing,
 * a rerun with no new data fires nothing, and a real segment move fires segment-changed once for that customer.
 */
const NOW = new Date("2026-06-01T00:00:00Z");
const LATER = new Date("2026-06-02T00:00:00Z");
let shop: ShopRef;

const segmentOf = async (customerId: bigint) =>
  (await db().customerMetrics.findUniqueOrThrow({ where: { shopId_customerId: { shopId: shop.id, customerId } } })).segment;

beforeAll(async () => {
  shop = await createShop(db(), "flow-recompute.myshopify.com", { rfm: DEFAULT_FIXED_THRESHOLDS });
  await writeShopData(db(), shop, {
    customers: [1, 2, 3].map((id) => customerRecord(id)),
    orders: [
      { id: 101, customerId: 1, at: "2026-05-20T03:00:00Z", total: 10_000 },
      { id: 201, customerId: 2, at: "2025-09-01T03:00:00Z", total: 3_000 },
      { id: 301, customerId: 3, at: "2026-04-01T03:00:00Z", total: 20_000 },
    ],
  });
});

describe("recompute → Flow triggers", () => {
  it("records every customer's state at the first recompute and fires nothing; a rerun fires nothing", async () => {
    await recomputeShopAnalytics(db(), shop, { now: NOW });
    expect(await db().customerSignalState.count({ where: { shopId: shop.id } })).toBe(3);
    await recomputeShopAnalytics(db(), shop, { now: NOW });
    expect(await db().flowTriggerEvent.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("a customer who moves segment fires segment-changed once", async () => {
    const before = await segmentOf(2n);
    await writeShopData(db(), shop, {
      customers: [],
      orders: [
        { id: 202, customerId: 2, at: "2026-05-30T03:00:00Z", total: 30_000 },
        { id: 203, customerId: 2, at: "2026-05-31T03:00:00Z", total: 30_000 },
      ],
    });
    await recomputeShopAnalytics(db(), shop, { now: LATER });
    const after = await segmentOf(2n);
    expect(after).not.toBe(before);
    const events = await db().flowTriggerEvent.findMany({ where: { shopId: shop.id, trigger: "segment-changed" } });
    expect(events.map((e) => [e.customerId, JSON.parse(e.payload).Segment, JSON.parse(e.payload)["Previous segment"]])).toEqual([
      [2n, after, before],
    ]);
    await recomputeShopAnalytics(db(), shop, { now: LATER });
    expect(await db().flowTriggerEvent.count({ where: { shopId: shop.id, trigger: "segment-changed" } })).toBe(1);
  });
});
