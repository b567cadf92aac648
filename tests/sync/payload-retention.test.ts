import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { purgeExpiredWebhookPayloads } from "../../app/db/inbox-retention.server";
import { updateShopSettings } from "../../app/db/settings.server";
import { registerShop, type ShopRef } from "../../app/db/shops.server";
import { parseShopSettings, shopSettingsSchema } from "../../app/domain/settings/shop-settings";
import { storeWebhook } from "../../app/sync/webhook-intake.server";
import { JobNames } from "../../app/jobs/catalog";
import { EmbeddedJobQueue } from "../../app/jobs/queue.server";
import { jobHandlers } from "../../app/jobs/registry.server";
import { scheduleDueWork } from "../../app/jobs/runtime.server";

/**
 * Applied webhook bodies are kept only for the shop's retention (default 7 days), then deleted by the
 * scheduled purge; pending and parked ones stay, and a retry inside the retention is still a duplicate.
 */
const DAY_MS = 86_400_000;
const now = new Date("2026-11-20T03:00:00Z");
let shop: ShopRef;
let other: ShopRef;

beforeAll(async () => {
  shop = await registerShop(db(), "retention.myshopify.com", { currency: "JPY" });
  other = await registerShop(db(), "retention-other.myshopify.com", { currency: "JPY" });
});

async function event(owner: ShopRef, status: string, ageDays: number, webhookId = randomUUID()) {
  const receivedAt = new Date(now.getTime() - ageDays * DAY_MS);
  return db().webhookEvent.create({
    data: {
      shopId: owner.id,
      webhookId,
      topic: "customers/update",
      payload: JSON.stringify({ id: 1, email: "kept-too-long@example.jp" }),
      status,
      receivedAt,
      processedAt: status === "applied" ? receivedAt : null,
    },
  });
}

const ids = async (owner: ShopRef) =>
  (await db().webhookEvent.findMany({ where: { shopId: owner.id }, orderBy: { id: "asc" } })).map((e) => e.webhookId);

describe("webhook payload retention", () => {
  it("deletes applied deliveries older than the shop's retention and keeps everything else", async () => {
    const keep = [
      await event(shop, "applied", 6.9),
      await event(shop, "pending", 30),
      await event(shop, "processing", 30),
      await event(shop, "parked", 30),
      await event(other, "applied", 20),
    ];
    await event(shop, "applied", 7.1);
    await event(shop, "applied", 400);
    await updateShopSettings(db(), other, "dataRetention", { webhookPayloadDays: 30 });

    const result = await purgeExpiredWebhookPayloads(db(), now);

    expect(result.deletedEvents).toBe(2);
    expect([...(await ids(shop)), ...(await ids(other))].sort()).toEqual(keep.map((e) => e.webhookId).sort());
  });

  it("still recognises a retried delivery inside the retention as a duplicate", async () => {
    const retried = await event(shop, "applied", 3);
    await purgeExpiredWebhookPayloads(db(), now);
    const delivery = {
      shopDomain: shop.domain,
      topic: "customers/update",
      webhookId: retried.webhookId,
      apiVersion: "2026-07",
      eventId: null,
      triggeredAt: retried.receivedAt.toISOString(),
      rawBody: JSON.stringify({
        id: 1,
        email: "kept-too-long@example.jp",
        created_at: "2026-11-01T00:00:00Z",
        updated_at: "2026-11-17T00:00:00Z",
      }),
    };
    expect((await storeWebhook(db(), delivery, "customers/update")).outcome).toBe("duplicate");
  });

  it("runs once a day per shop: queued by the scheduler, run by the job registry", async () => {
    await event(shop, "applied", 10);
    const clock = { now };
    const queue = new EmbeddedJobQueue(
      db(),
      () => clock.now,
      () => undefined,
    );
    await scheduleDueWork(db(), queue, 15 * 60_000, now);
    const handlers = {
      [JobNames.purgePayloads]: jobHandlers({ client: db(), queue, now: () => clock.now })[JobNames.purgePayloads],
    };
    expect(await queue.drain(handlers)).toBe(0); // due a day later
    clock.now = new Date(now.getTime() + DAY_MS + 1);
    expect(await queue.drain(handlers)).toBe(2); // both shops
    const left = await db().webhookEvent.findMany({ where: { shopId: shop.id, status: "applied" } });
    expect(left.every((e) => e.receivedAt.getTime() >= clock.now.getTime() - 7 * DAY_MS)).toBe(true);
  });

  it("empties a parked delivery about a redacted customer, which the worker never applied", async () => {
    await db().redactedCustomer.create({ data: { shopId: other.id, customerId: 77n, redactedAt: now } });
    const parked = await db().webhookEvent.create({
      data: {
        shopId: other.id,
        webhookId: randomUUID(),
        topic: "customers/update",
        resourceId: 77n,
        payload: JSON.stringify({ id: 77, email: "parked-after-redact@example.jp" }),
        status: "parked",
        receivedAt: now,
      },
    });
    const unrelated = await event(other, "parked", 1);
    await purgeExpiredWebhookPayloads(db(), now);
    const after = await db().webhookEvent.findMany({ where: { id: { in: [parked.id, unrelated.id] } }, orderBy: { id: "asc" } });
    expect(after.map((e) => JSON.parse(e.payload))).toEqual([{ redacted: true }, JSON.parse(unrelated.payload)]);
  });

  it("keeps 7 days for a new shop and refuses a retention shorter than Shopify's retry window", () => {
    const defaults = parseShopSettings("{}");
    expect(defaults.dataRetention.webhookPayloadDays).toBe(7);
    expect(() => shopSettingsSchema.parse({ ...defaults, dataRetention: { webhookPayloadDays: 1 } })).toThrow(
      /settings.errors.retentionDays/,
    );
  });
});
