import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { insertJourney } from "../../app/db/journeys.server";
import type { ShopRef } from "../../app/db/shops.server";
import type { ChannelMessage, ChannelSendResult, MessageChannel } from "../../app/journeys/channel";
import { activateJourney, createJourneyFromTemplate, enrolFromOrder, runDueSteps } from "../../app/journeys/engine.server";
import type { JobQueue } from "../../app/jobs/queue.server";
import { type ShopHarness, startShopHarness } from "../pushback/harness";

/**
 * The frequency cap (at most one marketing message per customer per 3 days, across journeys) counts only
 * marketing messages: a transactional journey message (the step's `marketing: false`) neither holds back a
 * marketing one nor is held back itself. Own shop, so the extra journey does not disturb engine.test.ts.
 */
const DAY = 86_400_000;
const T0 = new Date("2026-03-02T01:00:00Z"); // Monday 10:00 JST
const at = (days: number, minutes = 0) => new Date(T0.getTime() + days * DAY + minutes * 60_000);
const queue = { enqueue: async () => {} } as unknown as JobQueue;

function recordingChannel() {
  const delivered: ChannelMessage[] = [];
  const channel: MessageChannel & { delivered: ChannelMessage[] } = {
    name: "email",
    delivered,
    configured: () => true,
    async send(message): Promise<ChannelSendResult> {
      delivered.push(message);
      return { status: "sent", toAddress: message.context.customer.email ?? "", subject: message.templateKey };
    },
  };
  return channel;
}

let h: ShopHarness;
let shop: ShopRef;
let transactionalId: number;
let followupId: number;

beforeAll(async () => {
  h = await startShopHarness({ customers: 4, seed: 23 });
  shop = h.shop;
  // an order confirmation-like journey: one transactional message right after the first order
  const transactional = await insertJourney(db(), shop, {
    templateKey: null,
    name: "ご注文ありがとうございます",
    definition: JSON.stringify({
      trigger: { kind: "first_order" },
      steps: [{ kind: "send", channel: "email", templateKey: "followup-1-reassure", marketing: false }],
    }),
    holdoutShare: 0,
    holdoutSalt: "cap-test",
    attributionDays: 7,
  });
  transactionalId = transactional.id;
  followupId = (await createJourneyFromTemplate(db(), shop, "first-order-followup", { name: "フォロー", holdoutShare: 0 })).id;
  for (const id of [transactionalId, followupId])
    await activateJourney(db(), shop, id, { configured: () => true }, T0, { queue });
  for (const id of h.customerIds) {
    await db().customer.update({ where: { shopId_id: { shopId: shop.id, id } }, data: { emailMarketing: "SUBSCRIBED" } });
  }
});
afterAll(() => h.stop());

describe("the frequency cap", () => {
  it("counts only marketing messages: a transactional mail yesterday does not defer today's follow-up", async () => {
    const channel = recordingChannel();
    const customer = h.customerIds[0];
    const orderId = 9_100_000_000n;
    await db().order.create({
      data: {
        shopId: shop.id,
        id: orderId,
        name: "#9100",
        customerId: customer,
        shopifyCreatedAt: T0,
        processedAt: T0,
        shopifyUpdatedAt: T0,
        currency: "JPY",
        presentmentCurrency: "JPY",
        subtotalMinor: 5000,
        totalMinor: 5000,
        presentmentTotalMinor: 5000,
      },
    });
    expect((await enrolFromOrder(db(), shop, orderId, at(0, 1))).enrolled).toBe(2);

    await runDueSteps(db(), shop, at(0, 5), { channel, admin: async () => h.admin, queue });
    expect(channel.delivered.map((m) => m.marketing)).toEqual([false]);

    // day 1: the follow-up's first (marketing) mail goes on time, not 3 days after the transactional one
    await runDueSteps(db(), shop, at(1, 5), { channel, admin: async () => h.admin, queue });
    expect(channel.delivered.map((m) => [m.templateKey, m.marketing])).toEqual([
      ["followup-1-reassure", false],
      ["followup-1-reassure", true],
    ]);

    const rows = await db().journeyMessage.findMany({ where: { shopId: shop.id, customerId: customer }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.journeyId, r.marketing, r.status])).toEqual([
      [transactionalId, false, "sent"],
      [followupId, true, "sent"],
    ]);

    // marketing messages still cap each other: day 7's mail is due 6 days after day 1's, so it goes;
    // but had the day-1 mail gone on day 5, day 7's would wait (checked in engine.test.ts's guard rails)
    await runDueSteps(db(), shop, at(7, 5), { channel, admin: async () => h.admin, queue });
    expect(channel.delivered).toHaveLength(3);
  });
});
