import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CampaignInputError,
  CampaignShopifyError,
  campaignResults,
  changeCampaignStatus,
  createCampaign,
} from "../../app/campaigns/campaigns.server";
import type { CampaignInput } from "../../app/campaigns/form";
import { campaignMembers } from "../../app/db/campaigns.server";
import { db } from "../../app/db/client.server";
import { gidOf, type ShopHarness, startShopHarness, writeMetrics } from "../pushback/harness";

let h: ShopHarness;
const champions: bigint[] = [];
const loyal: bigint[] = [];

beforeAll(async () => {
  h = await startShopHarness({ customers: 24, seed: 11 });
  for (const [index, customerId] of h.customerIds.entries()) {
    const segment = index < 12 ? "champions" : index < 20 ? "loyal" : "lost";
    if (segment === "champions") champions.push(customerId);
    if (segment === "loyal") loyal.push(customerId);
    await writeMetrics(h.shop, customerId, { segment });
  }
});
afterAll(() => h.stop());

const base = (overrides: Partial<CampaignInput> = {}): CampaignInput => ({
  name: "Champions 15%",
  audience: { type: "segment", segment: "champions" },
  value: { kind: "percentage", percent: 15 },
  minimumSubtotalMinor: 5000,
  startsAt: new Date("2026-03-01T00:00:00Z"),
  endsAt: new Date("2026-04-01T00:00:00Z"),
  codeMode: "shared",
  sharedCode: null,
  holdoutShare: 0.25,
  tagMembers: false,
  ...overrides,
});

function emulatorDiscount(discountId: string | null) {
  return h.emulator.control.pushed().discounts.find((discount) => discount.gid === discountId);
}

describe("campaigns", () => {
  let sharedCampaignId = 0;

  it("creates one shared code restricted to the treated customers; the hold-out gets nothing", async () => {
    // live from the start of its window, so the orders below are its result
    const campaign = await createCampaign(db(), h.shop, h.admin, base({ sharedCode: "CHAMPS15" }), {
      now: () => new Date("2026-03-01T00:00:00Z"),
    });
    sharedCampaignId = campaign.id;
    expect(campaign).toMatchObject({ status: "active", sharedCode: "CHAMPS15", error: null });
    const members = await campaignMembers(db(), h.shop, campaign.id);
    const treated = members.filter((m) => m.groupName === "treatment").map((m) => m.customerId);
    const holdout = members.filter((m) => m.groupName === "holdout").map((m) => m.customerId);
    expect(holdout).toHaveLength(3);
    expect(treated).toHaveLength(9);
    expect([...treated, ...holdout].sort()).toEqual([...champions].sort());
    const discount = emulatorDiscount(campaign.shopifyDiscountId);
    expect(discount).toMatchObject({
      title: "Champions 15%",
      codes: ["CHAMPS15"],
      value: { kind: "percentage", percentage: 0.15 },
      minimumSubtotal: 5000,
      appliesOncePerCustomer: true,
    });
    expect([...(discount?.customerIds ?? [])].map(BigInt).sort()).toEqual([...treated].sort());
    for (const id of holdout) expect(discount?.customerIds).not.toContain(Number(id));
    const call = h.emulator.control.calls({ field: "discountCodeBasicCreate" }).at(-1);
    expect((call?.args.basicCodeDiscount as { context?: unknown } | undefined)?.context).toEqual({
      customers: { add: treated.map(gidOf) },
    });
  });

  it("creates one single-use code per treated customer and none for the hold-out", async () => {
    const campaign = await createCampaign(
      db(),
      h.shop,
      h.admin,
      base({
        name: "Loyal ¥500",
        audience: { type: "segment", segment: "loyal" },
        value: { kind: "fixed", amountMinor: 500 },
        codeMode: "unique",
        minimumSubtotalMinor: null,
      }),
      { pollMs: 10 },
    );
    expect(campaign.status).toBe("active");
    const members = await campaignMembers(db(), h.shop, campaign.id);
    const treated = members.filter((m) => m.groupName === "treatment");
    const holdout = members.filter((m) => m.groupName === "holdout");
    expect(holdout).toHaveLength(2);
    expect(holdout.every((m) => m.code === null)).toBe(true);
    expect(treated.every((m) => m.code?.startsWith(`KZ${campaign.id}-`))).toBe(true);
    const discount = emulatorDiscount(campaign.shopifyDiscountId);
    expect(discount?.codes.sort()).toEqual(treated.map((m) => m.code).sort());
    expect(discount).toMatchObject({ value: { kind: "fixed", amount: 500 }, usageLimit: 1 });
    expect([...(discount?.customerIds ?? [])].map(BigInt).sort()).toEqual(treated.map((m) => m.customerId).sort());
    expect(h.emulator.control.calls({ field: "discountRedeemCodeBulkAdd" })).toHaveLength(1);
  });

  it("marks the campaign failed, never active, when Shopify refuses the discount", async () => {
    h.emulator.control.failNext({ field: "discountCodeBasicCreate", kind: "userErrors", message: "Internal error" });
    const failure = await createCampaign(db(), h.shop, h.admin, base({ name: "Doomed" })).catch((error) => error);
    expect(failure).toBeInstanceOf(CampaignShopifyError);
    expect(failure.userErrors).toEqual([{ field: null, message: "Internal error", code: "INTERNAL_ERROR" }]);
    const row = await db().campaign.findFirst({ where: { shopId: h.shop.id, name: "Doomed" } });
    expect(row).toMatchObject({ status: "failed", shopifyDiscountId: null });
    expect(row?.error).toContain("Internal error");

    // the code is taken by the first campaign: Shopify's own TAKEN userError
    const taken = await createCampaign(db(), h.shop, h.admin, base({ name: "Again", sharedCode: "champs15" })).catch((e) => e);
    expect(taken).toBeInstanceOf(CampaignShopifyError);
    expect(taken.userErrors[0].code).toBe("TAKEN");
    const active = await db().campaign.findMany({
      where: { shopId: h.shop.id, name: { in: ["Doomed", "Again"] }, status: "active" },
    });
    expect(active).toEqual([]);
  });

  it("refuses an empty audience before creating anything", async () => {
    const before = await db().campaign.count({ where: { shopId: h.shop.id } });
    const error = await createCampaign(db(), h.shop, h.admin, base({ audience: { type: "segment", segment: "new" } })).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(CampaignInputError);
    expect(error.messageKey).toBe("campaigns.error.emptyAudience");
    expect(await db().campaign.count({ where: { shopId: h.shop.id } })).toBe(before);
  });

  it("measures the lift of treated over hold-out from the synced orders", async () => {
    const members = await campaignMembers(db(), h.shop, sharedCampaignId);
    const treated = members.filter((m) => m.groupName === "treatment").map((m) => m.customerId);
    const holdout = members.filter((m) => m.groupName === "holdout").map((m) => m.customerId);
    const treatedRevenue = [5000, 5000, 3000, 0, 0, 8000, 0, 2000, 0];
    const holdoutRevenue = [1000, 0, 0];
    let orderId = 900_000_000n;
    const order = async (customerId: bigint, totalMinor: number, codes: string, processedAt = "2026-03-10T00:00:00Z") => {
      const at = new Date(processedAt);
      await db().order.create({
        data: {
          shopId: h.shop.id,
          id: orderId++,
          name: `#T${orderId}`,
          customerId,
          shopifyCreatedAt: at,
          processedAt: at,
          shopifyUpdatedAt: at,
          currency: "JPY",
          presentmentCurrency: "JPY",
          discountCodes: codes,
          subtotalMinor: totalMinor,
          totalMinor,
          presentmentTotalMinor: totalMinor,
        },
      });
    };
    for (const [index, customerId] of treated.entries()) {
      const revenue = treatedRevenue[index];
      if (revenue === 5000) {
        await order(customerId, 3000, "CHAMPS15");
        await order(customerId, 2000, "");
      } else if (revenue > 0) await order(customerId, revenue, index === 2 ? "champs15" : "OTHER");
    }
    await order(holdout[0], holdoutRevenue[0], "");
    // outside the window: not counted
    await order(treated[3], 99_000, "CHAMPS15", "2026-05-01T00:00:00Z");
    await order(holdout[1], 99_000, "", "2026-02-01T00:00:00Z");

    const results = await campaignResults(db(), h.shop, sharedCampaignId, new Date("2026-06-01T00:00:00Z"));
    expect(results?.to.toISOString()).toBe("2026-04-01T00:00:00.000Z");
    expect(results?.lift.treated).toEqual({
      customers: 9,
      customersWithOrders: 5,
      orderRate: 5 / 9,
      orders: 7,
      revenueMinor: 23000,
      revenuePerCustomerMinor: 23000 / 9,
      redemptions: 3,
    });
    expect(results?.lift.holdout).toMatchObject({ customers: 3, orderRate: 1 / 3, revenueMinor: 1000, redemptions: 0 });
    // reference values from scipy (Welch's t, 95%)
    const lift = results?.lift.lift;
    expect(lift?.perCustomerMinor).toBeCloseTo(2222.222222222222, 6);
    expect(lift?.standardErrorMinor).toBeCloseTo(1028.9032876362296, 6);
    expect(lift?.degreesOfFreedom).toBeCloseTo(9.465589894702967, 6);
    expect(lift?.incrementalRevenueMinor).toBeCloseTo(20000, 6);
    expect(lift?.incrementalLowMinor).toBeCloseTo(-791.84959430853, 3);
    expect(lift?.incrementalHighMinor).toBeCloseTo(40791.84959430853, 3);
    expect(lift?.significant).toBe(false);
  });

  it("pauses, resumes and ends a campaign by (de)activating its discount in Shopify", async () => {
    const paused = await changeCampaignStatus(db(), h.shop, h.admin, sharedCampaignId, "pause");
    expect(paused.status).toBe("paused");
    const discountId = paused.shopifyDiscountId;
    expect(h.emulator.control.calls({ field: "discountCodeDeactivate" }).at(-1)?.args).toEqual({ id: discountId });
    const resumed = await changeCampaignStatus(db(), h.shop, h.admin, sharedCampaignId, "resume");
    expect(resumed.status).toBe("active");
    expect(h.emulator.control.calls({ field: "discountCodeActivate" })).toHaveLength(1);
    const ended = await changeCampaignStatus(db(), h.shop, h.admin, sharedCampaignId, "end");
    expect(ended.status).toBe("ended");
    expect(h.emulator.control.calls({ field: "discountCodeDeactivate" })).toHaveLength(2);
  });
});
