import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { getShopSettings } from "../../app/db/settings.server";
import type { ShopRef } from "../../app/db/shops.server";
import { en, ja, type MessageKey } from "../../app/i18n/catalog";
import { action as campaignAction } from "../../app/routes/app.campaigns.$id";
import { action as newCampaignAction } from "../../app/routes/app.campaigns.new";
import { action as customerAction } from "../../app/routes/app.customers.$id";
import { loader as listLoader } from "../../app/routes/app.customers._index";
import { action as loyaltyAction, loader as loyaltyLoader } from "../../app/routes/app.loyalty";
import { action as settingsAction } from "../../app/routes/app.settings";
import { action as syncAction } from "../../app/routes/app.sync";
import { seedShopRows } from "../support/seed-rows";
import { embeddedAdminRequest, TEST_SHOP } from "../support/shopify-requests";
import { call, dataOf, formPost, jsonPost } from "./route-call";

/**
 * Every admin form answers a value it cannot use the same way: 400, one catalogue key per field (so the
 * merchant reads it in Japanese or English), and nothing written.
 */
let shop: ShopRef;

beforeAll(async () => {
  shop = await seedShopRows(db(), TEST_SHOP, { customers: 2, idBase: 1_000 });
});

/** Every error message in a response body, which must be a key both catalogues translate. */
function expectTranslated(errors: unknown) {
  const keys: string[] = [];
  const collect = (value: unknown) => {
    if (typeof value === "string") keys.push(value);
    else if (value && typeof value === "object") for (const inner of Object.values(value)) collect(inner);
  };
  collect(errors);
  expect(keys.length).toBeGreaterThan(0);
  for (const key of keys) {
    expect(en[key as MessageKey], key).toBeTypeOf("string");
    expect(ja[key as MessageKey], key).toBeTypeOf("string");
    expect(ja[key as MessageKey], key).not.toBe(en[key as MessageKey]);
  }
}

async function failed(result: { value?: unknown; response?: Response }, status = 400) {
  expect(result.response).toBeUndefined();
  expect((result.value as Response).status).toBe(status);
  return (await dataOf(result.value)) as Record<string, unknown>;
}

describe("a value a form cannot use", () => {
  it("settings, push: a tag prefix with spaces is explained and the saved settings stay", async () => {
    const before = await getShopSettings(db(), shop);
    const body = await failed(
      await call(
        settingsAction,
        await jsonPost("/app/settings", TEST_SHOP, {
          intent: "push",
          push: { tagPrefix: "my prefix!", taggedSegments: ["champions"], writeMetafields: true },
        }),
      ),
    );
    expect(body).toEqual({ ok: false, errors: { tagPrefix: "settings.errors.tagPrefix" } });
    expectTranslated(body.errors);
    expect((await getShopSettings(db(), shop)).push).toEqual(before.push);
  });

  it("settings, RFM: a threshold that is not a number is explained under its field", async () => {
    const before = await getShopSettings(db(), shop);
    const body = await failed(
      await call(
        settingsAction,
        await jsonPost("/app/settings", TEST_SHOP, {
          intent: "rfm",
          rfm: { method: "fixed", recencyDays: [30, "sixty", 90, 180], frequency: [1, 2, 3, 5], monetary: [1, 2, 3, 4] },
        }),
      ),
    );
    expect(body).toEqual({ ok: false, errors: { recencyDays: "settings.errors.number" } });
    expectTranslated(body.errors);
    expect((await getShopSettings(db(), shop)).rfm).toEqual(before.rfm);
  });

  it("loyalty: a condition that cannot hold is explained on its row, and the rule stays", async () => {
    const before = await getShopSettings(db(), shop);
    const body = await failed(
      await call(
        loyaltyAction,
        await jsonPost("/app/loyalty", TEST_SHOP, { match: "all", conditions: [{ kind: "min_orders", value: -2 }] }),
      ),
    );
    expect(body).toEqual({ ok: false, errors: { conditions: { 0: "loyalty.errors.min_orders" } } });
    expectTranslated(body.errors);
    const unreadable = await failed(await call(loyaltyAction, await jsonPost("/app/loyalty", TEST_SHOP, { match: "some" })));
    expect(unreadable).toEqual({ ok: false, errors: { form: "loyalty.errors.form" } });
    expect((await getShopSettings(db(), shop)).loyalty).toEqual(before.loyalty);
  });

  it("new campaign: a start date that is not a date is explained, and no campaign is created", async () => {
    const body = await failed(
      await call(
        newCampaignAction,
        await formPost("/app/campaigns/new", TEST_SHOP, {
          name: "Spring",
          audienceType: "candidates",
          valueType: "percentage",
          value: "10",
          startsAt: "next monday",
          codeMode: "shared",
        }),
      ),
    );
    expect(body.errors).toEqual({ startsAt: "campaigns.error.startInvalid" });
    expectTranslated(body.errors);
    expect(await db().campaign.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("campaign actions and sync health: an unknown intent is refused with a message", async () => {
    const campaign = await failed(
      await call(campaignAction, await formPost("/app/campaigns/1", TEST_SHOP, { intent: "explode" }), { id: "1" }),
    );
    expectTranslated(campaign.error);
    const sync = await failed(await call(syncAction, await formPost("/app/sync", TEST_SHOP, { intent: "replay", eventId: "x" })));
    expectTranslated(sync.message);
  });

  it("customer note: an empty note is explained, and nothing is added", async () => {
    const body = await failed(
      await call(customerAction, await formPost("/app/customers/1000", TEST_SHOP, { body: " " }), { id: "1000" }),
    );
    expect(body).toEqual({ ok: false, error: "customers.notes.errors.empty" });
    expectTranslated(body.error);
    expect(await db().customerNote.count({ where: { shopId: shop.id } })).toBe(0);
  });
});

describe("customer ids in links and cursors", () => {
  const beyond64Bits = "99999999999999999999";

  it("reads a list cursor naming an id beyond 64 bits as the first page, not as an error", async () => {
    const cursor = Buffer.from(JSON.stringify({ s: "historic_ltv", v: 1, i: beyond64Bits })).toString("base64url");
    const result = await call(listLoader, await embeddedAdminRequest(`/app/customers?sort=historic_ltv&after=${cursor}`));
    expect(result.response).toBeUndefined();
    expect(result.value).toBeDefined();
  });

  it("reads a loyalty cursor naming an id beyond 64 bits as the first page, not as an error", async () => {
    const result = await call(loyaltyLoader, await embeddedAdminRequest(`/app/loyalty?after=0.5:${beyond64Bits}`));
    expect(result.response).toBeUndefined();
  });
});
