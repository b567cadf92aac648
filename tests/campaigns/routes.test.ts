import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { action as detailAction, loader as detailLoader } from "../../app/routes/app.campaigns.$id";
import { loader as listLoader } from "../../app/routes/app.campaigns._index";
import { action as newAction, loader as newLoader } from "../../app/routes/app.campaigns.new";
import { embeddedAdminRequest } from "../support/shopify-requests";
import { type ShopHarness, startShopHarness, writeMetrics } from "../pushback/harness";

let h: ShopHarness;

beforeAll(async () => {
  h = await startShopHarness({ customers: 10, seed: 5 });
  for (const [index, customerId] of h.customerIds.entries()) {
    await writeMetrics(h.shop, customerId, { segment: index < 6 ? "at_risk" : "lost" });
  }
});
afterAll(() => h.stop());

async function post(path: string, fields: Record<string, string>) {
  const body = new URLSearchParams(fields);
  return embeddedAdminRequest(path, h.shop.domain, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
}

async function run<T>(fn: () => Promise<T>): Promise<T | Response> {
  try {
    return await fn();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const valid = {
  name: "Win back",
  audienceType: "segment",
  segment: "at_risk",
  valueType: "percentage",
  value: "20",
  minimumSubtotal: "3000",
  startsAt: "2026-03-01",
  endsAt: "2026-03-31",
  codeMode: "shared",
  code: "",
  holdoutPercent: "10",
};

describe("campaign routes", () => {
  it("shows the form with the shop's currency", async () => {
    const data = (await run(async () =>
      newLoader({ request: await embeddedAdminRequest("/app/campaigns/new", h.shop.domain), params: {}, context: {} }),
    )) as { currency: string };
    expect(data.currency).toBe(h.store.shop.currency);
  });

  it("answers bad input with a message per field", async () => {
    const response = (await newAction({
      request: await post("/app/campaigns/new", { ...valid, name: " ", value: "150", endsAt: "2026-02-01" }),
      params: {},
      context: {},
    })) as Response;
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors).toMatchObject({
      name: "campaigns.error.nameRequired",
      value: "campaigns.error.percentOver100",
      endsAt: "campaigns.error.endBeforeStart",
    });
    const empty = (await newAction({
      request: await post("/app/campaigns/new", { ...valid, segment: "champions" }),
      params: {},
      context: {},
    })) as Response;
    expect((await empty.json()).errors).toEqual({ audienceType: "campaigns.error.emptyAudience" });
    expect(await db().campaign.count({ where: { shopId: h.shop.id } })).toBe(0);
  });

  it("shows Shopify's refusal in the merchant's words and leaves no active campaign", async () => {
    h.emulator.control.failNext({ field: "discountCodeBasicCreate", kind: "userErrors", message: "Internal error" });
    const response = (await newAction({ request: await post("/app/campaigns/new", valid), params: {}, context: {} })) as Response;
    expect(response.status).toBe(422);
    expect((await response.json()).shopify).toEqual([
      { key: "campaigns.error.shopify.INTERNAL_ERROR", values: { message: "Internal error" } },
    ]);
    const rows = await db().campaign.findMany({ where: { shopId: h.shop.id } });
    expect(rows.map((row) => row.status)).toEqual(["failed"]);
  });

  it("creates the campaign, then shows and pauses it", async () => {
    const response = (await run(async () =>
      newAction({ request: await post("/app/campaigns/new", valid), params: {}, context: {} }),
    )) as Response;
    expect(response.status).toBe(302);
    const location = response.headers.get("Location") ?? "";
    const id = /\/app\/campaigns\/(\d+)/.exec(location)?.[1];
    expect(id).toBeDefined();
    expect(location).toContain("created=1");
    const campaign = await db().campaign.findFirstOrThrow({ where: { id: Number(id), shopId: h.shop.id } });
    expect(campaign).toMatchObject({ status: "active", valueType: "percentage", value: 20, minimumSubtotalMinor: 3000 });
    expect(campaign.startsAt.toISOString()).toBe("2026-02-28T15:00:00.000Z"); // midnight in Asia/Tokyo
    expect(campaign.endsAt?.toISOString()).toBe("2026-03-31T15:00:00.000Z"); // end of the 31st

    const detail = (await detailLoader({
      request: await embeddedAdminRequest(`/app/campaigns/${id}`, h.shop.domain),
      params: { id },
      context: {},
    })) as {
      lift: { treated: { customers: number }; holdout: { customers: number } };
    };
    expect(detail.lift.treated.customers + detail.lift.holdout.customers).toBe(6);
    expect(detail.lift.holdout.customers).toBe(1);

    const paused = (await detailAction({
      request: await post(`/app/campaigns/${id}`, { intent: "pause" }),
      params: { id },
      context: {},
    })) as Response;
    expect(await paused.json()).toEqual({ ok: true, intent: "pause", status: "paused" });

    const list = (await listLoader({
      request: await embeddedAdminRequest("/app/campaigns", h.shop.domain),
      params: {},
      context: {},
    })) as {
      campaigns: { name: string; status: string; treated: number; heldOut: number }[];
    };
    expect(list.campaigns.map((c) => [c.status, c.treated, c.heldOut])).toEqual([
      ["paused", 5, 1],
      ["failed", 5, 1],
    ]);
  });
});
