import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { eraseCustomer } from "../../app/db/customer-privacy.server";
import { flowEventsOf, insertFlowEvent } from "../../app/db/flow.server";
import { insertJourney } from "../../app/db/journeys.server";
import { getShopSettings, updateShopSettings } from "../../app/db/settings.server";
import type { ShopRef } from "../../app/db/shops.server";
import { FLOW_TRIGGERS } from "../../app/domain/flow/triggers";
import { recordPointsExpiring } from "../../app/flow/daily.server";
import { evaluateFlowTriggers, evaluateFlowTriggersFor } from "../../app/flow/evaluate.server";
import { sendPendingFlowEvents } from "../../app/flow/sender.server";
import type { JobQueue } from "../../app/jobs/queue.server";
import type { MessageChannel } from "../../app/journeys/channel";
import { enrolCustomers, loadJourney } from "../../app/journeys/enrol.server";
import { runDueSteps } from "../../app/journeys/runner.server";
import { adjustCustomerPoints } from "../../app/points/customer-points.server";
import { FlowTriggerRejectedError, sendFlowTrigger } from "../../app/shopify/flow.server";
import { type ShopHarness, startShopHarness, writeMetrics } from "../pushback/harness";

/**
 * Flow triggers against the real database (SQLite here, PostgreSQL in CI) and the Shopify emulator, which checks
 * every flowTriggerReceive payload against the extension's declared fields and records what it accepted.
 */
const T0 = new Date("2026-06-01T00:00:00Z");
const DAY = 86_400_000;
const at = (days: number) => new Date(T0.getTime() + days * DAY);

const queued: string[] = [];
const queue = {
  enqueue: async (name: string) => {
    queued.push(name);
  },
} as unknown as JobQueue;

let h: ShopHarness;
let shop: ShopRef;
let ids: bigint[];

const eventsOf = (customerId: bigint) => flowEventsOf(db(), shop, { customerId });
const received = () => h.emulator.control.flowTriggers({ shop: h.store.shop.domain });
const send = (now: Date) => sendPendingFlowEvents(db(), shop, async () => h.admin, now);

beforeAll(async () => {
  h = await startShopHarness({ customers: 16, seed: 61 });
  shop = h.shop;
  ids = h.customerIds;
  for (const id of ids) await writeMetrics(shop, id, { segment: "loyal", pAlive: 0.8, predictedClv12mMinor: 10_000 });
  await db().pointsAccount.create({ data: { shopId: shop.id, customerId: ids[3], balance: 100, tier: "silver" } });
});
afterAll(() => h.stop());

describe("Flow trigger evaluation", () => {
  it("records every customer at the shop's first evaluation without firing (installing fires nothing)", async () => {
    const outcome = await evaluateFlowTriggers(db(), shop, { now: at(0) });
    expect(outcome).toMatchObject({ baseline: true, customers: ids.length, events: 0, states: ids.length });
    expect(await db().flowTriggerEvent.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("an evaluation with no change writes nothing, not even the state", async () => {
    const before = await db().customerSignalState.findMany({ where: { shopId: shop.id }, orderBy: { customerId: "asc" } });
    const outcome = await evaluateFlowTriggers(db(), shop, { now: at(1) });
    expect(outcome).toMatchObject({ baseline: false, events: 0, states: 0 });
    const after = await db().customerSignalState.findMany({ where: { shopId: shop.id }, orderBy: { customerId: "asc" } });
    expect(after).toEqual(before);
  });

  it("fires each trigger once per real change, and sends it to Flow with a payload the extension accepts", async () => {
    await writeMetrics(shop, ids[0], { segment: "at_risk", pAlive: 0.8, predictedClv12mMinor: 10_000 });
    await writeMetrics(shop, ids[1], { segment: "loyal", pAlive: 0.8, futureLoyalScore: 0.91 });
    await writeMetrics(shop, ids[2], { segment: "loyal", pAlive: 0.2, predictedClv12mMinor: 10_000 });
    await db().pointsAccount.update({
      where: { shopId_customerId: { shopId: shop.id, customerId: ids[3] } },
      data: { tier: "gold" },
    });
    const first = await evaluateFlowTriggers(db(), shop, { now: at(2) });
    expect(first.events).toBe(4);
    // the same data evaluated again (the next recompute): nothing more
    expect((await evaluateFlowTriggers(db(), shop, { now: at(3) })).events).toBe(0);

    expect((await eventsOf(ids[0])).map((e) => e.trigger)).toEqual(["segment-changed"]);
    expect((await eventsOf(ids[1])).map((e) => e.trigger)).toEqual(["future-loyal"]);
    expect((await eventsOf(ids[2])).map((e) => e.trigger)).toEqual(["churn-risk"]);
    expect((await eventsOf(ids[3])).map((e) => e.trigger)).toEqual(["tier-changed"]);

    expect(await send(at(3))).toEqual({ sent: 4, failed: 0, interrupted: null });
    const got = received();
    expect(got.map((r) => r.handle).sort()).toEqual(
      [
        FLOW_TRIGGERS["segment-changed"].handle,
        FLOW_TRIGGERS["future-loyal"].handle,
        FLOW_TRIGGERS["churn-risk"].handle,
        FLOW_TRIGGERS["tier-changed"].handle,
      ].sort(),
    );
    expect(got.find((r) => r.handle === "kizuna-segment-changed")?.payload).toMatchObject({
      customer_id: Number(ids[0]),
      Segment: "at_risk",
      "Previous segment": "loyal",
      "Predicted CLV": 10_000,
    });
    expect(got.find((r) => r.handle === "kizuna-tier-changed")?.payload).toMatchObject({
      "Member tier": "gold",
      "Previous tier": "silver",
      "Points balance": 100,
    });
    // sent rows are not sent again
    expect(await send(at(4))).toEqual({ sent: 0, failed: 0, interrupted: null });
    expect(received()).toHaveLength(4);
    const rows = await db().flowTriggerEvent.findMany({ where: { shopId: shop.id } });
    expect(rows.every((row) => row.status === "sent" && row.attempts === 1 && row.sentAt !== null)).toBe(true);
  });

  it("moving back and forth fires each real move", async () => {
    await writeMetrics(shop, ids[0], { segment: "loyal", pAlive: 0.8, predictedClv12mMinor: 10_000 });
    expect((await evaluateFlowTriggers(db(), shop, { now: at(5) })).events).toBe(1);
    await writeMetrics(shop, ids[0], { segment: "at_risk", pAlive: 0.8, predictedClv12mMinor: 10_000 });
    expect((await evaluateFlowTriggers(db(), shop, { now: at(6) })).events).toBe(1);
    expect((await eventsOf(ids[0])).map((e) => JSON.parse(e.payload).Segment)).toEqual(["at_risk", "loyal", "at_risk"]);
  });

  it("the incremental path evaluates the customers it re-scored", async () => {
    await writeMetrics(shop, ids[4], { segment: "champions", pAlive: 0.9, predictedClv12mMinor: 30_000 });
    const outcome = await evaluateFlowTriggersFor(db(), shop, [ids[4]], { now: at(7) });
    expect(outcome).toMatchObject({ customers: 1, events: 1 });
    expect((await evaluateFlowTriggers(db(), shop, { now: at(7) })).events).toBe(0);
  });

  it("two evaluations racing over the same change record it once", async () => {
    await writeMetrics(shop, ids[5], { segment: "champions", pAlive: 0.9, predictedClv12mMinor: 30_000 });
    await Promise.all([
      evaluateFlowTriggers(db(), shop, { now: at(8) }),
      evaluateFlowTriggersFor(db(), shop, [ids[5]], { now: at(8) }),
      evaluateFlowTriggersFor(db(), shop, [ids[5]], { now: at(8) }),
    ]);
    expect((await eventsOf(ids[5])).map((e) => e.trigger)).toEqual(["segment-changed"]);
  });

  it("a redacted customer fires nothing, and a pending event of theirs is not sent", async () => {
    await eraseCustomer(db(), shop, ids[6], at(9));
    await writeMetrics(shop, ids[6], { segment: "at_risk", pAlive: 0.1, predictedClv12mMinor: 10_000 });
    await writeMetrics(shop, ids[7], { segment: "at_risk", pAlive: 0.8, predictedClv12mMinor: 10_000 });
    await evaluateFlowTriggers(db(), shop, { now: at(9) });
    expect(await eventsOf(ids[6])).toEqual([]);
    expect(await eventsOf(ids[7])).toHaveLength(1);
    await eraseCustomer(db(), shop, ids[7], at(9));
    const before = received().length;
    await send(at(9));
    expect(
      received()
        .slice(before)
        .some((r) => r.payload.customer_id === Number(ids[7])),
    ).toBe(false);
    // the redaction took their unsent event with it (decision 026)
    expect(await eventsOf(ids[7])).toEqual([]);
    // one written in a race with the redaction is refused by the sender
    await insertFlowEvent(
      db(),
      shop,
      { customerId: ids[7], trigger: "segment-changed", key: "test:after-redaction", payload: { customer_id: Number(ids[7]) } },
      at(9),
    );
    await send(at(9));
    expect(received().some((r) => r.payload.customer_id === Number(ids[7]))).toBe(false);
    const [row] = await eventsOf(ids[7]);
    expect(row).toMatchObject({ status: "failed", attempts: 0 });
    expect(row.error).toMatch(/deleted or redacted/);
  });
});

describe("flowTriggerReceive in the emulator", () => {
  it("refuses an unknown handle and a payload that does not match the declared fields", async () => {
    await expect(sendFlowTrigger(h.admin, "kizuna-no-such-trigger", { customer_id: Number(ids[0]) })).rejects.toThrow(
      FlowTriggerRejectedError,
    );
    await expect(
      sendFlowTrigger(h.admin, "kizuna-segment-changed", { customer_id: Number(ids[0]), Segment: "loyal" }),
    ).rejects.toThrow(/Predicted CLV is required/);
  });

  it("a payload Shopify refuses fails its row at once, without retries", async () => {
    await insertFlowEvent(
      db(),
      shop,
      { customerId: ids[8], trigger: "segment-changed", key: "test:bad-payload", payload: { customer_id: Number(ids[8]) } },
      at(10),
    );
    const before = received().length;
    const outcome = await send(at(10));
    expect(outcome).toMatchObject({ failed: 1, interrupted: null });
    expect(received()).toHaveLength(before);
    const row = await db().flowTriggerEvent.findFirstOrThrow({ where: { shopId: shop.id, key: "test:bad-payload" } });
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row.error).toMatch(/Segment is required/);
  });

  it("a transient failure keeps the row pending with its attempt counted, then it goes out", async () => {
    await writeMetrics(shop, ids[9], { segment: "champions", pAlive: 0.9, predictedClv12mMinor: 30_000 });
    await evaluateFlowTriggers(db(), shop, { now: at(11) });
    h.emulator.control.failNext({ shop: h.store.shop.domain, field: "flowTriggerReceive", kind: "graphqlError", times: 1 });
    const failed = await send(at(11));
    expect(failed.interrupted).toMatch(/Shopify rejected the request/);
    const [row] = await eventsOf(ids[9]);
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(await send(at(11))).toMatchObject({ sent: 1, interrupted: null });
    expect((await eventsOf(ids[9]))[0]).toMatchObject({ status: "sent", attempts: 2 });
  });
});

describe("points expiring", () => {
  it("fires once per expiry date, the configured number of days before", async () => {
    const settings = await getShopSettings(db(), shop);
    await updateShopSettings(db(), shop, "points", { ...settings.points, enabled: true });
    const member = ids[10];
    // 12 months without a purchase expire the balance: an entry on 2025-06-10 expires on 2026-06-10
    const adjusted = await adjustCustomerPoints(
      db(),
      shop,
      {
        customerId: member,
        values: { points: "250", reason: "welcome", adjustmentId: "flow-test-expiry" },
        now: new Date("2025-06-10T00:00:00Z"),
      },
      { queue },
    );
    expect(adjusted.ok).toBe(true);
    expect(await recordPointsExpiring(db(), shop, new Date("2026-05-20T00:00:00Z"))).toBe(0); // 21 days left > 14
    expect(await recordPointsExpiring(db(), shop, new Date("2026-06-01T00:00:00Z"))).toBe(1);
    expect(await recordPointsExpiring(db(), shop, new Date("2026-06-02T00:00:00Z"))).toBe(0);
    const [event] = (await eventsOf(member)).filter((e) => e.trigger === "points-expiring");
    expect(JSON.parse(event.payload)).toMatchObject({
      customer_id: Number(member),
      "Points expiring": 250,
      "Expires on": "2026-06-10",
      "Days left": 9,
    });
    expect((await send(at(12))).failed).toBe(0);
    expect(received().some((r) => r.handle === "kizuna-points-expiring")).toBe(true);
  });
});

describe('the journey step "hand to Flow"', () => {
  it("fires the journey-step trigger once per entry and step", async () => {
    const journey = await insertJourney(db(), shop, {
      templateKey: null,
      name: "Flow handover",
      definition: JSON.stringify({ trigger: { kind: "future_loyal_candidate" }, steps: [{ kind: "flow" }] }),
      holdoutShare: 0,
      holdoutSalt: "flow-test",
      attributionDays: 7,
    });
    await db().journey.update({ where: { id: journey.id }, data: { status: "active" } });
    const loaded = loadJourney({ ...journey, status: "active" });
    const customer = ids[11];
    expect(
      await enrolCustomers(db(), shop, loaded, [{ customerId: customer, triggerKey: "t1" }], { enteredAt: at(13), now: at(13) }),
    ).toBe(1);
    const channel = {
      name: "email",
      configured: () => true,
      send: async () => ({ status: "sent" }),
    } as unknown as MessageChannel;
    queued.length = 0;
    await runDueSteps(db(), shop, at(13), { channel, admin: async () => h.admin, queue });
    await runDueSteps(db(), shop, at(14), { channel, admin: async () => h.admin, queue });
    const events = (await eventsOf(customer)).filter((e) => e.trigger === "journey-step");
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].payload)).toMatchObject({ "Journey ID": journey.id, Journey: "Flow handover", Step: 1 });
    expect(queued).toContain("flow.send");
    expect((await send(at(14))).failed).toBe(0);
    expect(received().filter((r) => r.handle === "kizuna-journey-step")).toHaveLength(1);
  });
});
