import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { insertJourney } from "../../app/db/journeys.server";
import { getShopSettings, updateShopSettings } from "../../app/db/settings.server";
import type { ShopRef } from "../../app/db/shops.server";
import { type FlowActionName, handleFlowAction } from "../../app/flow/actions.server";
import type { JobQueue } from "../../app/jobs/queue.server";
import { action as awardPointsRoute } from "../../app/routes/flow.actions.award-points";
import { TEST_APP } from "../support/env";
import { type ShopHarness, startShopHarness } from "../pushback/harness";

/**
 * The Flow actions Kizuna serves: requests must carry Shopify's HMAC of the raw body with the app's secret;
 * awarding points is idempotent per Flow run; starting a journey enrols the customer.
 */
const NOW = new Date("2026-06-01T00:00:00Z");
const queued: string[] = [];
const queue = {
  enqueue: async (name: string) => {
    queued.push(name);
  },
} as unknown as JobQueue;

let h: ShopHarness;
let shop: ShopRef;
let journeyId: number;
let draftJourneyId: number;
let server: Server;

const sign = (body: string, secret = TEST_APP.apiSecret) => createHmac("sha256", secret).update(body, "utf8").digest("base64");

function flowBody(handle: string, properties: Record<string, unknown>, runId = "run-0001") {
  return JSON.stringify({
    shop_id: "gid://shopify/Shop/1",
    shopify_domain: shop.domain,
    action_run_id: runId,
    action_definition_id: handle,
    handle,
    properties,
  });
}

function request(name: FlowActionName, body: string, signature: string | null = sign(body)) {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (signature !== null) headers["X-Shopify-Hmac-SHA256"] = signature;
  return new Request(`${TEST_APP.appUrl}/flow/actions/${name}`, { method: "POST", headers, body });
}

const run = (name: FlowActionName, req: Request) =>
  handleFlowAction(req, name, { client: db(), secret: TEST_APP.apiSecret, queue, now: NOW });

async function balanceOf(customerId: bigint): Promise<number> {
  const account = await db().pointsAccount.findUnique({ where: { shopId_customerId: { shopId: shop.id, customerId } } });
  return account?.balance ?? 0;
}
const entriesOf = (customerId: bigint, journey = journeyId) =>
  db().journeyEntry.findMany({ where: { shopId: shop.id, customerId, journeyId: journey } });

beforeAll(async () => {
  h = await startShopHarness({ customers: 6, seed: 73 });
  shop = h.shop;
  const settings = await getShopSettings(db(), shop);
  await updateShopSettings(db(), shop, "points", { ...settings.points, enabled: true });
  const definition = JSON.stringify({
    trigger: { kind: "future_loyal_candidate" },
    steps: [{ kind: "wait", days: 1 }, { kind: "flow" }],
  });
  const base = { templateKey: null, definition, holdoutShare: 0, holdoutSalt: "flow-actions", attributionDays: 7 };
  const journey = await insertJourney(db(), shop, { ...base, name: "from Flow" });
  journeyId = journey.id;
  await db().journey.update({ where: { id: journeyId }, data: { status: "active" } });
  draftJourneyId = (await insertJourney(db(), shop, { ...base, name: "draft" })).id;

  // a stand-in for the app's HTTP server, so the emulator can play signed action requests to it
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
    const name = (req.url ?? "").replace("/flow/actions/", "") as FlowActionName;
    const response = await run(
      name,
      new Request(`http://app${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) }),
    );
    res.writeHead(response.status, { "Content-Type": "application/json" });
    res.end(await response.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await h.stop();
});

describe("Flow action requests", () => {
  it("are refused without Shopify's signature, or with a wrong one, and change nothing", async () => {
    const customer = h.customerIds[0];
    const body = flowBody("kizuna-award-points", { customer_id: Number(customer), points: 100, reason: "Flow" });
    for (const req of [
      request("award-points", body, null),
      request("award-points", body, sign(body, "not-the-app-secret")),
      request("award-points", body, "garbage"),
      // signed, then changed on the way
      request("award-points", body.replace('"points":100', '"points":900'), sign(body)),
    ]) {
      const response = await run("award-points", req);
      expect(response.status).toBe(401);
    }
    expect(await balanceOf(customer)).toBe(0);
    expect(await db().pointsEntry.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("with a body that is not the action's shape are refused with what is wrong", async () => {
    const customer = Number(h.customerIds[0]);
    const cases: [string, RegExp][] = [
      [flowBody("kizuna-award-points", { customer_id: customer, points: 1.5, reason: "x" }), /points must be a whole number/],
      [flowBody("kizuna-award-points", { customer_id: customer, points: 10 }), /reason/],
      [flowBody("kizuna-award-points", { customer_id: "abc", points: 10, reason: "x" }), /customer_id must be a Customer id/],
      [flowBody("kizuna-start-journey", { customer_id: customer, journey_id: journeyId }), /serves kizuna-award-points/],
      ["not json", /not JSON/],
      [JSON.stringify({ handle: "kizuna-award-points" }), /shopify_domain/],
    ];
    for (const [body, message] of cases) {
      const response = await run("award-points", request("award-points", body));
      expect(response.status, body).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(message);
    }
    expect(await db().pointsEntry.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("award points once per Flow run, however often Flow retries it", async () => {
    const customer = h.customerIds[1];
    const body = flowBody(
      "kizuna-award-points",
      { customer_id: String(customer), points: 150, reason: "VIP 誕生月" },
      "4b3c-run-1",
    );
    const first = await run("award-points", request("award-points", body));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, balance: 150, duplicate: false });
    const retry = await run("award-points", request("award-points", body));
    expect(await retry.json()).toEqual({ ok: true, balance: 150, duplicate: true });
    expect(await balanceOf(customer)).toBe(150);
    // another run is another award
    const next = flowBody(
      "kizuna-award-points",
      { customer_id: `gid://shopify/Customer/${customer}`, points: 50, reason: "x" },
      "4b3c-run-2",
    );
    expect((await run("award-points", request("award-points", next))).status).toBe(200);
    expect(await balanceOf(customer)).toBe(200);
  });

  it("the route wires the app's secret and database", async () => {
    const customer = h.customerIds[2];
    const body = flowBody("kizuna-award-points", { customer_id: Number(customer), points: 30, reason: "route" }, "route-run-1");
    const ok = await awardPointsRoute({ request: request("award-points", body), params: {}, context: {} });
    expect(ok.status).toBe(200);
    const forged = await awardPointsRoute({ request: request("award-points", body, sign(body, "x")), params: {}, context: {} });
    expect(forged.status).toBe(401);
    expect(await balanceOf(customer)).toBe(30);
  });

  it("start a journey for the customer, once per run; an inactive journey is refused", async () => {
    const customer = h.customerIds[3];
    queued.length = 0;
    const body = flowBody("kizuna-start-journey", { customer_id: Number(customer), journey_id: journeyId }, "journey-run-1");
    const first = await run("start-journey", request("start-journey", body));
    expect(await first.json()).toEqual({ ok: true, enrolled: 1 });
    expect(queued).toContain("journeys.run-due");
    expect(await run("start-journey", request("start-journey", body)).then((r) => r.json())).toEqual({ ok: true, enrolled: 0 });
    const entries = await entriesOf(customer);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ state: "active", triggerKey: "flow:journey-run-1" });

    const draft = flowBody(
      "kizuna-start-journey",
      { customer_id: Number(customer), journey_id: draftJourneyId },
      "journey-run-2",
    );
    const refused = await run("start-journey", request("start-journey", draft));
    expect(refused.status).toBe(422);
    expect(await entriesOf(customer, draftJourneyId)).toHaveLength(0);
  });

  it("played by the emulator, signed like Shopify, reach the app and are verified", async () => {
    const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    h.emulator.control.configureWebhooks({ appUrl, apiSecret: TEST_APP.apiSecret, topics: [] });
    const customer = h.customerIds[4];
    const played = await h.emulator.control.playFlowAction({
      shop: h.store.shop.domain,
      handle: "kizuna-award-points",
      properties: { customer_id: Number(customer), points: 40, reason: "played" },
    });
    expect(played.status).toBe(200);
    const again = await h.emulator.control.playFlowAction({
      shop: h.store.shop.domain,
      handle: "kizuna-award-points",
      properties: { customer_id: Number(customer), points: 40, reason: "played" },
      actionRunId: played.actionRunId,
    });
    expect(again.body).toMatchObject({ duplicate: true });
    const forged = await h.emulator.control.playFlowAction({
      shop: h.store.shop.domain,
      handle: "kizuna-award-points",
      properties: { customer_id: Number(customer), points: 40, reason: "played" },
      secret: "forged",
    });
    expect(forged.status).toBe(401);
    expect(await balanceOf(customer)).toBe(40);
    await expect(
      h.emulator.control.playFlowAction({ shop: h.store.shop.domain, handle: "kizuna-award-points", properties: { points: 1 } }),
    ).rejects.toThrow(/customer_id is required/);
  });
});
