import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { pushStateOf } from "../../app/db/pushback.server";
import { pushToShopify } from "../../app/pushback/push.server";
import { type ShopHarness, startShopHarness, writeMetrics } from "./harness";

/**
 * A customer who never ordered has no segment and no scores: Kizuna writes no `segment=none` /
 * `rfm_score=000` for them, and removes such values an earlier version pushed.
 */
let h: ShopHarness;

beforeAll(async () => {
  h = await startShopHarness({ customers: 6, seed: 51 });
});
afterAll(() => h.stop());

function kizunaMetafields(customerId: bigint): Record<string, string> {
  const customer = h.emulator.store(h.shop.domain).customers.get(Number(customerId));
  return Object.fromEntries(
    (customer?.metafields ?? []).filter((m) => m.namespace.endsWith("--kizuna")).map((m) => [m.key, m.value]),
  );
}

/** The metrics row the recompute writes for a customer without orders. */
async function writeNoOrders(customerId: bigint) {
  await writeMetrics(h.shop, customerId, { segment: "none", rfm: [0, 0, 0], pAlive: 1, predictedClv12mMinor: 0 });
}

describe("customers without orders", () => {
  it("get no analysis metafields; buyers get theirs", async () => {
    const [buyer, never] = h.customerIds;
    await writeMetrics(h.shop, buyer, { segment: "loyal", rfm: [4, 4, 4], pAlive: 0.9, predictedClv12mMinor: 5000 });
    await writeNoOrders(never);
    const summary = await pushToShopify(db(), h.shop, h.admin);
    expect(summary.failed).toEqual([]);
    expect(kizunaMetafields(buyer)).toMatchObject({ segment: "loyal", rfm_score: "444" });
    expect(kizunaMetafields(never)).toEqual({});
    expect(h.emulator.control.calls({ field: "metafieldsSet" }).flatMap((call) => JSON.stringify(call.args))).not.toContain(
      '"value":"000"',
    );
  });

  it("loses the segment=none and rfm_score=000 values pushed earlier", async () => {
    const customerId = h.customerIds[2];
    // what an earlier version pushed and recorded
    await writeMetrics(h.shop, customerId, { segment: "none", rfm: [0, 0, 0] });
    await db().customerPushState.create({
      data: {
        shopId: h.shop.id,
        customerId,
        tags: "[]",
        metafields: JSON.stringify({ segment: "none", rfm_score: "000" }),
        pushedAt: new Date("2026-01-01T00:00:00Z"),
      },
    });
    await h.admin.request(
      `#graphql
        mutation ($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }`,
      {
        m: [
          {
            ownerId: `gid://shopify/Customer/${customerId}`,
            namespace: "$app:kizuna",
            key: "segment",
            type: "single_line_text_field",
            value: "none",
          },
          {
            ownerId: `gid://shopify/Customer/${customerId}`,
            namespace: "$app:kizuna",
            key: "rfm_score",
            type: "single_line_text_field",
            value: "000",
          },
        ],
      },
    );
    expect(kizunaMetafields(customerId)).toEqual({ segment: "none", rfm_score: "000" });

    const summary = await pushToShopify(db(), h.shop, h.admin);
    expect(summary.failed).toEqual([]);
    expect(kizunaMetafields(customerId)).toEqual({});
    expect((await pushStateOf(db(), h.shop, customerId))?.metafields).toEqual({});
    // nothing left to do
    const again = await pushToShopify(db(), h.shop, h.admin);
    expect(again.customersChanged).toBe(0);
  });

  it("deletes them in bulk mode too, before recording the customers as pushed", async () => {
    const customerId = h.customerIds[3];
    await writeMetrics(h.shop, customerId, { segment: "hibernating", rfm: [2, 1, 1] });
    await pushToShopify(db(), h.shop, h.admin);
    expect(kizunaMetafields(customerId)).toMatchObject({ segment: "hibernating", rfm_score: "211" });
    // every order refunded and cancelled: the recompute finds no orders any more
    await writeMetrics(h.shop, customerId, { segment: "none", rfm: [0, 0, 0] });
    const summary = await pushToShopify(db(), h.shop, h.admin, { bulkThreshold: 0, bulk: { pollMs: 5 } });
    expect(summary.mode).toBe("bulk");
    // segment, rfm_score and future_loyal (no P(alive), so no churn risk either)
    expect(summary.metafieldsDeleted).toBe(3);
    expect(kizunaMetafields(customerId)).toEqual({});
    expect((await pushStateOf(db(), h.shop, customerId))?.metafields).toEqual({});
  });

  it("a buyer whose first order arrives gets the values from then on", async () => {
    const customerId = h.customerIds[1];
    await writeMetrics(h.shop, customerId, { segment: "new", rfm: [5, 1, 1] });
    await pushToShopify(db(), h.shop, h.admin);
    expect(kizunaMetafields(customerId)).toMatchObject({ segment: "new", rfm_score: "511" });
  });
});
