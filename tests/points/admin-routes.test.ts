import { beforeAll, describe, expect, it } from "vitest";
import { db, dialectOf } from "../../app/db/client.server";
import { loadLedger } from "../../app/db/points.server";
import { getShopSettings } from "../../app/db/settings.server";
import { ensureShop, type ShopRef } from "../../app/db/shops.server";
import { formValuesFromSettings } from "../../app/domain/points/settings-form";
import { action as adjustAction } from "../../app/routes/app.customers.$id.points";
import { action as pointsAction, loader as pointsLoader } from "../../app/routes/app.points";
import { sessionStorage } from "../../app/shopify.server";
import { embeddedAdminRequest, offlineSession } from "../support/shopify-requests";
import { createCustomer, enablePoints } from "./support";

const SHOP = "kizuna-points-admin.myshopify.com";
let shop: ShopRef;

type Route<T> = (args: { request: Request; params: Record<string, string>; context: {} }) => Promise<T>;

async function run<T>(fn: Route<T>, request: Request, params: Record<string, string> = {}) {
  const value = await fn({ request, params, context: {} });
  return value instanceof Response ? { status: value.status, body: await value.json() } : { status: 200, body: value };
}

function post(path: string, fields: Record<string, string>) {
  return embeddedAdminRequest(path, SHOP, { method: "POST", body: new URLSearchParams(fields) });
}

beforeAll(async () => {
  await sessionStorage.storeSession(offlineSession(SHOP));
  shop = await ensureShop(db(), SHOP);
  await db().shop.update({ where: { id: shop.id }, data: { currency: "JPY" } });
});

describe("Points admin page", () => {
  it("loads the settings as form values, members and liability", async () => {
    const { body } = await run(pointsLoader, await embeddedAdminRequest("/app/points", SHOP));
    expect(body).toMatchObject({
      currency: "JPY",
      enabled: false,
      members: 0,
      liabilityMinor: 0,
      values: { earnPoints: "1", earnPerAmount: "100", tiers: [{ id: "bronze", threshold: "0" }, {}, {}] },
    });
  });

  it("shows a negative earn rate as an inline error and stores nothing", async () => {
    const before = await getShopSettings(db(), shop);
    const values = { ...formValuesFromSettings(before.points, "JPY"), enabled: true, earnPoints: "-1" };
    const { status, body } = await run(pointsAction, await post("/app/points", { values: JSON.stringify(values) }));
    expect(status).toBe(422);
    expect(body.ok).toBe(false);
    expect(body.errors["earn.points"]).toEqual({ key: "points.errors.pointsPositive" });
    expect(await getShopSettings(db(), shop)).toEqual(before);
  });

  it("reports tiers out of order and a malformed amount under their fields", async () => {
    const current = await getShopSettings(db(), shop);
    const values = formValuesFromSettings(current.points, "JPY");
    values.tiers[2].threshold = "10000";
    values.ladder[0].discount = "5OO";
    const { status, body } = await run(pointsAction, await post("/app/points", { values: JSON.stringify(values) }));
    expect(status).toBe(422);
    expect(Object.keys(body.errors)).toEqual(
      expect.arrayContaining(["tiers.2.thresholdMinor", "redemptionLadder.0.discountMinor"]),
    );
  });

  it("saves valid settings in minor units, turns the program on and queues the daily run", async () => {
    const current = await getShopSettings(db(), shop);
    const values = {
      ...formValuesFromSettings(current.points, "JPY"),
      enabled: true,
      earnPoints: "2",
      welcomeBonus: "100",
      ladder: [
        { points: "500", discount: "500" },
        { points: "1000", discount: "1,200" },
      ],
    };
    const { status, body } = await run(pointsAction, await post("/app/points", { values: JSON.stringify(values) }));
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, errors: {} });
    const saved = (await getShopSettings(db(), shop)).points;
    expect(saved).toMatchObject({
      enabled: true,
      currencyCode: "JPY",
      earn: { points: 2 },
      welcomeBonus: 100,
      redemptionLadder: [
        { points: 500, discountMinor: 500 },
        { points: 1000, discountMinor: 1200 },
      ],
    });
    expect(await queuedJobs("points.daily", shop.id)).toBe(1);
  });
});

describe("customer points adjustment route", () => {
  it("adjusts with a reason, answers validation errors inline and applies one adjustment id once", async () => {
    await enablePoints(db(), shop, { welcomeBonus: 0 });
    await createCustomer(db(), shop, 5150n);
    const path = "/app/customers/5150/points";
    const missingReason = await run(adjustAction, await post(path, { points: "100", reason: "" }), { id: "5150" });
    expect(missingReason).toMatchObject({
      status: 422,
      body: { ok: false, errors: { reason: { key: "points.errors.reasonRequired" } } },
    });
    const fields = { points: "120", reason: "お詫び（配送遅延）", adjustmentId: "adj-route-0001" };
    expect(await run(adjustAction, await post(path, fields), { id: "5150" })).toMatchObject({
      status: 200,
      body: { ok: true, balance: 120 },
    });
    expect(await run(adjustAction, await post(path, fields), { id: "5150" })).toMatchObject({
      status: 200,
      body: { ok: true, balance: 120, duplicate: true },
    });
    expect(await loadLedger(db(), shop, 5150n)).toEqual([
      expect.objectContaining({ kind: "adjust", points: 120, reason: "お詫び（配送遅延）" }),
    ]);
    const bad = await run(adjustAction, await post("/app/customers/abc/points", fields), { id: "abc" });
    expect(bad.status).toBe(404);
  });

  it("shows the liability of outstanding points in the loader", async () => {
    const { body } = await run(pointsLoader, await embeddedAdminRequest("/app/points", SHOP));
    // 120 points at the default ladder's best step (3,000 pt → ¥3,500): floor(140.0) = ¥140.
    expect(body).toMatchObject({ members: 1, outstandingPoints: 120, liabilityMinor: 140 });
  });
});

/** Jobs queued under `name` for the shop, in whichever engine the database runs (Job table, or pg-boss). */
async function queuedJobs(name: string, shopId: number): Promise<number> {
  if (dialectOf(db()) === "sqlite") return db().job.count({ where: { shopId, name } });
  const rows = await db().$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM pgboss.job WHERE name = ${name} AND (data ->> 'shopId')::int = ${shopId}`;
  return Number(rows[0]?.count ?? 0);
}
