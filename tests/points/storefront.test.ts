import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { getPointsAccount, loadLedger } from "../../app/db/points.server";
import { markShopUninstalled, registerShop } from "../../app/db/shops.server";
import { adjustCustomerPoints } from "../../app/points/customer-points.server";
import { pushToShopify } from "../../app/pushback/push.server";
import {
  redeemPoints,
  recoverPendingRedemptions,
  STALE_REDEMPTION_MS,
  STOREFRONT_BUDGET_MS,
} from "../../app/points/redemption.server";
import { action as redeemAction, loader as redeemLoader } from "../../app/routes/proxy.redeem";
import { loader as pointsLoader } from "../../app/routes/proxy.points";
import { EmbeddedJobQueue } from "../../app/jobs/queue.server";
import { jobHandlers } from "../../app/jobs/registry.server";
import { pointsAfterOrderEvent } from "../../app/points/service.server";
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

  it("answers 404, and no data, for a correctly signed request for a shop that is not installed", async () => {
    // never installed (or erased: shop/redact removed it)
    const unknown = await getPoints(proxyUrl("points", { shop: "not-installed.myshopify.com" }));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).not.toHaveProperty("points_balance");
    // installed once, uninstalled since: its members' data stays in Kizuna but the storefront gets none
    const gone = await registerShop(db(), "uninstalled-shop.myshopify.com", { currency: "JPY", timezone: "Asia/Tokyo" });
    await enablePoints(db(), gone);
    await markShopUninstalled(db(), gone, new Date());
    const uninstalled = await getPoints(proxyUrl("points", { shop: gone.domain }));
    expect(uninstalled.status).toBe(404);
    expect(await uninstalled.json()).not.toHaveProperty("points_balance");
    const redeem = await postRedeem(proxyUrl("redeem", { shop: gone.domain }), { points: "500", request_id: "req-gone-0001" });
    expect(redeem.status).toBe(404);
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

  it("writes balance and tier to the customer's $app:kizuna metafields through the push pipeline", async () => {
    const result = await pushToShopify(db(), emulated.shop, emulated.admin, { scope: "changed-points" });
    expect(result.customersChanged).toBeGreaterThanOrEqual(2);
    const metafields = emulated.emulator.control
      .pushed({ shop: emulated.shop.domain })
      .metafields.filter((m) => m.ownerId === `gid://shopify/Customer/${customerId}`);
    const byKey = Object.fromEntries(metafields.map((m) => [m.key, m]));
    expect(byKey.points_balance).toMatchObject({ type: "number_integer", value: String(await balanceOf(customerId)) });
    expect(byKey.tier).toMatchObject({ type: "single_line_text_field", value: "bronze" });
    expect(byKey.tier_name).toMatchObject({ type: "single_line_text_field", value: "Bronze" });
    expect(JSON.parse(byKey.tier_progress.value)).toMatchObject({ tier: "bronze", next_tier: "silver", currency: "JPY" });
    expect((await getPointsAccount(db(), emulated.shop, customerId))?.pushedAt).not.toBeNull();
    // Nothing changed since: the next push writes nothing.
    expect(await pushToShopify(db(), emulated.shop, emulated.admin, { scope: "changed-points" })).toMatchObject({
      runId: null,
      customersChanged: 0,
    });
  });
});

/**
 * One clock for the Admin client's backoff and the storefront's time budget: a backoff "sleeps" by moving
 * the clock forward, and a budget timer fires once the clock passes it. No real waiting.
 */
class FakeClock {
  now = 0;
  private timers: { at: number; fire: () => void }[] = [];
  readonly sleep = async (ms: number): Promise<void> => {
    this.now += ms;
    for (const timer of this.timers.filter((t) => t.at <= this.now)) timer.fire();
    this.timers = this.timers.filter((t) => t.at > this.now);
  };
  readonly timer = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.timers.push({ at: this.now + ms, fire: resolve });
    });
}

function slowShopClient(clock: FakeClock): AdminClient {
  return new AdminClient({
    shopDomain: emulated.shop.domain,
    accessToken: emulated.store.accessToken,
    backoffMs: 500,
    random: () => 0.5,
    sleep: clock.sleep,
  });
}

async function redemptionStatus(requestId: string, customer = customerId): Promise<Response> {
  const url = proxyUrl("redeem", { request_id: requestId, logged_in_customer_id: String(customer) });
  return redeemLoader({ request: new Request(url), params: {}, context: {} });
}

describe("redemption while Shopify is failing", () => {
  it("answers the storefront within its time budget, pending with the request id, and finishes in the background", async () => {
    const clock = new FakeClock();
    const queue = new RecordingQueue();
    emulated.emulator.control.failNext({
      shop: emulated.shop.domain,
      field: "discountCodeBasicCreate",
      kind: "httpError",
      status: 500,
      times: 5,
    });
    const result = await redeemPoints(
      db(),
      emulated.shop,
      slowShopClient(clock),
      { customerId, requestId: "req-slow-0001", points: 500, now: new Date() },
      { queue, budgetMs: STOREFRONT_BUDGET_MS, timer: clock.timer },
    );
    const answeredAt = clock.now;
    expect(result).toMatchObject({ ok: true, redemption: { status: "pending", requestId: "req-slow-0001", code: null } });
    // the backoff step that crosses the 3 s budget ends at 3.5 s; waiting for every retry took 15.5 s here
    expect(answeredAt).toBeLessThanOrEqual(STOREFRONT_BUDGET_MS + 500);

    // the block polls the proxy for this redemption: pending until the background attempt gets through
    const polled = await redemptionStatus("req-slow-0001");
    expect(polled.status).toBe(200);
    expect(await polled.json()).toMatchObject({ request_id: "req-slow-0001", status: expect.stringMatching(/pending|created/) });

    if (!result.ok) throw new Error("unreachable");
    await result.settling;
    const settled = await redemptionStatus("req-slow-0001");
    const body = await settled.json();
    expect(body).toMatchObject({ request_id: "req-slow-0001", status: "created", points: 500 });
    expect(body.code).toMatch(/^KZ-/);
    expect(clock.now).toBeGreaterThan(answeredAt);
    // another customer cannot read it
    const foreign = await redemptionStatus("req-slow-0001", otherCustomerId);
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).not.toHaveProperty("code");
  });

  it("with Shopify answering 500 eight times: pending within the budget, then left to the recovery job", async () => {
    const clock = new FakeClock();
    const queue = new RecordingQueue();
    emulated.emulator.control.failNext({
      shop: emulated.shop.domain,
      field: "discountCodeBasicCreate",
      kind: "httpError",
      status: 500,
      times: 8,
    });
    const before = await balanceOf(customerId);
    const result = await redeemPoints(
      db(),
      emulated.shop,
      slowShopClient(clock),
      { customerId, requestId: "req-slow-0002", points: 500, now: new Date() },
      { queue, budgetMs: STOREFRONT_BUDGET_MS, timer: clock.timer },
    );
    expect(clock.now).toBeLessThanOrEqual(STOREFRONT_BUDGET_MS + 500);
    expect(result).toMatchObject({ ok: true, redemption: { status: "pending" } });
    if (!result.ok) throw new Error("unreachable");
    await result.settling;
    // every attempt failed (≈ 91 s of backoff on this clock): still pending, points held, recovery queued
    expect(clock.now).toBeGreaterThan(60_000);
    expect(await (await redemptionStatus("req-slow-0002")).json()).toMatchObject({ status: "pending", code: null });
    expect(await balanceOf(customerId)).toBe(before - 500);
    expect(queue.named("points.recover-redemptions")).toHaveLength(1);
  });
});

describe("points jobs", () => {
  it("applies an order event, then the queued push writes the new balance to Shopify", async () => {
    const queue = new EmbeddedJobQueue(
      db(),
      () => new Date(),
      () => undefined,
    );
    const handlers = jobHandlers({ client: db(), queue });
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
