import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeCampaignStatus, createCampaign } from "../../app/campaigns/campaigns.server";
import type { CampaignInput } from "../../app/campaigns/form";
import { config } from "../../app/config.server";
import { campaignMembers } from "../../app/db/campaigns.server";
import { db } from "../../app/db/client.server";
import { pushStateOf } from "../../app/db/pushback.server";
import { pushToShopify } from "../../app/pushback/push.server";
import { loader as exportLoader } from "../../app/routes/app.campaigns.$id.export";
import { enablePoints } from "../points/support";
import { embeddedAdminRequest } from "../support/shopify-requests";
import { type ShopHarness, startShopHarness, writeMetrics } from "./harness";

/**
 * Operating a campaign: who got which code and who is held out, as a CSV and — when the merchant opts in —
 * as a tag per group on the customers in Shopify, written by the one push pipeline and taken off when the
 * campaign ends.
 */
let h: ShopHarness;
const atRisk: bigint[] = [];

beforeAll(async () => {
  h = await startShopHarness({ customers: 14, seed: 41 });
  for (const [index, customerId] of h.customerIds.entries()) {
    const segment = index < 10 ? "at_risk" : "champions";
    if (segment === "at_risk") atRisk.push(customerId);
    await writeMetrics(h.shop, customerId, { segment });
  }
});
afterAll(() => h.stop());

const input = (overrides: Partial<CampaignInput> = {}): CampaignInput => ({
  name: "Win back",
  audience: { type: "segment", segment: "at_risk" },
  value: { kind: "percentage", percent: 20 },
  minimumSubtotalMinor: null,
  startsAt: new Date("2026-03-01T00:00:00Z"),
  endsAt: null,
  codeMode: "unique",
  sharedCode: null,
  holdoutShare: 0.3,
  tagMembers: true,
  ...overrides,
});

function tagsOf(customerId: bigint): string[] {
  return [...(h.emulator.store(h.shop.domain).customers.get(Number(customerId))?.tags ?? [])].sort();
}

async function exportCsv(campaignId: number) {
  const response = (await exportLoader({
    request: await embeddedAdminRequest(`/app/campaigns/${campaignId}/export`, h.shop.domain),
    params: { id: String(campaignId) },
    context: {},
  })) as Response;
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toContain("text/csv");
  const text = await response.text();
  return parse(text.replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
}

describe("campaign groups", () => {
  let campaignId = 0;

  it("exports every member once with their group, code and tag; every code exactly once", async () => {
    const campaign = await createCampaign(db(), h.shop, h.admin, input(), { pollMs: 5 });
    campaignId = campaign.id;
    expect(campaign).toMatchObject({ status: "active", tagMembers: true });
    const members = await campaignMembers(db(), h.shop, campaign.id);
    const rows = await exportCsv(campaign.id);
    expect(Object.keys(rows[0])).toEqual(["customer_id", "first_name", "last_name", "email", "group", "code", "tag"]);
    expect(rows.map((row) => row.customer_id).sort()).toEqual(atRisk.map(String).sort());
    const treated = rows.filter((row) => row.group === "treatment");
    const holdout = rows.filter((row) => row.group === "holdout");
    expect(holdout).toHaveLength(3);
    expect(treated).toHaveLength(7);
    const codes = treated.map((row) => row.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.sort()).toEqual(
      members
        .filter((m) => m.groupName === "treatment")
        .map((m) => m.code)
        .sort(),
    );
    const discount = h.emulator.control.pushed().discounts.find((d) => d.gid === campaign.shopifyDiscountId);
    expect([...(discount?.codes ?? [])].sort()).toEqual([...codes].sort());
    expect(holdout.every((row) => row.code === "")).toBe(true);
    for (const row of rows) expect(row.tag).toBe(`kizuna-campaign-${campaign.id}-${row.group}`);
    const names = new Map(
      [...h.emulator.store(h.shop.domain).customers.values()].map((c) => [String(c.id), [c.firstName, c.lastName]]),
    );
    for (const row of rows) expect([row.first_name, row.last_name]).toEqual(names.get(row.customer_id));
    if (config().databaseProvider === "sqlite") {
      expect(await db().job.count({ where: { shopId: h.shop.id, name: "pushback.push" } })).toBeGreaterThan(0);
    }
  });

  it("guards spreadsheet formulas in names", async () => {
    const member = atRisk[0];
    await db().customer.updateMany({ where: { shopId: h.shop.id, id: member }, data: { firstName: "=HYPERLINK(1)" } });
    const rows = await exportCsv(campaignId);
    expect(rows.find((row) => row.customer_id === String(member))?.first_name).toBe("'=HYPERLINK(1)");
  });

  it("tags each group through the push pipeline, beside the segment tags and the merchant's own", async () => {
    h.emulator.control.updateCustomer({ id: Number(atRisk[1]), tags: ["vip"] });
    const summary = await pushToShopify(db(), h.shop, h.admin);
    expect(summary.failed).toEqual([]);
    const members = await campaignMembers(db(), h.shop, campaignId);
    for (const member of members) {
      const tag = `kizuna-campaign-${campaignId}-${member.groupName}`;
      expect(tagsOf(member.customerId)).toContain(tag);
      expect(tagsOf(member.customerId)).not.toContain(
        `kizuna-campaign-${campaignId}-${member.groupName === "holdout" ? "treatment" : "holdout"}`,
      );
      expect((await pushStateOf(db(), h.shop, member.customerId))?.tags).toContain(tag);
    }
    expect(tagsOf(atRisk[1])).toContain("vip");
    for (const customerId of h.customerIds.filter((id) => !atRisk.includes(id))) {
      expect(tagsOf(customerId).some((tag) => tag.startsWith("kizuna-campaign-"))).toBe(false);
    }
    // a points-only push plans the same customers and keeps the campaign tags
    await enablePoints(db(), h.shop, { welcomeBonus: 0 });
    await db().pointsAccount.create({
      data: { shopId: h.shop.id, customerId: atRisk[2], balance: 10, rollingSpendMinor: 0 },
    });
    await pushToShopify(db(), h.shop, h.admin, { scope: "changed-points" });
    const member = members.find((m) => m.customerId === atRisk[2]);
    expect(tagsOf(atRisk[2])).toContain(`kizuna-campaign-${campaignId}-${member?.groupName}`);
  });

  it("takes the tags off when the campaign ends, and only Kizuna's", async () => {
    await changeCampaignStatus(db(), h.shop, h.admin, campaignId, "end");
    const summary = await pushToShopify(db(), h.shop, h.admin);
    expect(summary.tagsRemoved).toBe(atRisk.length);
    for (const customerId of atRisk) {
      expect(tagsOf(customerId).some((tag) => tag.startsWith("kizuna-campaign-"))).toBe(false);
    }
    expect(tagsOf(atRisk[1])).toContain("vip");
  });

  it("tags nobody when the merchant did not ask for it", async () => {
    const campaign = await createCampaign(
      db(),
      h.shop,
      h.admin,
      input({ name: "Untagged", codeMode: "shared", tagMembers: false }),
    );
    await pushToShopify(db(), h.shop, h.admin);
    for (const customerId of atRisk) {
      expect(tagsOf(customerId).some((tag) => tag.startsWith(`kizuna-campaign-${campaign.id}-`))).toBe(false);
    }
    // a shared code is every treated member's code in the export; no tag column values without tags
    const rows = await exportCsv(campaign.id);
    expect(rows.every((row) => row.tag === "")).toBe(true);
    expect(new Set(rows.filter((row) => row.group === "treatment").map((row) => row.code))).toEqual(
      new Set([campaign.sharedCode]),
    );
  });
});
