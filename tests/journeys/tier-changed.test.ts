import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { registerShop, type ShopRef } from "../../app/db/shops.server";
import { tierTriggerMatches } from "../../app/domain/journeys";
import { runJourneysDaily } from "../../app/journeys/engine.server";
import { applyOrderToPoints } from "../../app/points/service.server";
import { createCustomer, enablePoints, RecordingQueue, upsertOrder } from "../points/support";

/**
 * The "member tier changed" trigger (issue 15): the points service records a tier move and enrols the member
 * in the journeys that want that direction, once per move however often it is reported; the daily scan
 * replays recent moves without enrolling anyone twice.
 */
const T = new Date("2026-05-11T03:00:00Z");
let shop: ShopRef;
const queue = new RecordingQueue();

async function journey(name: string, direction: "up" | "down" | "any") {
  return db().journey.create({
    data: {
      shopId: shop.id,
      name,
      status: "active",
      holdoutShare: 0,
      holdoutSalt: name,
      definition: JSON.stringify({
        trigger: { kind: "tier_changed", direction },
        steps: [{ kind: "send", channel: "email", templateKey: "future-loyal", marketing: true }],
      }),
    },
  });
}

beforeAll(async () => {
  const record = await registerShop(db(), "tier-journeys.myshopify.com", {
    name: "ランク",
    currency: "JPY",
    timezone: "Asia/Tokyo",
  });
  shop = { id: record.id, domain: record.domain };
  await enablePoints(db(), shop);
});
afterAll(async () => {
  await db().shop.delete({ where: { id: shop.id } });
});

describe("tier_changed", () => {
  it("matches the direction; joining counts as up only above the entry tier", () => {
    const tiers = ["bronze", "silver", "gold"];
    const up = { kind: "tier_changed", direction: "up" } as const;
    const down = { kind: "tier_changed", direction: "down" } as const;
    const any = { kind: "tier_changed", direction: "any" } as const;
    expect(tierTriggerMatches(up, { from: "bronze", to: "silver", direction: "up" }, tiers)).toBe(true);
    expect(tierTriggerMatches(down, { from: "bronze", to: "silver", direction: "up" }, tiers)).toBe(false);
    expect(tierTriggerMatches(any, { from: "gold", to: "silver", direction: "down" }, tiers)).toBe(true);
    expect(tierTriggerMatches(any, { from: null, to: "bronze", direction: "joined" }, tiers)).toBe(false);
    expect(tierTriggerMatches(up, { from: null, to: "silver", direction: "joined" }, tiers)).toBe(true);
  });

  it("enrols a member whose rank goes up once, in the journeys that want up, however often the order is applied", async () => {
    const up = await journey("rank-up", "up");
    const down = await journey("rank-down", "down");
    const customerId = 5_500_001n;
    await createCustomer(db(), shop, customerId);
    // ¥60,000 within the window: the member is placed straight into silver (above the entry tier)
    await upsertOrder(db(), shop, { id: 8_800_001n, customerId, subtotalMinor: 60_000, processedAt: T });
    await applyOrderToPoints(db(), shop, 8_800_001n, { now: T, queue });
    await applyOrderToPoints(db(), shop, 8_800_001n, { now: new Date(T.getTime() + 60_000), queue });

    const entries = await db().journeyEntry.findMany({ where: { shopId: shop.id, customerId } });
    expect(entries.map((e) => [e.journeyId, e.triggerKey])).toEqual([[up.id, "tier:2026-05-11:none>silver"]]);
    expect(entries[0].enteredAt.getTime()).toBe(T.getTime());
    expect(down.id).not.toBe(up.id);

    // the daily scan replays the recorded move: nobody enrols twice
    const scan = await runJourneysDaily(db(), shop, new Date(T.getTime() + 3_600_000));
    expect(scan.skipped).not.toContain("tier_changed");
    expect(await db().journeyEntry.count({ where: { shopId: shop.id, customerId } })).toBe(1);
  });
});
