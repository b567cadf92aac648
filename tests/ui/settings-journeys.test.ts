import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { getShopSettings } from "../../app/db/settings.server";
import type { ShopRef } from "../../app/db/shops.server";
import { isMessageKey } from "../../app/i18n";
import { action as settingsAction, loader as settingsLoader } from "../../app/routes/app.settings";
import { seedShopRows } from "../support/seed-rows";
import { embeddedAdminRequest, TEST_SHOP } from "../support/shopify-requests";
import { call, dataOf, jsonPost } from "./route-call";

/** The journeys' guard rails on the Settings page: quiet hours and the frequency cap, validated, per shop. */
const OTHER_SHOP = "other-rails.myshopify.com";
let shopA: ShopRef;
let shopB: ShopRef;

beforeAll(async () => {
  shopA = await seedShopRows(db(), TEST_SHOP, { customers: 1, idBase: 1_000 });
  shopB = await seedShopRows(db(), OTHER_SHOP, { customers: 1, idBase: 5_000 });
});

const save = async (journeys: unknown) =>
  call(settingsAction, await jsonPost("/app/settings", TEST_SHOP, { intent: "journeys", journeys }));

describe("settings page: journey guard rails", () => {
  it("shows the defaults: quiet 21:00–09:00, one marketing mail per 3 days", async () => {
    const { value } = await call(settingsLoader, await embeddedAdminRequest("/app/settings"));
    expect(value?.journeys).toEqual({ quietHours: { start: "21:00", end: "09:00" }, frequencyCapDays: 3 });
  });

  it("saves new quiet hours and cap for this shop only", async () => {
    const saved = await save({ quietHours: { start: "22:30", end: "08:00" }, frequencyCapDays: 7 });
    expect(await dataOf(saved.value)).toEqual({ ok: true, saved: "journeys" });
    expect((await getShopSettings(db(), shopA)).journeys).toEqual({
      quietHours: { start: "22:30", end: "08:00" },
      frequencyCapDays: 7,
    });
    expect((await getShopSettings(db(), shopB)).journeys.frequencyCapDays).toBe(3);
    // quiet hours off, no cap
    await save({ quietHours: null, frequencyCapDays: 0 });
    expect((await getShopSettings(db(), shopA)).journeys).toEqual({ quietHours: null, frequencyCapDays: 0 });
  });

  it("refuses a time that is not HH:MM, an empty window and a cap outside 0–60, with keys in ja and en", async () => {
    const cases: [unknown, Record<string, string>][] = [
      [{ quietHours: { start: "9pm", end: "09:00" }, frequencyCapDays: 3 }, { quietHours: "settings.errors.timeOfDay" }],
      [{ quietHours: { start: "21:00", end: "21:00" }, frequencyCapDays: 3 }, { quietHours: "settings.errors.quietHoursSame" }],
      [{ quietHours: null, frequencyCapDays: 61 }, { frequencyCapDays: "settings.errors.frequencyCapDays" }],
      [{ quietHours: null, frequencyCapDays: 1.5 }, { frequencyCapDays: "settings.errors.frequencyCapDays" }],
      [{ quietHours: null, frequencyCapDays: null }, { frequencyCapDays: "settings.errors.frequencyCapDays" }],
    ];
    const before = await getShopSettings(db(), shopA);
    for (const [journeys, errors] of cases) {
      const refused = await save(journeys);
      expect((refused.value as Response).status).toBe(400);
      expect(await dataOf(refused.value)).toEqual({ ok: false, errors });
      for (const key of Object.values(errors)) expect(isMessageKey(key)).toBe(true);
    }
    expect((await getShopSettings(db(), shopA)).journeys).toEqual(before.journeys);
  });
});
