import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { getPointsAccount, loadLedger } from "../../app/db/points.server";
import { adjustCustomerPoints } from "../../app/points/customer-points.server";
import { pushPointsMetafields } from "../../app/points/metafields.server";
import { redeemPoints, recoverPendingRedemptions, STALE_REDEMPTION_MS } from "../../app/points/redemption.server";
import { action as redeemAction } from "../../app/routes/proxy.redeem";
import { loader as pointsLoader } from "../../app/routes/proxy.points";
import { EmbeddedJobQueue } from "../../app/jobs/queue.server";
import { pointsAfterOrderEvent, pointsJobHandlers } from "../../app/points/service.server";
import { AdminClient } from "../../app/shopify/admin-client.server";
import { signAppProxyQuery } from "../../app/shopify/app-proxy";
import { createCodeDiscount } from "../../app/shopify/discounts.server";
import { type EmulatedShop, startEmulatedShop } from "../support/emulated-shop";
import { TEST_APP } from "../support/env";
import { createCustomer, enablePoints, RecordingQueue, upsertOrder } from "./support";

let emulated: EmulatedShop;
let customerId: bigint;
let otherCustomerId: bigint;

function proxyUrl(path: string, params: Record<string, string>, secret = TEST_APP.apiSecret): URL {
  const url = new URL(`/proxy/${path}`, TEST_APP.appUrl);
  const all = {
    shop: emulated.shop.domain,
    logged_in_customer_id: String(customerId),
    path_prefix: "/apps/kizuna",
    timestamp: String(Math.floor(Date.now() / 1000)),
    ...params,
  };
  for (const [key, value] of Object.entries(all)) url.searchParams.set(key, value);
  url.searchParams.set("signature", signAppProxyQuery(url.searchParams, secret));
  return url;
}

async function getPoints(url: URL): Promise<Response> {
  return pointsLoader({ request: new Request(url), params: {}, context: {} });
}

async function postRedeem(url: URL, body: Record<string, string>): Promise<Response> {
  const request = new Request(url, { method: "POST", body: new URLSearchParams(body) });
  return redeemAction({ request, params: {}, context: {} });
}

async function balanceOf(id: bigint): Promise<number> {
  return (await getPointsAccount(db(), emulated.shop, id))?.balance ?? 0;
}

beforeAll(async () => {
  emulated = await startEmulatedShop(db(), { seed: 7, customers: 50 });
  const ids = [...emulated.store.customers.keys()];
  customerId = BigInt(ids[0]);
  otherCustomerId = BigInt(ids[1]);
  await enablePoints(db(), emulated.shop, { welcomeBonus: 0 });
  await createCustomer(db(), emulated.shop, customerId);
  await createCustomer(db(), emulated.shop, otherCustomerId);
  const queue = new RecordingQueue();
  await adjustCustomerPoints(
    db(),
    emulated.shop,
    { customerId, values: { points: "2000", reason: "Opening balance", adjustmentId: "opening-1" } },
    { queue },
  );
  await adjustCustomerPoints(
    db(),
    emulated.shop,
    { customerId: otherCustomerId, values: { points: "777", reason: "Opening balance", adjustmentId: "opening-2" } },
    { queue },
  );
});

afterAll(async () => {
  await emulated?.emulator.stop();
});

describe("app proxy: /apps/kizuna/points", () => {
  it("answers a correctly signed request with the logged-in customer's balance, tier and history", async () => {
    const response = await getPoints(proxyUrl("points", {}));
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toContain("no-store");
    const body = await response.json();
    expect(body).toMatchObject({
      enabled: true,
      points_balance: 2000,
      tier: "bronze",
      tier_name: "Bronze",
      tier_progress: { tier: "bronze", next_tier: "silver", spend_to_next_minor: 50_000 },
    });
    expect(body.history[0]).toMatchObject({ kind: "adjust", points: 2000, reason: "Opening balance" });
    expect(body.redemption_options[0]).toEqual({ points: 500, discount_minor: 500, affordable: true });
  });

  it("refuses a forged signature, a changed parameter and a stale timestamp with 401", async () => {
    const forged = await getPoints(proxyUrl("points", {}, "not-the-app-secret"));
    expect(forged.status).toBe(401);
    expect(await forged.json()).not.toHaveProperty("points_balance");

    const changed = proxyUrl("points", {});
    changed.searchParams.set("logged_in_customer_id", String(otherCustomerId));
    const changedResponse = await getPoints(changed);
    expect(changedResponse.status).toBe(401);
    expect(await changedResponse.json()).not.toHaveProperty("points_balance");

    const stale = await getPoints(proxyUrl("points", { timestamp: String(Math.floor(Date.now() / 1000) - 3600) }));
    expect(stale.status).toBe(401);

    const unsigned = new URL(`/proxy/points?shop=${emulated.shop.domain}&logged_in_customer_id=${customerId}`, TEST_APP.appUrl);
    expect((await getPoints(unsigned)).status).toBe(401);
  });

  it("refuses a correctly signed request for a shop that is not installed", async () => {
    const response = await getPoints(proxyUrl("points", { shop: "not-installed.myshopify.com" }));
    expect(response.status).toBe(401);
  });

  it("gives a guest no one's data", async () => {
    const response = await getPoints(proxyUrl("points", { logged_in_customer_id: "" }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ guest: true });
  });
});

describe("redemption", () => {
  it("creates one code for a request id, however often it is sent, restricted to the customer and usable once", async () => {
    const before = await balanceOf(customerId);
    const url = proxyUrl("redeem", {});
    const first = await postRedeem(url, { points: "500", request_id: "req-once-0001" });
    expect(first.status).toBe(200);
    const created = await first.json();
    expect(created).toMatchObject({ status: "created", points: 500, discount_minor: 500, request_id: "req-once-0001" });
    expect(created.code).toMatch(/^KZ-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);

    const again = await postRedeem(proxyUrl("redeem", {}), { points: "500", request_id: "req-once-0001" });
    expect(await again.json()).toEqual(created);
    expect(await balanceOf(customerId)).toBe(before - 500);

    const pushed = emulated.emulator.control.pushed({ shop: emulated.shop.domain });
    const discounts = pushed.discounts.filter((discount) => discount.codes.includes(created.code));
    expect(discounts).toHaveLength(1);
    expect(discounts[0]).toMatchObject({
      customerIds: [Number(customerId)],
      usageLimit: 1,
      appliesOncePerCustomer: true,
      value: { kind: "fixed", amount: 500 },
    });
    const ledger = await loadLedger(db(), emulated.shop, customerId);
    expect(ledger.filter((entry) => entry.sourceKey === "redeem:req-once-0001")).toHaveLength(1);
  });

  it("will not show another customer's redemption for a reused request id", async () => {
    const url = proxyUrl("redeem", { logged_in_customer_id: String(otherCustomerId) });
    const response = await postRedeem(url, { points: "500", request_id: "req-once-0001" });
    expect(response.status).toBe(409);
    expect(await response.json()).not.toHaveProperty("code");
  });

  it("gives the points back and marks the redemption failed when Shopify refuses the discount", async () => {
    const before = await balanceOf(customerId);
    emulated.emulator.control.failNext({ shop: emulated.shop.domain, field: "discountCodeBasicCreate", kind: "userErrors" });
    const response = await postRedeem(proxyUrl("redeem", {}), { points: "1000", request_id: "req-fails-0001" });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: "DISCOUNT_FAILED" });
    expect(await balanceOf(customerId)).toBe(before);
    const redemption = await db().pointsRedemption.findUnique({
      where: { shopId_requestId: { shopId: emulated.shop.id, requestId: "req-fails-0001" } },
    });
    expect(redemption).toMatchObject({ status: "failed", error: expect.stringContaining("Shopify did not create the discount") });
    const ledger = await loadLedger(db(), emulated.shop, customerId);
    expect(ledger.filter((entry) => entry.requestId === "req-fails-0001").map((entry) => [entry.kind, entry.points])).toEqual([
      ["redeem", -1000],
      ["redeem_refund", 1000],
    ]);
    // Sending it again does not try again: the answer stays the same.
    const again = await postRedeem(proxyUrl("redeem", {}), { points: "1000", request_id: "req-fails-0001" });
    expect(again.status).toBe(502);
    expect(await balanceOf(customerId)).toBe(before);
  });

  it("refuses amounts that are not ladder steps or more than the balance", async () => {
    const notAStep = await postRedeem(proxyUrl("redeem", {}), { points: "123", request_id: "req-step-0001" });
    expect(notAStep.status).toBe(422);
    expect(await notAStep.json()).toMatchObject({ error: "NOT_A_LADDER_STEP" });
    const tooMuch = await postRedeem(proxyUrl("redeem", {}), { points: "3000", request_id: "req-much-0001" });
    expect(await tooMuch.json()).toMatchObject({ error: "INSUFFICIENT_BALANCE" });
    const forged = await postRedeem(proxyUrl("redeem", {}, "forged"), { points: "500", request_id: "req-forged-01" });
    expect(forged.status).toBe(401);
    const guest = await postRedeem(proxyUrl("redeem", { logged_in_customer_id: "" }), {
      points: "500",
      request_id: "req-guest-001",
    });
    expect(guest.status).toBe(403);
  });

  it("keeps a redemption pending when Shopify gives no clear answer, then settles it by retrying the same code", async () => {
    const queue = new RecordingQueue();
    const flaky = new AdminClient({
      shopDomain: emulated.shop.domain,
      accessToken: emulated.store.accessToken,
      maxAttempts: 2,
      backoffMs: 1,
    });
    const before = await balanceOf(otherCustomerId);
    const now = new Date();
    emulated.emulator.control.failNext({
      shop: emulated.shop.domain,
      field: "discountCodeBasicCreate",
      kind: "httpError",
      status: 503,
      times: 2,
    });
    const pending = await redeemPoints(
      db(),
      emulated.shop,
      flaky,
      { customerId: otherCustomerId, requestId: "req-flaky-0001", points: 500, now },
      { queue },
    );
    expect(pending).toMatchObject({ ok: true, redemption: { status: "pending", code: null } });
    expect(await balanceOf(otherCustomerId)).toBe(before - 500);
    expect(queue.named("points.recover-redemptions")).toHaveLength(1);

    // Not yet stale: nothing happens.
    expect(await recoverPendingRedemptions(db(), emulated.shop, emulated.admin, now, { queue })).toMatchObject({
      created: 0,
      stillPending: 0,
    });
    // Meanwhile the first attempt's discount turns out to exist (its answer was lost).
    const row = await db().pointsRedemption.findUniqueOrThrow({
      where: { shopId_requestId: { shopId: emulated.shop.id, requestId: "req-flaky-0001" } },
    });
    await createCodeDiscount(emulated.admin, {
      title: "lost answer",
      code: row.code ?? "",
      customerIds: [otherCustomerId],
      value: { kind: "fixed", amountMinor: 500, currency: "JPY" },
      startsAt: now,
      usageLimit: 1,
      appliesOncePerCustomer: true,
    });
    const later = new Date(now.getTime() + STALE_REDEMPTION_MS + 1000);
    expect(await recoverPendingRedemptions(db(), emulated.shop, emulated.admin, later, { queue })).toMatchObject({
      created: 1,
      refunded: 0,
    });
    expect(await balanceOf(otherCustomerId)).toBe(before - 500);
    const codes = emulated.emulator.control
      .pushed({ shop: emulated.shop.domain })
      .discounts.filter((d) => d.codes.includes(row.code ?? ""));
    expect(codes).toHaveLength(1);
  });

  it("writes balance and tier to the customer's $app:kizuna metafields", async () => {
    const result = await pushPointsMetafields(db(), emulated.shop, emulated.admin, { queue: new RecordingQueue() });
    expect(result.pushed).toBeGreaterThanOrEqual(2);
    const metafields = emulated.emulator.control
      .pushed({ shop: emulated.shop.domain })
      .metafields.filter((m) => m.ownerId === `gid://shopify/Customer/${customerId}`);
    const byKey = Object.fromEntries(metafields.map((m) => [m.key, m]));
    expect(byKey.points_balance).toMatchObject({ type: "number_integer", value: String(await balanceOf(customerId)) });
    expect(byKey.tier).toMatchObject({ type: "single_line_text_field", value: "Bronze" });
    expect(JSON.parse(byKey.tier_progress.value)).toMatchObject({ tier: "bronze", next_tier: "silver", currency: "JPY" });
    expect((await getPointsAccount(db(), emulated.shop, customerId))?.pushedAt).not.toBeNull();
    // Nothing changed since: the next push writes nothing.
    expect(await pushPointsMetafields(db(), emulated.shop, emulated.admin, { queue: new RecordingQueue() })).toMatchObject({
      pushed: 0,
    });
  });
});

describe("points jobs", () => {
  it("applies an order event, then the queued push writes the new balance to Shopify", async () => {
    const queue = new EmbeddedJobQueue(
      db(),
      () => new Date(),
      () => undefined,
    );
    const handlers = pointsJobHandlers(db(), { queue });
    await upsertOrder(db(), emulated.shop, { id: 990001n, customerId, subtotalMinor: 12_345, processedAt: new Date() });
    const before = await balanceOf(customerId);
    await pointsAfterOrderEvent(db(), emulated.shop, 990001n, { queue });
    await pointsAfterOrderEvent(db(), emulated.shop, 990001n, { queue });
    expect(await balanceOf(customerId)).toBe(before + 123);
    expect(await queue.drain(handlers)).toBeGreaterThanOrEqual(1);
    const balance = emulated.emulator.control
      .pushed({ shop: emulated.shop.domain })
      .metafields.find((m) => m.ownerId === `gid://shopify/Customer/${customerId}` && m.key === "points_balance");
    expect(balance?.value).toBe(String(before + 123));

    await queue.enqueue("points.apply-order", { shopId: emulated.shop.id, orderId: "990001" }, { shopId: emulated.shop.id });
    await queue.drain(handlers);
    expect(await balanceOf(customerId)).toBe(before + 123);
    const failed = await db().job.count({ where: { shopId: emulated.shop.id, status: "failed" } });
    expect(failed).toBe(0);
  });
});
