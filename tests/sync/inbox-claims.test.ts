import { beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db, db } from "../../app/db/client.server";
import type { ShopRef } from "../../app/db/shops.server";
import { claimInboxBatch, INBOX_LEASE_MS } from "../../app/sync/inbox-claim.server";
import { applyInboxBatch, shopLookup } from "../../app/sync/inbox-worker.server";
import { generateStore } from "../../emulator/seed/generate";
import type { Order } from "../../emulator/store/model";
import { orderPayload } from "../../emulator/webhooks/payloads";

/**
 * The inbox's batch claims (decision 023), on both databases: two workers side by side apply every event
 * once, the events of one order in the order they arrived, and a worker that dies mid-batch leaves its
 * batch to the other once the claim's lease has run out.
 */
const domain = "claims.myshopify.com";
const store = generateStore({ seed: 23, customers: 120, shopDomain: domain });
let shop: ShopRef;
let nextWebhook = 0;

beforeAll(async () => {
  const row = await db().shop.create({ data: { domain, currency: store.shop.currency } });
  shop = { id: row.id, domain };
});

/** Stores the order's versions as orders/updated events (v1 oldest), each its own delivery. */
async function storeVersions(order: Order, versions: number, now: Date): Promise<number[]> {
  const ids: number[] = [];
  for (let version = 1; version <= versions; version++) {
    const body = orderPayload(store, { ...order, updatedAt: order.updatedAt + version * 60_000, tags: [`v${version}`] });
    const event = await db().webhookEvent.create({
      data: {
        shopId: shop.id,
        webhookId: `claims-${++nextWebhook}`,
        topic: "orders/updated",
        resourceId: BigInt(order.id),
        payload: JSON.stringify(body),
        status: "pending",
        nextAttemptAt: now,
      },
    });
    ids.push(event.id);
  }
  return ids;
}

const orders = [...store.orders.values()];

describe("two workers applying the inbox side by side", () => {
  it("apply every event exactly once, and the events of one order in the order they arrived", async () => {
    const now = new Date();
    const byOrder = new Map<number, number[]>();
    for (const order of orders.slice(0, 60)) byOrder.set(order.id, await storeVersions(order, 3, now));
    const all = [...byOrder.values()].flat();

    // Two clients, two pools: as two worker processes see the database.
    const clients: Db[] = [createDb(process.env.DATABASE_URL), createDb(process.env.DATABASE_URL)];
    const appliedBy: number[][] = [[], []];
    const sequence: number[] = [];
    const work = async (worker: number) => {
      const client = clients[worker];
      const shops = shopLookup(client, 60_000);
      for (;;) {
        const batch = await applyInboxBatch(client, {
          limit: 7,
          shops,
          onApplied: (ids) => {
            appliedBy[worker].push(...ids);
            sequence.push(...ids);
          },
        });
        if (batch.claimed === 0 && (await unfinished()) === 0) return;
        if (batch.claimed === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    const unfinished = () => db().webhookEvent.count({ where: { id: { in: all }, status: { in: ["pending", "processing"] } } });
    try {
      await Promise.all([work(0), work(1)]);
    } finally {
      await Promise.all(clients.map((client) => client.$disconnect()));
    }

    expect([...sequence].sort((a, b) => a - b)).toEqual([...all].sort((a, b) => a - b)); // each once, none lost
    // On PostgreSQL both take a share; SQLite has one writer at a time, and one process may do it all.
    if (process.env.DATABASE_URL?.startsWith("postgres")) expect(appliedBy.map((ids) => ids.length > 0)).toEqual([true, true]);
    for (const ids of byOrder.values()) {
      expect(sequence.filter((id) => ids.includes(id))).toEqual(ids);
    }
    const rows = await db().webhookEvent.findMany({ where: { id: { in: all } }, select: { status: true, attempts: true } });
    expect(rows.every((row) => row.status === "applied" && row.attempts === 1)).toBe(true);
    const stored = await db().order.findMany({
      where: { shopId: shop.id, id: { in: [...byOrder.keys()].map(BigInt) } },
      select: { tags: true },
    });
    expect(stored.map((order) => order.tags)).toEqual(stored.map(() => "v3"));
    expect(stored).toHaveLength(byOrder.size);
  });
});

describe("a claim", () => {
  it("takes only the oldest unfinished event of an order, and nothing another worker holds", async () => {
    const now = new Date(Date.now() + 3_600_000);
    const [first, second] = await storeVersions(orders[70], 2, now);
    const [other] = await storeVersions(orders[71], 1, now);

    const a = await claimInboxBatch(db(), { now, limit: 50 });
    expect(a.map((claim) => claim.id)).toEqual([first, other]);
    // another worker, the same moment: the first is held, and the second must wait for it
    expect(await claimInboxBatch(db(), { now, limit: 50 })).toEqual([]);
    // the holder died: after the lease the first event is claimed again (a new attempt), still not the second
    const later = new Date(now.getTime() + INBOX_LEASE_MS + 1);
    const b = await claimInboxBatch(db(), { now: later, limit: 50 });
    expect(b).toEqual([
      { id: first, shopId: shop.id, attempts: 2 },
      { id: other, shopId: shop.id, attempts: 2 },
    ]);
    expect(b.map((claim) => claim.id)).not.toContain(second);
    await db().webhookEvent.deleteMany({ where: { id: { in: [first, second, other] } } });
  });

  it("of a worker killed mid-batch is taken over by another once its lease ran out, and the dead one's batch applies nothing", async () => {
    const now = new Date(Date.now() + 7_200_000);
    const ids = [
      ...(await storeVersions(orders[80], 1, now)),
      ...(await storeVersions(orders[81], 1, now)),
      ...(await storeVersions(orders[82], 1, now)),
    ];
    const dead = await claimInboxBatch(db(), { now, limit: 50 }); // claimed, then the worker was killed
    expect(dead.map((claim) => claim.id)).toEqual(ids);

    const atOnce = await applyInboxBatch(db(), { now: () => now });
    expect(atOnce.claimed).toBe(0);

    const applied: number[] = [];
    const takeover = await applyInboxBatch(db(), {
      now: () => new Date(now.getTime() + INBOX_LEASE_MS + 1),
      onApplied: (batch) => applied.push(...batch),
    });
    expect(takeover).toMatchObject({ claimed: 3, applied: 3, failed: 0, parked: 0 });
    expect(applied).toEqual(ids);
    const rows = await db().webhookEvent.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
    expect(rows.map((row) => [row.status, row.attempts])).toEqual(ids.map(() => ["applied", 2]));
  });
});
