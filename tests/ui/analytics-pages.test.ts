import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { getShopSettings } from "../../app/db/settings.server";
import type { ShopRef } from "../../app/db/shops.server";
import { loader as dashboardLoader } from "../../app/routes/app._index";
import { action as loyaltyAction, loader as loyaltyLoader } from "../../app/routes/app.loyalty";
import { loader as segmentsLoader } from "../../app/routes/app.segments";
import { BROWSER_USER_AGENT, TEST_APP } from "../support/env";
import { buildSummary, seedAnalyticsResult, seedCustomerMetrics } from "../support/seed-analytics";
import { seedShopRows } from "../support/seed-rows";
import { embeddedAdminRequest, TEST_SHOP } from "../support/shopify-requests";
import { call, dataOf, jsonPost } from "./route-call";

const OTHER_SHOP = "other-shop.myshopify.com";
const EMPTY_SHOP = "empty-shop.myshopify.com";
let shopA: ShopRef;
let shopB: ShopRef;
let firstResult: number;
let secondResult: number;

beforeAll(async () => {
  shopA = await seedShopRows(db(), TEST_SHOP, { customers: 6, idBase: 1_000 });
  shopB = await seedShopRows(db(), OTHER_SHOP, { customers: 4, idBase: 5_000 });
  await seedShopRows(db(), EMPTY_SHOP, { customers: 3, idBase: 9_000 });
  const candidateReasons = [{ kind: "trait", trait: "first_product", value: "9001", lift: 2.1 }];
  await seedCustomerMetrics(db(), shopA, [
    { customerId: 1_000n, segment: "champions", isLoyal: true },
    { customerId: 1_001n, segment: "potential_loyalist", futureLoyalScore: 0.9, futureLoyalReasons: candidateReasons },
    {
      customerId: 1_002n,
      segment: "promising",
      futureLoyalScore: 0.5,
      futureLoyalReasons: [{ kind: "high_predicted_clv", predictedClv: 90_000, percentile: 0.95 }],
    },
    { customerId: 1_003n, segment: "new", futureLoyalScore: 0.7, futureLoyalReasons: candidateReasons },
    { customerId: 1_004n, segment: "lost" },
  ]);
  await seedCustomerMetrics(db(), shopB, [
    { customerId: 5_000n, segment: "new", futureLoyalScore: 5, futureLoyalReasons: candidateReasons },
  ]);
  firstResult = await seedAnalyticsResult(db(), shopA, { computedAt: new Date("2026-01-25T00:00:00Z") });
  secondResult = await seedAnalyticsResult(db(), shopA, { computedAt: new Date("2026-02-01T00:00:00Z") });
  await db().segmentChange.createMany({
    data: [
      {
        shopId: shopA.id,
        customerId: 1_000n,
        resultId: secondResult,
        fromSegment: "loyal",
        toSegment: "champions",
        changedAt: new Date(),
      },
      {
        shopId: shopA.id,
        customerId: 1_004n,
        resultId: secondResult,
        fromSegment: "at_risk",
        toSegment: "lost",
        changedAt: new Date(),
      },
      {
        shopId: shopA.id,
        customerId: 1_003n,
        resultId: secondResult,
        fromSegment: null,
        toSegment: "new",
        changedAt: new Date(),
      },
    ],
  });
  const bSummary = buildSummary();
  await seedAnalyticsResult(db(), shopB, { summary: { ...bSummary, kpis: { ...bSummary.kpis, customers: 4444 } } });
});

const anonymous = (path: string) => new Request(`${TEST_APP.appUrl}${path}`, { headers: { "User-Agent": BROWSER_USER_AGENT } });

describe("dashboard", () => {
  it("needs a session token", async () => {
    expect((await call(dashboardLoader, anonymous("/app"))).response?.status).toBe(302);
  });

  it("shows the latest analysis of the shop", async () => {
    const { value } = await call(dashboardLoader, await embeddedAdminRequest("/app"));
    expect(value?.analytics?.kpis.customers).toBe(200);
    expect(value?.analytics?.rfmGrid.customers[4][4]).toBe(25);
    expect(value?.analytics?.cohorts[0]).toEqual({
      month: "2025-11",
      customers: 40,
      retention: [1, 0.2, 0.15, 0.1],
      inProgressMonth: 3,
    });
    expect(value?.analytics?.forecast.months).toHaveLength(12);
    expect(value?.customers).toBe(200);
    const other = await call(dashboardLoader, await embeddedAdminRequest("/app", OTHER_SHOP));
    expect(other.value?.analytics?.kpis.customers).toBe(4444);
  });

  it("explains the first sync before there is an analysis, with progress", async () => {
    const empty = await db().shop.findUniqueOrThrow({ where: { domain: EMPTY_SHOP } });
    await db().syncRun.create({
      data: { shopId: empty.id, kind: "backfill", status: "running", phase: "customers", rowsDone: 3, rowsTotal: 10 },
    });
    const { value } = await call(dashboardLoader, await embeddedAdminRequest("/app", EMPTY_SHOP));
    expect(value?.analytics).toBeNull();
    expect(value).toMatchObject({ customers: 3, orders: 3, lastSync: { status: "running", rowsDone: 3, rowsTotal: 10 } });
  });
});

describe("segments page", () => {
  it("needs a session token", async () => {
    expect((await call(segmentsLoader, anonymous("/app/segments"))).response?.status).toBe(302);
  });

  it("shows sizes, tags and the movement since the previous analysis", async () => {
    const { value } = await call(segmentsLoader, await embeddedAdminRequest("/app/segments?segment=champions"));
    expect(value?.selected).toBe("champions");
    expect(value?.analytics?.sizes).toHaveLength(11);
    expect(value?.push.taggedSegments).toContain("champions");
    expect(value?.analytics?.movement?.changed).toBe(40);
    expect(value?.analytics?.snapshots.map((s) => s.id)).toEqual([secondResult, firstResult]);
  });

  it("compares two chosen analyses from the recorded segment changes", async () => {
    const { value } = await call(
      segmentsLoader,
      await embeddedAdminRequest(`/app/segments?from=${firstResult}&to=${secondResult}`),
    );
    const movement = value?.analytics?.movement;
    expect(movement).toMatchObject({ fromId: firstResult, toId: secondResult, changed: 3 });
    const keys = [
      "champions",
      "loyal",
      "potential_loyalist",
      "new",
      "promising",
      "need_attention",
      "about_to_sleep",
      "at_risk",
      "cant_lose_them",
      "hibernating",
      "lost",
      "none",
    ];
    expect(movement?.counts[keys.indexOf("loyal")][keys.indexOf("champions")]).toBe(1);
    expect(movement?.counts[keys.indexOf("at_risk")][keys.indexOf("lost")]).toBe(1);
    expect(movement?.counts[keys.indexOf("none")][keys.indexOf("new")]).toBe(1);
  });

  it("ignores analyses of another shop and unknown segments in the address", async () => {
    const foreign = await db().analyticsResult.findFirstOrThrow({ where: { shopId: shopB.id } });
    const { value } = await call(
      segmentsLoader,
      await embeddedAdminRequest(`/app/segments?segment=vip&from=${firstResult}&to=${foreign.id}`),
    );
    expect(value?.selected).toBeNull();
    expect(value?.analytics?.movement?.changed).toBe(40); // the summary's, not a comparison with shop B's analysis
  });

  it("explains what is happening before the first analysis", async () => {
    const { value } = await call(segmentsLoader, await embeddedAdminRequest("/app/segments", EMPTY_SHOP));
    expect(value?.analytics).toBeNull();
    expect(value?.latestRun?.status).toBe("running");
  });
});

describe("loyalty page", () => {
  it("needs a session token", async () => {
    expect((await call(loyaltyLoader, anonymous("/app/loyalty"))).response?.status).toBe(302);
  });

  it("shows the rule, the traits and the shop's candidates best first, with names and reasons", async () => {
    const { value } = await call(loyaltyLoader, await embeddedAdminRequest("/app/loyalty"));
    expect(value?.rule.match).toBe("any");
    expect(value?.loyalty?.topTraits[0]).toMatchObject({ trait: "first_product", label: "Matcha set" });
    expect(value?.candidates.map((c) => c.id)).toEqual(["1001", "1003", "1002"]);
    expect(value?.candidates[0]).toMatchObject({ firstName: "First1", reasons: [{ kind: "trait", value: "9001" }] });
    expect(value?.next).toBeNull();
  });

  it("pages candidates with a cursor", async () => {
    const { value } = await call(loyaltyLoader, await embeddedAdminRequest("/app/loyalty?after=0.9:1001"));
    expect(value?.candidates.map((c) => c.id)).toEqual(["1003", "1002"]);
    expect(value?.paged).toBe(true);
  });

  it("saves a rule (net spend typed in yen) and shows what is wrong with a bad one", async () => {
    const bad = await call(
      loyaltyAction,
      await jsonPost("/app/loyalty", TEST_SHOP, {
        match: "all",
        conditions: [
          { kind: "min_orders", value: 0 },
          { kind: "max_recency_days", value: 90 },
          { kind: "min_customer_years", value: null },
        ],
      }),
    );
    expect((bad.value as Response).status).toBe(400);
    expect(await dataOf(bad.value)).toEqual({
      ok: false,
      errors: { conditions: { 0: "loyalty.errors.min_orders", 2: "loyalty.errors.min_customer_years" } },
    });
    const none = await call(loyaltyAction, await jsonPost("/app/loyalty", TEST_SHOP, { match: "all", conditions: [] }));
    expect(await dataOf(none.value)).toEqual({ ok: false, errors: { form: "loyalty.errors.count" } });
    const good = await call(
      loyaltyAction,
      await jsonPost("/app/loyalty", TEST_SHOP, {
        match: "all",
        conditions: [
          { kind: "min_orders", value: 3 },
          { kind: "min_net_spend", value: 30000 },
          { kind: "min_customer_years", value: 1.5 },
        ],
      }),
    );
    expect(await dataOf(good.value)).toEqual({ ok: true, errors: {} });
    expect((await getShopSettings(db(), shopA)).loyalty).toEqual({
      rule: {
        match: "all",
        conditions: [
          { kind: "min_orders", orders: 3 },
          { kind: "min_net_spend", amount: 30000 },
          { kind: "min_customer_years", years: 1.5 },
        ],
      },
      candidateMinPAlive: 0.6,
    });
    expect((await getShopSettings(db(), shopB)).loyalty.rule.match).toBe("any");
  });
});
