/**
 * Segment movement is counted one way wherever it is shown: the summary a recompute stores (the segments
 * page's default matrix) and a comparison of two chosen analyses from the recorded changes must agree.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { recomputeShopAnalytics } from "../../app/analytics/recompute.server";
import { db } from "../../app/db/client.server";
import type { ShopRef } from "../../app/db/shops.server";
import { DEFAULT_FIXED_THRESHOLDS } from "../../app/domain/rfm";
import { loader as segmentsLoader } from "../../app/routes/app.segments";
import { embeddedAdminRequest, TEST_SHOP } from "../support/shopify-requests";
import { call } from "../ui/route-call";
import { createShop, customerRecord, writeShopData } from "./small-shop";

let shop: ShopRef;
const results: number[] = [];

const movementOf = async (query = "") => {
  const { value } = await call(segmentsLoader, await embeddedAdminRequest(`/app/segments${query}`));
  return value?.analytics?.movement;
};

beforeAll(async () => {
  shop = await createShop(db(), TEST_SHOP, { rfm: DEFAULT_FIXED_THRESHOLDS });
  await db().session.create({
    data: { id: `offline_${TEST_SHOP}`, shop: TEST_SHOP, state: "installed", isOnline: false, accessToken: "shpat_test" },
  });
  await writeShopData(db(), shop, {
    customers: [1, 2, 3].map((id) => customerRecord(id)),
    orders: [
      { id: 101, customerId: 1, at: "2026-05-20T03:00:00Z", total: 30_000 }, // stays where it is
      { id: 201, customerId: 2, at: "2025-06-01T03:00:00Z", total: 3_000 }, // moves at the second recompute
    ],
  });
  results.push((await recomputeShopAnalytics(db(), shop, { now: new Date("2026-06-01T00:00:00Z") })).resultId);
  await writeShopData(db(), shop, {
    orders: [
      { id: 202, customerId: 2, at: "2026-06-05T03:00:00Z", total: 20_000 },
      { id: 301, customerId: 3, at: "2026-06-06T03:00:00Z", total: 5_000 }, // customer 3: none → a segment
    ],
  });
  results.push((await recomputeShopAnalytics(db(), shop, { now: new Date("2026-06-08T00:00:00Z") })).resultId);
  // Customer 3's only order is cancelled: back to no segment.
  await db().order.update({
    where: { shopId_id: { shopId: shop.id, id: 301n } },
    data: { cancelledAt: new Date("2026-06-09T00:00:00Z") },
  });
  results.push((await recomputeShopAnalytics(db(), shop, { now: new Date("2026-06-10T00:00:00Z") })).resultId);
});

const total = (counts: number[][]) => counts.flat().reduce((sum, n) => sum + n, 0);

describe("segment movement", () => {
  it("is the same matrix whether read from the latest summary or compared from the recorded changes", async () => {
    const latest = await movementOf();
    const compared = await movementOf(`?from=${results[1]}&to=${results[2]}`);
    expect(latest).toMatchObject({ fromId: results[1], toId: results[2], changed: 1 });
    expect(compared).toMatchObject({ fromId: results[1], toId: results[2], changed: 1 });
    expect(latest?.counts).toEqual(compared?.counts);
  });

  it("counts only customers who changed segment (no one on the diagonal)", async () => {
    const latest = await movementOf();
    expect(total(latest?.counts ?? [])).toBe(latest?.changed);
    expect(latest?.counts.map((row, i) => row[i])).toEqual(latest?.counts.map(() => 0));
  });

  it("leaves out a customer who went from no segment back to no segment", async () => {
    const compared = await movementOf(`?from=${results[0]}&to=${results[2]}`);
    // Only customer 2 moved between the first and the third analysis.
    expect(compared?.changed).toBe(1);
    expect(total(compared?.counts ?? [])).toBe(1);
  });
});
