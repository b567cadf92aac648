import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, db, dialectOf } from "../../app/db/client.server";
import { runBackfill } from "../../app/sync/backfill.server";
import { applyDueEvents } from "../../app/sync/inbox-worker.server";
import { WEBHOOK_TOPICS } from "../../app/sync/webhook-payloads";
import { type EmulatedShop, startEmulatedShop } from "../support/emulated-shop";
import { TEST_APP } from "../support/env";
import { startWebhookApp, type WebhookApp } from "../support/webhook-app";

let app: WebhookApp;
let shop: EmulatedShop;

beforeAll(async () => {
  app = await startWebhookApp();
  shop = await startEmulatedShop(
    db(),
    { seed: 41, customers: 120 },
    { webhooks: { appUrl: app.url, apiSecret: TEST_APP.apiSecret, topics: WEBHOOK_TOPICS } },
  );
  await runBackfill(db(), shop.shop, { admin: shop.admin, tickMs: 10, pollMs: 20 });
});

afterAll(async () => {
  await shop.emulator.stop();
  await app.close();
});

async function deliverAndApply() {
  await shop.emulator.flush();
  for (;;) {
    const result = await applyDueEvents(db());
    if (result.applied + result.failed + result.parked === 0) return;
  }
}

/** Every row of every table, as text: what a search of the whole database would see. */
async function everyRowAsText(client: Db): Promise<string> {
  const tables =
    dialectOf(client) === "sqlite"
      ? await client.$queryRawUnsafe<{ name: string }[]>(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%'`,
        )
      : await client.$queryRawUnsafe<{ name: string }[]>(
          `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE '_prisma%'`,
        );
  let text = "";
  for (const { name } of tables) {
    const rows = await client.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${name}"`);
    text += JSON.stringify(rows, (_key, value) => (typeof value === "bigint" ? value.toString() : value));
  }
  return text;
}

describe("privacy webhooks", () => {
  it("customers/data_request exports the customer's data; customers/redact then leaves their email nowhere", async () => {
    const control = shop.emulator.control;
    const customer = [...shop.store.customers.values()].find(
      (candidate) => candidate.email && [...shop.store.orders.values()].some((order) => order.customerId === candidate.id),
    );
    if (!customer?.email) throw new Error("the seeded store has a customer with an email and orders");
    const email = customer.email;
    const orderCount = [...shop.store.orders.values()].filter((order) => order.customerId === customer.id).length;
    // Traces of the person beyond the copy of Shopify: a merchant's note and a webhook body in the inbox.
    await db().customerNote.create({
      data: { shopId: shop.shop.id, customerId: BigInt(customer.id), body: `Prefers mail to ${email}` },
    });
    control.advanceTime({ ms: 60_000 });
    control.updateCustomer({ id: customer.id, note: "VIP" });
    await deliverAndApply();
    expect(await everyRowAsText(db())).toContain(email);

    control.requestCustomerData({ customerId: customer.id });
    await deliverAndApply();
    const exported = await db().dataExport.findFirstOrThrow({ where: { shopId: shop.shop.id, customerId: BigInt(customer.id) } });
    const content = JSON.parse(exported.content);
    expect(content.customer.email).toBe(email);
    expect(content.orders).toHaveLength(orderCount);
    expect(content.notes[0].body).toContain(email);

    control.requestCustomerRedaction({ customerId: customer.id });
    await deliverAndApply();
    expect(await everyRowAsText(db())).not.toContain(email);
    const tombstone = await db().customer.findUniqueOrThrow({
      where: { shopId_id: { shopId: shop.shop.id, id: BigInt(customer.id) } },
    });
    expect(tombstone).toMatchObject({ email: null, firstName: null, lastName: null, phone: null });
    expect(tombstone.deletedAt).not.toBeNull();
    // The orders still count in the shop's figures, without the person.
    expect(await db().order.count({ where: { shopId: shop.shop.id, customerId: BigInt(customer.id) } })).toBe(orderCount);
  });

  it("customers/delete removes the customer's personal data", async () => {
    const control = shop.emulator.control;
    const created = control.createCustomer({ firstName: "削除", lastName: "予定", email: "to-be-deleted@example.jp" });
    await deliverAndApply();
    expect(await everyRowAsText(db())).toContain("to-be-deleted@example.jp");
    control.deleteCustomer({ id: created.id });
    await deliverAndApply();
    expect(await everyRowAsText(db())).not.toContain("to-be-deleted@example.jp");
  });

  it("app/uninstalled removes the sessions and marks the shop uninstalled; shop/redact removes everything of the shop", async () => {
    const control = shop.emulator.control;
    control.uninstallApp();
    await deliverAndApply();
    const uninstalled = await db().shop.findUniqueOrThrow({ where: { id: shop.shop.id } });
    expect(uninstalled.installState).toBe("uninstalled");
    expect(await db().session.count({ where: { shop: shop.shop.domain } })).toBe(0);

    control.redactShop();
    await deliverAndApply();
    expect(await db().shop.findUnique({ where: { id: shop.shop.id } })).toBeNull();
    const where = { where: { shopId: shop.shop.id } };
    const left = await Promise.all([
      db().customer.count(where),
      db().order.count(where),
      db().lineItem.count(where),
      db().refund.count(where),
      db().webhookEvent.count(where),
      db().syncRun.count(where),
      db().dataExport.count(where),
      db().customerNote.count(where),
    ]);
    expect(left).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
