import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, db, dialectOf } from "../../app/db/client.server";
import { registerShop } from "../../app/db/shops.server";
import { defaultShopSettings, parseShopSettings } from "../../app/domain/settings/shop-settings";
import { sessionStorage } from "../../app/shopify.server";
import { runBackfill } from "../../app/sync/backfill.server";
import { applyDueEvents } from "../../app/sync/inbox-worker.server";
import { runReconcile } from "../../app/sync/reconcile.server";
import { handleWebhookRequest } from "../../app/sync/webhook-route.server";
import { customersRedactPayload } from "../../emulator/webhooks/payloads";
import { type EmulatedShop, startShopSendingWebhooks } from "../support/emulated-shop";
import { offlineSession, webhookRequest } from "../support/shopify-requests";
import type { WebhookApp } from "../support/webhook-app";

let app: WebhookApp;
let shop: EmulatedShop;

beforeAll(async () => {
  ({ app, shop } = await startShopSendingWebhooks(db(), { seed: 41, customers: 120 }));
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

/** Rows that belong to the shop, per table: every table with a shopId column but Shop itself is searched. */
async function rowsOfShopInEveryTable(client: Db, shopId: number): Promise<Record<string, number>> {
  const columns =
    dialectOf(client) === "sqlite"
      ? await client.$queryRawUnsafe<{ name: string }[]>(
          `SELECT m.name AS name FROM sqlite_master m JOIN pragma_table_info(m.name) c ON c.name = 'shopId' WHERE m.type = 'table'`,
        )
      : await client.$queryRawUnsafe<{ name: string }[]>(
          `SELECT table_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'shopId'`,
        );
  const left: Record<string, number> = {};
  for (const { name } of columns) {
    const [{ count }] = await client.$queryRawUnsafe<{ count: bigint | number }[]>(
      `SELECT COUNT(*) AS count FROM "${name}" WHERE "shopId" = ${Number(shopId)}`,
    );
    if (Number(count) > 0) left[name] = Number(count);
  }
  expect(columns.length).toBeGreaterThan(15);
  return left;
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

  it("a delivery after customers/redact (late, retried, or read back by reconciliation and backfill) brings nothing of the person back", async () => {
    const control = shop.emulator.control;
    // The last such customer: the first test redacted the first one.
    const customer = [...shop.store.customers.values()]
      .filter(
        (candidate) =>
          candidate.email &&
          candidate.defaultAddress &&
          [...shop.store.orders.values()].some((order) => order.customerId === candidate.id && order.email),
      )
      .at(-1);
    if (!customer?.email) throw new Error("the seeded store has another customer with an email, an address and orders");
    const email = customer.email;
    const orders = [...shop.store.orders.values()].filter((order) => order.customerId === customer.id);
    control.requestCustomerRedaction({ customerId: customer.id });
    await deliverAndApply();
    expect(await everyRowAsText(db())).not.toContain(email);

    // Shopify still has the person (a redaction request can precede the deletion by days): their next order
    // edit and profile edit arrive afterwards, as do the reconciliation's and a new backfill's reads.
    control.advanceTime({ ms: 60_000 });
    control.updateOrder({ id: orders[0].id, tags: ["late"] });
    control.updateCustomer({ id: customer.id, note: "late edit" });
    await deliverAndApply();
    await runReconcile(db(), shop.shop, { admin: shop.admin });
    await runBackfill(db(), shop.shop, { admin: shop.admin, tickMs: 10, pollMs: 20 });
    expect(await everyRowAsText(db())).not.toContain(email);
    const stored = await db().order.findUniqueOrThrow({
      where: { shopId_id: { shopId: shop.shop.id, id: BigInt(orders[0].id) } },
    });
    // The order itself is up to date: only the person's contact details are missing.
    expect(stored).toMatchObject({ tags: "late", email: null, shippingProvinceCode: null });
    const tombstone = await db().redactedCustomer.findUniqueOrThrow({
      where: { shopId_customerId: { shopId: shop.shop.id, customerId: BigInt(customer.id) } },
    });
    expect(Object.keys(tombstone).sort()).toEqual(["customerId", "redactedAt", "shopId"]);
  }, 120_000);

  it("customers/delete then customers/redact: the redact request's own body and every trace by email or phone are gone", async () => {
    const control = shop.emulator.control;
    const email = "delete-then-redact@example.jp";
    const phone = "+819012345678";
    const created = control.createCustomer({ firstName: "削除", lastName: "後に消去", email, phone });
    const order = control.createOrder({ customerId: created.id });
    await deliverAndApply();
    expect(await everyRowAsText(db())).toContain(email);

    control.deleteCustomer({ id: created.id, force: true });
    await deliverAndApply();
    // Shopify sends customers/redact for the deleted customer, naming the email and phone and the orders.
    const redact = webhookRequest({
      topic: "customers/redact",
      shop: shop.shop.domain,
      body: customersRedactPayload(shop.store, { id: created.id, email, phone }, [order.id]),
    });
    expect((await handleWebhookRequest(redact, "customers/redact")).status).toBe(200);
    await deliverAndApply();
    // A later edit of the order, detached from the deleted customer but still carrying the email.
    control.advanceTime({ ms: 60_000 });
    control.updateOrder({ id: order.id, tags: ["after-redact"] });
    await deliverAndApply();

    const everything = await everyRowAsText(db());
    expect(everything).not.toContain(email);
    expect(everything).not.toContain(phone);
    const events = await db().webhookEvent.findMany({
      where: { shopId: shop.shop.id, topic: "customers/redact", resourceId: BigInt(created.id) },
    });
    expect(events.map((event) => [event.status, JSON.parse(event.payload)])).toEqual([["applied", { redacted: true }]]);
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
    // A tombstone: the shop's domain, erased, with nothing of the shop's data, settings or sessions.
    const erased = await db().shop.findUniqueOrThrow({ where: { domain: shop.shop.domain } });
    expect(erased).toMatchObject({ installState: "erased", name: "", email: null, settings: "{}" });
    expect(erased.reconciledThrough).toBeNull();
    expect(await db().session.count({ where: { shop: shop.shop.domain } })).toBe(0);
    expect(await rowsOfShopInEveryTable(db(), shop.shop.id)).toEqual({});
    expect(await rowsOfShopInEveryTable(db(), erased.id)).toEqual({});
    // A delivery still on its way for the erased shop is not stored (intake drops it).
    control.updateCustomer({ id: [...shop.store.customers.keys()][0], note: "after shop/redact" });
    await deliverAndApply();
    expect(await rowsOfShopInEveryTable(db(), erased.id)).toEqual({});

    // A later install (the admin auth path registers the shop) starts from scratch and syncs again.
    const reinstalled = await registerShop(db(), shop.shop.domain, {
      name: shop.store.shop.name,
      currency: shop.store.shop.currency,
    });
    expect(reinstalled).toMatchObject({ id: erased.id, installState: "installed" });
    expect(parseShopSettings(reinstalled.settings)).toEqual(defaultShopSettings);
    control.reinstallApp();
    await sessionStorage.storeSession(offlineSession(shop.shop.domain, shop.store.accessToken));
    const again = { id: reinstalled.id, domain: reinstalled.domain, currency: reinstalled.currency };
    const summary = await runBackfill(db(), again, { admin: shop.admin, tickMs: 10, pollMs: 20 });
    expect(summary.orders).toBe(shop.store.orders.size);
    expect(await db().order.count({ where: { shopId: again.id } })).toBe(shop.store.orders.size);
  });
});
