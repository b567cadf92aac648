import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { getShopSettings } from "../../app/db/settings.server";
import type { ShopRef } from "../../app/db/shops.server";
import { action as settingsAction, loader as settingsLoader } from "../../app/routes/app.settings";
import { action as syncAction, loader as syncLoader } from "../../app/routes/app.sync";
import { BROWSER_USER_AGENT, TEST_APP } from "../support/env";
import { queuedJobsNamed } from "../support/queued-jobs";
import { seedShopRows } from "../support/seed-rows";
import { embeddedAdminRequest, TEST_SHOP } from "../support/shopify-requests";
import { call, dataOf, formPost, jsonPost } from "./route-call";

const OTHER_SHOP = "other-shop.myshopify.com";
let shopA: ShopRef;
let shopB: ShopRef;
const events: Record<string, number> = {};
const exports: Record<string, number> = {};

async function event(shop: ShopRef, webhookId: string, status: string, extra: { lastError?: string; receivedAt?: Date } = {}) {
  const created = await db().webhookEvent.create({
    data: {
      shopId: shop.id,
      webhookId,
      topic: "orders/create",
      // A body that reads: a replay checks it again before queueing it (decision 007).
      payload: JSON.stringify({
        id: 1,
        name: "#1001",
        currency: "JPY",
        created_at: "2026-10-01T09:00:00+09:00",
        updated_at: "2026-10-01T09:00:00+09:00",
        subtotal_price: "0",
        total_price: "0",
        line_items: [],
      }),
      status,
      attempts: status === "parked" ? 8 : 0,
      ...extra,
    },
  });
  return created.id;
}

beforeAll(async () => {
  shopA = await seedShopRows(db(), TEST_SHOP, { customers: 2, idBase: 1_000 });
  shopB = await seedShopRows(db(), OTHER_SHOP, { customers: 2, idBase: 5_000 });
  await event(shopA, "a1", "pending", { receivedAt: new Date(Date.now() - 120_000) });
  await event(shopA, "a2", "applied");
  events.a = await event(shopA, "a3", "parked", { lastError: "Order references an unknown customer" });
  events.b = await event(shopB, "b1", "parked", { lastError: "B's problem" });
  await event(shopB, "b2", "pending");
  await db().syncRun.create({
    data: { shopId: shopA.id, kind: "backfill", status: "running", phase: "orders", rowsDone: 400, rowsTotal: 1000 },
  });
  await db().syncRun.create({ data: { shopId: shopB.id, kind: "backfill", status: "failed", error: "B failed" } });
  exports.a = (
    await db().dataExport.create({ data: { shopId: shopA.id, customerId: 1_000n, content: '{"customerId":"1000"}' } })
  ).id;
  exports.b = (
    await db().dataExport.create({ data: { shopId: shopB.id, customerId: 5_000n, content: '{"customerId":"5000"}' } })
  ).id;
});

describe("settings page", () => {
  it("needs a session token", async () => {
    const result = await call(
      settingsLoader,
      new Request(`${TEST_APP.appUrl}/app/settings`, { headers: { "User-Agent": BROWSER_USER_AGENT } }),
    );
    expect(result.response?.status).toBe(302);
  });

  it("shows the shop's RFM and push settings and its latest backfill", async () => {
    const { value } = await call(settingsLoader, await embeddedAdminRequest("/app/settings"));
    expect(value?.rfm).toEqual({ method: "quintiles" });
    expect(value?.push.tagPrefix).toBe("kizuna:");
    expect(value?.lastBackfill).toMatchObject({ status: "running", rowsDone: 400, rowsTotal: 1000 });
  });

  it("saves fixed RFM thresholds (monetary typed in yen) and refuses thresholds that do not increase", async () => {
    const bad = await call(
      settingsAction,
      await jsonPost("/app/settings", TEST_SHOP, {
        intent: "rfm",
        rfm: { method: "fixed", recencyDays: [30, 20, 180, 365], frequency: [2, 3, 5, 10], monetary: [null, 100, 200, 300] },
      }),
    );
    expect((bad.value as Response).status).toBe(400);
    expect(await dataOf(bad.value)).toEqual({ ok: false, errors: { monetary: "settings.errors.number" } });
    const decreasing = await call(
      settingsAction,
      await jsonPost("/app/settings", TEST_SHOP, {
        intent: "rfm",
        rfm: { method: "fixed", recencyDays: [30, 20, 180, 365], frequency: [2, 3, 5, 10], monetary: [50, 100, 100, 300] },
      }),
    );
    expect(await dataOf(decreasing.value)).toEqual({
      ok: false,
      errors: { recencyDays: "settings.errors.increasing", monetary: "settings.errors.increasing" },
    });
    const good = await call(
      settingsAction,
      await jsonPost("/app/settings", TEST_SHOP, {
        intent: "rfm",
        rfm: {
          method: "fixed",
          recencyDays: [30, 90, 180, 365],
          frequency: [2, 3, 5, 10],
          monetary: [5000, 10000, 25000, 50000],
        },
      }),
    );
    expect(await dataOf(good.value)).toEqual({ ok: true, saved: "rfm" });
    expect((await getShopSettings(db(), shopA)).rfm).toEqual({
      method: "fixed",
      recencyDays: [30, 90, 180, 365],
      frequency: [2, 3, 5, 10],
      monetary: [5000, 10000, 25000, 50000],
    });
    // The other shop keeps its own settings.
    expect((await getShopSettings(db(), shopB)).rfm).toEqual({ method: "quintiles" });
  });

  it("saves push settings and explains a bad tag prefix", async () => {
    const bad = await call(
      settingsAction,
      await jsonPost("/app/settings", TEST_SHOP, {
        intent: "push",
        push: { tagPrefix: "has space", taggedSegments: ["champions"], writeMetafields: false },
      }),
    );
    expect(await dataOf(bad.value)).toEqual({ ok: false, errors: { tagPrefix: "settings.errors.tagPrefix" } });
    const unknown = await call(
      settingsAction,
      await jsonPost("/app/settings", TEST_SHOP, {
        intent: "push",
        push: { tagPrefix: "k:", taggedSegments: ["vip"], writeMetafields: false },
      }),
    );
    expect(await dataOf(unknown.value)).toEqual({ ok: false, errors: { taggedSegments: "settings.errors.segment" } });
    // Invalid forms queue nothing; a saved one queues one push of the new tags for this shop only.
    expect(await queuedJobsNamed("pushback.push")).toHaveLength(0);
    const good = await call(
      settingsAction,
      await jsonPost("/app/settings", TEST_SHOP, {
        intent: "push",
        push: { tagPrefix: "絆:", taggedSegments: ["champions", "at_risk"], writeMetafields: false },
      }),
    );
    expect(await dataOf(good.value)).toEqual({ ok: true, saved: "push" });
    expect((await getShopSettings(db(), shopA)).push).toEqual({
      tagPrefix: "絆:",
      taggedSegments: ["champions", "at_risk"],
      writeMetafields: false,
    });
    expect((await getShopSettings(db(), shopB)).push.tagPrefix).toBe("kizuna:");
    const queued = await queuedJobsNamed("pushback.push");
    expect(queued.map((job) => job.shopId)).toEqual([shopA.id]);
  });

  it("saves how long webhook bodies are kept (3–90 days) for this shop only, with a translated error otherwise", async () => {
    for (const days of [2, 91, 7.5]) {
      const bad = await call(
        settingsAction,
        await jsonPost("/app/settings", TEST_SHOP, { intent: "retention", dataRetention: { webhookPayloadDays: days } }),
      );
      expect((bad.value as Response).status).toBe(400);
      expect(await dataOf(bad.value)).toEqual({ ok: false, errors: { webhookPayloadDays: "settings.errors.retentionDays" } });
    }
    expect((await getShopSettings(db(), shopA)).dataRetention.webhookPayloadDays).toBe(7);
    const good = await call(
      settingsAction,
      await jsonPost("/app/settings", TEST_SHOP, { intent: "retention", dataRetention: { webhookPayloadDays: 14 } }),
    );
    expect(await dataOf(good.value)).toEqual({ ok: true, saved: "retention" });
    expect((await getShopSettings(db(), shopA)).dataRetention.webhookPayloadDays).toBe(14);
    expect((await getShopSettings(db(), shopB)).dataRetention.webhookPayloadDays).toBe(7);
    const { value } = await call(settingsLoader, await embeddedAdminRequest("/app/settings"));
    expect(value?.dataRetention).toEqual({ webhookPayloadDays: 14 });
  });

  it("refuses a body that is not a settings form", async () => {
    const result = await call(settingsAction, await jsonPost("/app/settings", TEST_SHOP, { intent: "points" }));
    expect((result.value as Response).status).toBe(400);
    expect(await dataOf(result.value)).toEqual({ ok: false, errors: { form: "settings.errors.form" } });
  });
});

describe("sync health page", () => {
  it("counts the shop's own inbox, lag, last error, parked events, exports and runs", async () => {
    const { value } = await call(syncLoader, await embeddedAdminRequest("/app/sync"));
    expect(value?.inbox).toEqual({ pending: 1, processing: 0, applied: 1, parked: 1 });
    expect(value!.now - value!.oldestPendingAt!).toBeGreaterThanOrEqual(120_000);
    expect(value?.lastError).toMatchObject({ topic: "orders/create", error: "Order references an unknown customer" });
    expect(value?.parked.map((e) => e.id)).toEqual([events.a]);
    expect(value?.dataExports).toEqual([expect.objectContaining({ id: exports.a, customerId: "1000" })]);
    expect(value?.runs).toEqual([expect.objectContaining({ kind: "backfill", status: "running", phase: "orders" })]);
  });

  it("replays the shop's parked event but not another shop's", async () => {
    const foreign = await call(
      syncAction,
      await formPost("/app/sync", TEST_SHOP, { intent: "replay", eventId: String(events.b) }),
    );
    expect((foreign.value as Response).status).toBe(404);
    expect((await db().webhookEvent.findUniqueOrThrow({ where: { id: events.b } })).status).toBe("parked");
    const own = await call(syncAction, await formPost("/app/sync", TEST_SHOP, { intent: "replay", eventId: String(events.a) }));
    expect(await dataOf(own.value)).toMatchObject({ ok: true, message: "settings.sync.replayed" });
    expect((await db().webhookEvent.findUniqueOrThrow({ where: { id: events.a } })).status).toBe("pending");
  });

  it("queues one backfill for the shop however often it is asked", async () => {
    for (let i = 0; i < 2; i++) {
      const result = await call(syncAction, await formPost("/app/sync", TEST_SHOP, { intent: "backfill" }));
      expect(await dataOf(result.value)).toMatchObject({ ok: true, message: "settings.sync.backfillQueued" });
    }
    const jobs = await queuedJobsNamed("sync.backfill");
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ shopId: shopA.id, payload: { shopId: shopA.id } });
  });

  it("hands over the shop's data export as JSON, never another shop's", async () => {
    const own = await call(
      syncAction,
      await formPost("/app/sync", TEST_SHOP, { intent: "download", exportId: String(exports.a) }),
    );
    expect(await dataOf(own.value)).toMatchObject({
      ok: true,
      file: { fileName: `kizuna-customer-1000-export-${exports.a}.json`, content: '{"customerId":"1000"}' },
    });
    const foreign = await call(
      syncAction,
      await formPost("/app/sync", TEST_SHOP, { intent: "download", exportId: String(exports.b) }),
    );
    expect((foreign.value as Response).status).toBe(404);
  });

  it("refuses an unknown intent", async () => {
    const result = await call(syncAction, await formPost("/app/sync", TEST_SHOP, { intent: "drop-tables" }));
    expect((result.value as Response).status).toBe(400);
  });
});
