import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LineEmulator, startLineEmulator } from "../../emulator/line/index";
import { db } from "../../app/db/client.server";
import { eraseCustomer } from "../../app/db/customer-privacy.server";
import { insertEntries, insertJourney, updateJourneyStatus } from "../../app/db/journeys.server";
import { insertLinkCode, lineLinkOfCustomer, saveLineChannel } from "../../app/db/line.server";
import type { ShopRef } from "../../app/db/shops.server";
import type { JourneyDefinitionInput } from "../../app/domain/journeys";
import type { ChannelMessage, ChannelSendResult, MessageChannel } from "../../app/journeys/channel";
import { runDueSteps } from "../../app/journeys/engine.server";
import { createLineJourneyChannel } from "../../app/journeys/line-channel.server";
import type { JobQueue } from "../../app/jobs/queue.server";
import { applyLineEvents } from "../../app/line/events.server";
import { lineSignature } from "../../app/line/signature";
import { action as lineLinkAction } from "../../app/routes/proxy.line-link";
import { action as lineWebhookAction } from "../../app/routes/webhooks.line.$shop";
import { signAppProxyQuery } from "../../app/shopify/app-proxy";
import { TEST_APP } from "../support/env";
import { seedShopRows } from "../support/seed-rows";
import { startLineWebhookServer } from "./support";

/**
 * LINE end to end on the real database (SQLite here, PostgreSQL with TEST_DATABASE_URL): the LINE emulator
 * plays the platform and its users, Kizuna's webhook route receives its signed webhooks over HTTP, the
 * worker applies them, and the journey runner pushes through the emulator.
 */
const CHANNEL = {
  channelId: "2000000001",
  channelSecret: randomBytes(16).toString("hex"),
  accessToken: `tok-${randomBytes(24).toString("base64url")}`,
  basicId: "@kizuna-test",
  displayName: "Kizuna Test",
};
const NOON_JST = new Date("2026-03-02T03:00:00Z");
const queue = { enqueue: async () => {} } as unknown as JobQueue;
/** webhook events are stored on Kizuna's clock (the system clock here): the worker applies them from then on */
const later = () => new Date(Date.now() + 1000);

let emulator: LineEmulator;
let webhooks: Awaited<ReturnType<typeof startLineWebhookServer>>;
let shop: ShopRef;
const logLines: string[] = [];
const log = (line: string) => logLines.push(line);

function recordingEmail() {
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

const customer = (index: number) => BigInt(710_000 + index);

/** a linked LINE user for a customer, the way a person links: code from the storefront, message in LINE */
async function linkThroughLine(customerId: bigint, displayName: string, now = new Date()) {
  const { user } = await emulator.control.follow(CHANNEL.channelId, { displayName });
  const code = `K${randomBytes(8)
    .toString("hex")
    .toUpperCase()
    .replace(/[^A-HJ-NP-Z2-9]/g, "Q")
    .slice(0, 7)}`;
  await insertLinkCode(db(), shop, { customerId, code, expiresAt: new Date(now.getTime() + 15 * 60_000), now });
  const delivery = await emulator.control.sendText(CHANNEL.channelId, user.userId, `LINE連携コード：${code}`);
  expect(delivery?.status).toBe(200);
  await applyLineEvents(db(), shop, later(), { log });
  return user.userId;
}

async function lineJourney(channel: "line" | "line-else-email", customers: bigint[]) {
  const definition: JourneyDefinitionInput = {
    trigger: { kind: "first_order" },
    steps: [{ kind: "send", channel, templateKey: "followup-1-reassure", marketing: true }],
  };
  const journey = await insertJourney(db(), shop, {
    templateKey: null,
    name: `LINE ${channel} ${randomBytes(3).toString("hex")}`,
    definition: JSON.stringify(definition),
    holdoutShare: 0,
    holdoutSalt: randomBytes(8).toString("hex"),
    attributionDays: 7,
  });
  await updateJourneyStatus(db(), shop, journey.id, "active", NOON_JST);
  await insertEntries(
    db(),
    shop,
    journey.id,
    customers.map((customerId) => ({
      customerId,
      triggerKey: "t",
      groupName: "treatment",
      enteredAt: NOON_JST,
      dueAt: NOON_JST,
    })),
  );
  return journey;
}

async function messagesOf(journeyId: number) {
  return db().journeyMessage.findMany({ where: { shopId: shop.id, journeyId }, orderBy: { customerId: "asc" } });
}

beforeAll(async () => {
  emulator = await startLineEmulator({ channels: [CHANNEL] });
  process.env.LINE_API_BASE = emulator.url;
  webhooks = await startLineWebhookServer();
  shop = await seedShopRows(db(), "line-test.myshopify.com", { customers: 12, idBase: 710_000 });
  await db().customer.updateMany({ where: { shopId: shop.id }, data: { emailMarketing: "SUBSCRIBED" } });
  await saveLineChannel(db(), shop, {
    channelId: CHANNEL.channelId,
    channelSecret: CHANNEL.channelSecret,
    accessToken: CHANNEL.accessToken,
    basicId: CHANNEL.basicId,
  });
  emulator.control.setWebhookUrl(CHANNEL.channelId, webhooks.url(shop.domain));
});
afterAll(async () => {
  await webhooks.stop();
  await emulator.stop();
});

describe("the LINE webhook", () => {
  const body = JSON.stringify({
    destination: "Ubot",
    events: [
      {
        type: "follow",
        mode: "active",
        timestamp: Date.now(),
        source: { type: "user", userId: "Uforged" },
        webhookEventId: "01FORGEDEVENT",
        deliveryContext: { isRedelivery: false },
      },
    ],
  });
  const post = (headers: Record<string, string>, payload = body) =>
    lineWebhookAction({
      request: new Request(`http://localhost/webhooks/line/${shop.domain}`, { method: "POST", headers, body: payload }),
      params: { shop: shop.domain },
      context: {},
    });

  it("refuses a forged or missing signature with 401 and stores nothing", async () => {
    const before = await db().lineEvent.count({ where: { shopId: shop.id } });
    expect((await post({})).status).toBe(401);
    expect((await post({ "x-line-signature": lineSignature("not-the-secret", body) })).status).toBe(401);
    // signed correctly, then altered
    expect(
      (await post({ "x-line-signature": lineSignature(CHANNEL.channelSecret, body) }, body.replace("Uforged", "Uother"))).status,
    ).toBe(401);
    expect(await db().lineEvent.count({ where: { shopId: shop.id } })).toBe(before);
  });

  it("answers a clear 4xx for malformed and oversized bodies, 404 for a shop without LINE", async () => {
    const junk = "{not json";
    expect((await post({ "x-line-signature": lineSignature(CHANNEL.channelSecret, junk) }, junk)).status).toBe(400);
    const wrongShape = JSON.stringify({ events: "no" });
    expect((await post({ "x-line-signature": lineSignature(CHANNEL.channelSecret, wrongShape) }, wrongShape)).status).toBe(400);
    const huge = JSON.stringify({ destination: "U", events: [], pad: "x".repeat(1024 * 1024 + 10) });
    expect((await post({ "x-line-signature": lineSignature(CHANNEL.channelSecret, huge) }, huge)).status).toBe(413);
    const other = await lineWebhookAction({
      request: new Request("http://localhost/webhooks/line/nobody.myshopify.com", {
        method: "POST",
        headers: { "x-line-signature": "x" },
        body,
      }),
      params: { shop: "nobody.myshopify.com" },
      context: {},
    });
    expect(other.status).toBe(404);
  });

  it("applies an event once when LINE redelivers it", async () => {
    const customerId = customer(0);
    const { user } = await emulator.control.follow(CHANNEL.channelId, { displayName: "山田 花子" });
    await applyLineEvents(db(), shop, later(), { log });
    await insertLinkCode(db(), shop, { customerId, code: "ABCD2345", expiresAt: new Date(Date.now() + 60_000), now: new Date() });
    await emulator.control.sendText(CHANNEL.channelId, user.userId, "LINE連携コード：ABCD2345");
    const redelivered = await emulator.control.redeliverLast(CHANNEL.channelId);
    expect(redelivered?.status).toBe(200);
    const stored = await db().lineEvent.findMany({ where: { shopId: shop.id, lineUserId: user.userId, type: "message" } });
    expect(stored).toHaveLength(1);
    expect(await applyLineEvents(db(), shop, later(), { log })).toEqual({ applied: 1, failed: 0 });
    expect(await applyLineEvents(db(), shop, later(), { log })).toEqual({ applied: 0, failed: 0 });
    expect(await lineLinkOfCustomer(db(), shop, customerId)).toMatchObject({ lineUserId: user.userId, status: "linked" });
    // one confirmation, in Japanese (the shop's language)
    const replies = emulator.control.conversation(CHANNEL.channelId, user.userId).filter((e) => e.kind === "reply");
    expect(replies).toHaveLength(1);
    expect(JSON.stringify(replies[0].messages)).toContain("連携が完了しました");
  });

  it("does not link with an expired or used code, and says so", async () => {
    const { user } = await emulator.control.follow(CHANNEL.channelId, { displayName: "佐藤 健" });
    await insertLinkCode(db(), shop, {
      customerId: customer(1),
      code: "EXPD2345",
      expiresAt: new Date(Date.now() - 1),
      now: new Date(Date.now() - 60_000),
    });
    await emulator.control.sendText(CHANNEL.channelId, user.userId, "LINE連携コード：EXPD2345");
    // the code used by customer 0 above
    await emulator.control.sendText(CHANNEL.channelId, user.userId, "LINE連携コード：ABCD2345");
    await applyLineEvents(db(), shop, later(), { log });
    expect(await lineLinkOfCustomer(db(), shop, customer(1))).toBeNull();
    expect(await lineLinkOfCustomer(db(), shop, customer(0))).toMatchObject({ status: "linked" });
    const replies = emulator.control.conversation(CHANNEL.channelId, user.userId).filter((e) => e.kind === "reply");
    expect(replies).toHaveLength(2);
    expect(JSON.stringify(replies)).toContain("有効期限が切れているか");
  });
});

describe("ID linking from the storefront", () => {
  const proxied = (customerId: string | null, secret = TEST_APP.apiSecret) => {
    const url = new URL("/proxy/line-link", TEST_APP.appUrl);
    url.searchParams.set("shop", shop.domain);
    url.searchParams.set("path_prefix", "/apps/kizuna");
    url.searchParams.set("timestamp", String(Math.floor(Date.now() / 1000)));
    url.searchParams.set("logged_in_customer_id", customerId ?? "");
    url.searchParams.set("signature", signAppProxyQuery(url.searchParams, secret));
    // a customer id in the form is ignored: only Shopify's signed logged_in_customer_id counts
    return new Request(url, { method: "POST", body: new URLSearchParams({ customer_id: String(customer(11)) }) });
  };

  it("issues a one-time code for the signed-in customer and opens LINE with it; sending it links them", async () => {
    const customerId = customer(10);
    const response = await lineLinkAction({ request: proxied(String(customerId)), params: {}, context: {} });
    expect(response.status).toBe(303);
    const location = response.headers.get("location") ?? "";
    expect(location.startsWith(`https://line.me/R/oaMessage/${encodeURIComponent(CHANNEL.basicId)}/?`)).toBe(true);
    const text = decodeURIComponent(location.slice(location.indexOf("?") + 1));
    expect(text).toMatch(/^LINE連携コード：[A-Z2-9]{8}$/);
    const { user } = await emulator.control.follow(CHANNEL.channelId, { displayName: "小林 結衣" });
    await emulator.control.sendText(CHANNEL.channelId, user.userId, text);
    await applyLineEvents(db(), shop, later(), { log });
    expect(await lineLinkOfCustomer(db(), shop, customerId)).toMatchObject({ lineUserId: user.userId, status: "linked" });
    expect(await lineLinkOfCustomer(db(), shop, customer(11))).toBeNull();
  });

  it("refuses a request Shopify did not sign, and sends a visitor who is not signed in to log in", async () => {
    expect((await lineLinkAction({ request: proxied("710011", "forged"), params: {}, context: {} })).status).toBe(401);
    const anonymous = await lineLinkAction({ request: proxied(null), params: {}, context: {} });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe("/account/login");
    expect(await db().lineLinkCode.count({ where: { shopId: shop.id, customerId: customer(11) } })).toBe(0);
  });
});

describe("journeys over LINE", () => {
  it("link → push → block → skipped, with the reason recorded", async () => {
    const customerId = customer(2);
    await db().customer.update({
      where: { shopId_id: { shopId: shop.id, id: customerId } },
      data: { lastName: "鈴木", firstName: "一郎", locale: "ja" },
    });
    const userId = await linkThroughLine(customerId, "鈴木 一郎");
    const first = await lineJourney("line", [customerId]);
    const email = recordingEmail();
    const line = createLineJourneyChannel({ client: db() });
    await runDueSteps(db(), shop, NOON_JST, { channel: email, line, queue, log });
    const [sent] = await messagesOf(first.id);
    expect(sent).toMatchObject({ channel: "line", status: "sent", toAddress: userId });
    expect(sent.retryKey).toMatch(/^[0-9a-f-]{36}$/);
    const pushes = emulator.control.pushesTo(CHANNEL.channelId, userId);
    expect(pushes).toHaveLength(1);
    expect(JSON.stringify(pushes[0])).toContain("鈴木 一郎 様");
    expect(email.delivered).toHaveLength(0);

    await emulator.control.unfollow(CHANNEL.channelId, userId);
    await applyLineEvents(db(), shop, later(), { log });
    expect(await lineLinkOfCustomer(db(), shop, customerId)).toMatchObject({ status: "blocked" });
    const second = await lineJourney("line", [customerId]);
    await runDueSteps(db(), shop, NOON_JST, { channel: email, line, queue, log });
    expect(await messagesOf(second.id)).toEqual([
      expect.objectContaining({ status: "suppressed", detail: "line-blocked", channel: "email" }),
    ]);
    expect(emulator.control.pushesTo(CHANNEL.channelId, userId)).toHaveLength(1);

    // following again makes them reachable again
    await emulator.control.follow(CHANNEL.channelId, { userId });
    await applyLineEvents(db(), shop, later(), { log });
    expect(await lineLinkOfCustomer(db(), shop, customerId)).toMatchObject({ status: "linked", blockedAt: null });
  });

  it("skips a customer who never linked LINE (line) and mails them instead (line-else-email)", async () => {
    const unlinked = customer(3);
    const linked = customer(4);
    const userId = await linkThroughLine(linked, "高橋 美咲");
    const email = recordingEmail();
    const line = createLineJourneyChannel({ client: db() });
    const onlyLine = await lineJourney("line", [unlinked]);
    const either = await lineJourney("line-else-email", [unlinked, linked]);
    await runDueSteps(db(), shop, NOON_JST, { channel: email, line, queue, log });
    expect(await messagesOf(onlyLine.id)).toEqual([expect.objectContaining({ status: "suppressed", detail: "line-not-linked" })]);
    const messages = await messagesOf(either.id);
    expect(messages.map((m) => [m.customerId, m.channel, m.status])).toEqual([
      [unlinked, "email", "sent"],
      [linked, "line", "sent"],
    ]);
    expect(email.delivered.map((m) => m.context.customer.id)).toEqual([String(unlinked)]);
    expect(emulator.control.pushesTo(CHANNEL.channelId, userId)).toHaveLength(1);
  });

  it("a push retried with the same retry key after a lost answer is delivered once", async () => {
    const customerId = customer(5);
    const userId = await linkThroughLine(customerId, "伊藤 さくら");
    const journey = await lineJourney("line", [customerId]);
    const line = createLineJourneyChannel({ client: db() });
    // the first attempt reaches LINE, then the worker dies before it marks the row sent
    let crashed = false;
    const crashing: MessageChannel = {
      ...line,
      async send(message) {
        await line.send(message);
        crashed = true;
        throw new Error("worker killed after the push (simulated)");
      },
    };
    await runDueSteps(db(), shop, NOON_JST, { channel: recordingEmail(), line: crashing, queue, log });
    expect(crashed).toBe(true);
    const [row] = await messagesOf(journey.id);
    expect(row.status).toBe("sending");
    const before = emulator.control.stats(CHANNEL.channelId);
    // the retry, ten minutes later, sends the same row with the same key: LINE answers 409, Kizuna marks it sent
    await runDueSteps(db(), shop, new Date(NOON_JST.getTime() + 11 * 60_000), { channel: recordingEmail(), line, queue, log });
    const [after] = await messagesOf(journey.id);
    expect(after).toMatchObject({ status: "sent", retryKey: row.retryKey });
    expect(emulator.control.stats(CHANNEL.channelId).pushesAccepted).toBe(before.pushesAccepted);
    expect(emulator.control.stats(CHANNEL.channelId).duplicateRetries).toBe(before.duplicateRetries + 1);
    expect(emulator.control.pushesTo(CHANNEL.channelId, userId)).toHaveLength(1);
  });

  it("sends a coupon as a Flex card with the code", async () => {
    const customerId = customer(6);
    const userId = await linkThroughLine(customerId, "渡辺 翔太");
    const { lineMessagesFor } = await import("../../app/journeys/line-channel.server");
    const messages = lineMessagesFor("followup-4-loyal", {
      shop: { name: "テスト商店", domain: shop.domain, url: `https://${shop.domain}`, currency: "JPY", timezone: "Asia/Tokyo" },
      customer: { id: String(customerId), firstName: "翔太", lastName: "渡辺", email: null, locale: "ja" },
      discount: { code: "KZTEST12345", endsAt: "2026-03-31T15:00:00.000Z", valueType: "percentage", value: 10 },
    });
    expect(messages.map((m) => m.type)).toEqual(["text", "flex"]);
    expect(JSON.stringify(messages[1])).toContain("KZTEST12345");
    expect(JSON.stringify(messages[1])).toContain("2026/03/31まで");
    expect(JSON.stringify(messages[1])).toContain("10%OFF");
    expect(userId).toMatch(/^U/);
  });
});

describe("privacy", () => {
  it("customers/redact erases the LINE link, the codes and that LINE user's stored events", async () => {
    const customerId = customer(7);
    const userId = await linkThroughLine(customerId, "中村 優");
    await insertLinkCode(db(), shop, {
      customerId,
      code: "REDA2345",
      expiresAt: new Date(NOON_JST.getTime() + 60_000),
      now: NOON_JST,
    });
    expect(await db().lineEvent.count({ where: { shopId: shop.id, lineUserId: userId } })).toBeGreaterThan(0);
    await eraseCustomer(db(), shop, customerId, NOON_JST);
    expect(await db().lineLink.count({ where: { shopId: shop.id, customerId } })).toBe(0);
    expect(await db().lineLinkCode.count({ where: { shopId: shop.id, customerId } })).toBe(0);
    expect(await db().lineEvent.count({ where: { shopId: shop.id, lineUserId: userId } })).toBe(0);
    // others keep theirs
    expect(await db().lineLink.count({ where: { shopId: shop.id } })).toBeGreaterThan(0);
  });

  it("never writes the access token or the secret to a log line", () => {
    const all = logLines.join("\n");
    expect(all).not.toContain(CHANNEL.accessToken);
    expect(all).not.toContain(CHANNEL.channelSecret);
  });
});
