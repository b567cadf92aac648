import { describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { getSyncHealth } from "../../app/db/sync-health.server";
import { BulkFileError, importBulkLines } from "../../app/sync/bulk-import.server";
import { replayParkedEvent } from "../../app/sync/webhook-intake.server";
import { customerBody, deliver, installedShop, orderBody, storedEvent } from "./intake-support";

// Issue 11.8: implausible data was applied as sent — negative totals, dates in year 1 or 9999, "1" read as
// 2001. Such deliveries are parked with the reason, shown on the Sync health page, and re-checked on replay.
const inThreeDays = () => new Date(Date.now() + 3 * 24 * 60 * 60_000).toISOString();

describe("webhook intake: implausible data is parked with its reason", () => {
  const cases: Array<[string, "orders/create" | "customers/update", object, RegExp]> = [
    ["wh-negative-total", "orders/create", orderBody({ total_price: "-3000" }), /total_price must be a non-negative decimal/],
    [
      "wh-negative-price",
      "orders/create",
      orderBody({ line_items: [{ id: 1, title: "茶", quantity: 1, price: "-1" }] }),
      /line_items\.0\.price/,
    ],
    [
      "wh-negative-quantity",
      "orders/create",
      orderBody({ line_items: [{ id: 1, title: "茶", quantity: -2, price: "1" }] }),
      /line_items\.0\.quantity/,
    ],
    [
      "wh-year-1",
      "orders/create",
      orderBody({ created_at: "0001-01-01T00:00:00Z" }),
      /created_at must be a date between 2000 and 2099/,
    ],
    [
      "wh-year-9999",
      "orders/create",
      orderBody({ updated_at: "9999-12-31T23:59:59Z" }),
      /updated_at must be a date between 2000 and 2099/,
    ],
    ["wh-date-1", "customers/update", customerBody({ created_at: "1" }), /created_at must be an ISO 8601 date-time/],
    ["wh-no-zone", "customers/update", customerBody({ updated_at: "2026-10-02 10:00:00" }), /updated_at must be an ISO 8601/],
    [
      "wh-future",
      "orders/create",
      orderBody({ updated_at: inThreeDays() }),
      /updated_at .* is later than the delivery was received/,
    ],
  ];

  it.each(cases)("%s is answered 200 and parked, never applied", async (webhookId, topic, body, reason) => {
    const shop = await installedShop("plausible");
    expect((await deliver(topic, body, { shop: shop.domain, webhookId })).status).toBe(200);
    const event = await storedEvent(shop.id, webhookId);
    expect(event?.status).toBe("parked");
    expect(event?.lastError).toMatch(reason);
  });

  it("accepts a timestamp a few hours ahead of the receipt (clock skew) and in any zone offset", async () => {
    const shop = await installedShop("plausible");
    const soon = new Date(Date.now() + 3 * 60 * 60_000).toISOString();
    const body = orderBody({ updated_at: soon, created_at: "2026-10-01T09:00:00-05:00" });
    expect((await deliver("orders/create", body, { shop: shop.domain, webhookId: "wh-skew" })).status).toBe(200);
    expect((await storedEvent(shop.id, "wh-skew"))?.status).toBe("pending");
  });

  it("shows the reason on the Sync health page; a replay checks again and keeps it parked with the reason", async () => {
    const shop = await installedShop("plausible");
    await deliver("orders/create", orderBody({ total_price: "-3000" }), { shop: shop.domain, webhookId: "wh-shown" });
    const health = await getSyncHealth(db(), shop);
    expect(health.inbox.parked).toBe(1);
    expect(health.parked[0]).toMatchObject({ topic: "orders/create" });
    expect(health.parked[0].lastError).toContain("total_price must be a non-negative decimal amount");

    const event = await storedEvent(shop.id, "wh-shown");
    if (!event) throw new Error("stored");
    const replay = await replayParkedEvent(db(), shop, event.id);
    expect(replay).toEqual({ replayed: false, error: expect.stringContaining("total_price must be a non-negative") });
    expect(await storedEvent(shop.id, "wh-shown")).toMatchObject({ status: "parked" });
  });

  it("a replay of a parked event that reads now queues it again, with its resource for ordering", async () => {
    const shop = await installedShop("plausible");
    // Parked by the worker after failures that were not the body's fault (e.g. the database was full).
    const event = await db().webhookEvent.create({
      data: {
        shopId: shop.id,
        webhookId: "wh-parked-by-worker",
        topic: "orders/updated",
        payload: JSON.stringify(orderBody()),
        status: "parked",
        attempts: 8,
        lastError: "database or disk is full",
      },
    });
    expect(await replayParkedEvent(db(), shop, event.id)).toEqual({ replayed: true });
    expect(await storedEvent(shop.id, "wh-parked-by-worker")).toMatchObject({
      status: "pending",
      lastError: null,
      resourceId: 820982911946154508n,
    });
    // Another shop cannot replay it, and an event that is no longer parked is not replayed again.
    const other = await installedShop("plausible");
    expect(await replayParkedEvent(db(), other, event.id)).toEqual({ replayed: false, error: null });
    expect(await replayParkedEvent(db(), shop, event.id)).toEqual({ replayed: false, error: null });
  });

  it("a bulk export line with a date in year 1 stops the import with the line and the reason", async () => {
    const shop = await installedShop("plausible-bulk");
    const line = JSON.stringify({
      id: "gid://shopify/Customer/1",
      firstName: null,
      lastName: null,
      email: null,
      phone: null,
      tags: [],
      createdAt: "0001-01-01T00:00:00Z",
      updatedAt: "2026-01-01T00:00:00Z",
    });
    const run = importBulkLines(db(), { ...shop, currency: "JPY" }, "customers", [line]);
    await expect(run).rejects.toThrow(BulkFileError);
    await expect(importBulkLines(db(), { ...shop, currency: "JPY" }, "customers", [line])).rejects.toThrow(
      /Line 1 of the customers export: Invalid customer: createdAt must be a date between 2000 and 2099/,
    );
  });
});
