import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignResults, changeCampaignStatus, createCampaign } from "../../app/campaigns/campaigns.server";
import type { CampaignInput } from "../../app/campaigns/form";
import { campaignMembers } from "../../app/db/campaigns.server";
import { db } from "../../app/db/client.server";
import { localMidnight } from "../../app/domain/time";
import { type ShopHarness, startShopHarness, writeMetrics } from "../pushback/harness";

/**
 * A campaign is measured from the moment its codes went live, not from 00:00 of its start day: orders
 * placed earlier that day (before the campaign existed) are not its result.
 */
let h: ShopHarness;
let orderId = 800_000_000n;

beforeAll(async () => {
  h = await startShopHarness({ customers: 16, seed: 31 });
  for (const customerId of h.customerIds) await writeMetrics(h.shop, customerId, { segment: "at_risk" });
});
afterAll(() => h.stop());

async function order(customerId: bigint, totalMinor: number, at: Date) {
  await db().order.create({
    data: {
      shopId: h.shop.id,
      id: orderId++,
      name: `#L${orderId}`,
      customerId,
      shopifyCreatedAt: at,
      processedAt: at,
      shopifyUpdatedAt: at,
      currency: "JPY",
      presentmentCurrency: "JPY",
      discountCodes: "",
      subtotalMinor: totalMinor,
      totalMinor,
      presentmentTotalMinor: totalMinor,
    },
  });
}

describe("campaign measurement window", () => {
  it("a campaign created mid-day counts no order placed earlier that day: lift 0", async () => {
    const timezone = h.store.shop.ianaTimezone;
    const startOfDay = localMidnight("2026-03-10", timezone);
    const createdAt = new Date(startOfDay.getTime() + 14 * 3_600_000); // 14:00 local
    const input: CampaignInput = {
      name: "Mid-day",
      audience: { type: "segment", segment: "at_risk" },
      value: { kind: "percentage", percent: 10 },
      minimumSubtotalMinor: null,
      startsAt: startOfDay, // the form's start date: 00:00 that day
      endsAt: null,
      codeMode: "shared",
      sharedCode: null,
      holdoutShare: 0.25,
      tagMembers: false,
    };
    const campaign = await createCampaign(db(), h.shop, h.admin, input, { now: () => createdAt });
    expect(campaign.liveAt?.toISOString()).toBe(createdAt.toISOString());
    const members = await campaignMembers(db(), h.shop, campaign.id);
    const holdout = members.filter((m) => m.groupName === "holdout").map((m) => m.customerId);
    expect(holdout.length).toBe(4);
    // the hold-out customers happened to buy in the morning, before the campaign existed
    for (const [index, customerId] of holdout.entries()) {
      await order(customerId, 5_000, new Date(startOfDay.getTime() + (8 + index) * 3_600_000));
    }

    const results = await campaignResults(db(), h.shop, campaign.id, new Date(createdAt.getTime() + 3_600_000));
    expect(results?.from.toISOString()).toBe(createdAt.toISOString());
    expect(results?.lift.treated.orders).toBe(0);
    expect(results?.lift.holdout.orders).toBe(0);
    expect(results?.lift.lift?.incrementalRevenueMinor).toBe(0);
    expect(results?.lift.lift?.perCustomerMinor).toBe(0);
  });

  it("an ended campaign stops counting when it was ended, not at its planned end", async () => {
    const timezone = h.store.shop.ianaTimezone;
    const startOfDay = localMidnight("2026-04-01", timezone);
    const createdAt = new Date(startOfDay.getTime() + 9 * 3_600_000);
    const campaign = await createCampaign(
      db(),
      h.shop,
      h.admin,
      {
        name: "Ended early",
        audience: { type: "segment", segment: "at_risk" },
        value: { kind: "percentage", percent: 10 },
        minimumSubtotalMinor: null,
        startsAt: startOfDay,
        endsAt: new Date(startOfDay.getTime() + 30 * 86_400_000),
        codeMode: "shared",
        sharedCode: null,
        holdoutShare: 0.25,
        tagMembers: false,
      },
      { now: () => createdAt },
    );
    const endedAt = new Date(createdAt.getTime() + 2 * 86_400_000);
    await changeCampaignStatus(db(), h.shop, h.admin, campaign.id, "end", { now: () => endedAt });
    const treated = (await campaignMembers(db(), h.shop, campaign.id)).find((m) => m.groupName === "treatment");
    await order(treated?.customerId ?? 0n, 7_000, new Date(endedAt.getTime() + 86_400_000));
    const results = await campaignResults(db(), h.shop, campaign.id, new Date(startOfDay.getTime() + 40 * 86_400_000));
    expect(results?.to.toISOString()).toBe(endedAt.toISOString());
    expect(results?.lift.treated.orders).toBe(0);
  });
});
