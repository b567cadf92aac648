import { afterEach, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { runBackfill } from "../../app/sync/backfill.server";
import { BulkFileError, importBulkLines } from "../../app/sync/bulk-import.server";
import { runReconcile } from "../../app/sync/reconcile.server";
import { type EmulatedShop, expectDatabaseMatchesStore, startEmulatedShop } from "../support/emulated-shop";

let current: EmulatedShop | null = null;
afterEach(async () => {
  await current?.emulator.stop();
  current = null;
});

const fast = { tickMs: 10, pollMs: 20 };

describe("backfill through bulk operations", () => {
  it("copies every customer, order, line item and refund of a 200-customer store exactly", async () => {
    current = await startEmulatedShop(db(), { seed: 11, customers: 200 });
    const phases: string[] = [];
    const summary = await runBackfill(db(), current.shop, {
      admin: current.admin,
      ...fast,
      onProgress: (p) => phases.push(p.phase),
    });
    expect(summary.customers).toBe(200);
    await expectDatabaseMatchesStore(db(), current.shop.id, current.store);
    expect(phases).toContain("orders: importing");
    const run = await db().syncRun.findUniqueOrThrow({ where: { id: summary.runId } });
    expect(run).toMatchObject({ status: "completed", error: null });
    expect(run.rowsDone).toBe(run.rowsTotal);
  });

  it("copies a 20,000-customer store exactly, and a second run changes nothing", async () => {
    current = await startEmulatedShop(db(), { seed: 12, customers: 20_000 });
    await runBackfill(db(), current.shop, { admin: current.admin, ...fast });
    await expectDatabaseMatchesStore(db(), current.shop.id, current.store);
    const before = await db().order.findMany({ where: { shopId: current.shop.id }, orderBy: { id: "asc" }, take: 50 });
    await runBackfill(db(), current.shop, { admin: current.admin, ...fast });
    await expectDatabaseMatchesStore(db(), current.shop.id, current.store);
    const after = await db().order.findMany({ where: { shopId: current.shop.id }, orderBy: { id: "asc" }, take: 50 });
    expect(after.map(({ syncedAt: _, ...order }) => order)).toEqual(before.map(({ syncedAt: _, ...order }) => order));
  }, 240_000);

  it("resumes an interrupted run where it stopped, without duplicates", async () => {
    current = await startEmulatedShop(db(), { seed: 13, customers: 400 });
    let batches = 0;
    const interrupted = runBackfill(db(), current.shop, {
      admin: current.admin,
      ...fast,
      onProgress: (progress) => {
        if (progress.phase === "orders: importing" && ++batches === 1) throw new Error("worker killed");
      },
    });
    await expect(interrupted).rejects.toThrow("worker killed");
    const failed = await db().syncRun.findFirstOrThrow({ where: { shopId: current.shop.id, kind: "backfill" } });
    expect(failed.status).toBe("failed");
    const bulkCallsBefore = current.emulator.control.calls({ field: "bulkOperationRunQuery" }).length;

    await runBackfill(db(), current.shop, { admin: current.admin, ...fast });
    await expectDatabaseMatchesStore(db(), current.shop.id, current.store);
    // The same run was resumed: the customers export was not repeated.
    expect(await db().syncRun.count({ where: { shopId: current.shop.id, kind: "backfill" } })).toBe(1);
    expect(current.emulator.control.calls({ field: "bulkOperationRunQuery" }).length).toBe(bulkCallsBefore);
  });

  it("reports a failed export clearly and succeeds on the retry", async () => {
    current = await startEmulatedShop(db(), { seed: 14, customers: 100 });
    current.emulator.control.setBulkSwitches({ failNext: "INTERNAL_SERVER_ERROR" });
    await expect(runBackfill(db(), current.shop, { admin: current.admin, ...fast })).rejects.toThrow(
      /customers export ended FAILED \(INTERNAL_SERVER_ERROR\)/,
    );
    await runBackfill(db(), current.shop, { admin: current.admin, ...fast });
    await expectDatabaseMatchesStore(db(), current.shop.id, current.store);
  });

  it("exports again when the result file has expired", async () => {
    current = await startEmulatedShop(db(), { seed: 15, customers: 100 });
    current.emulator.control.setBulkSwitches({ expiredUrls: true });
    const run = runBackfill(db(), current.shop, {
      admin: current.admin,
      ...fast,
      onProgress: (p) => {
        if (p.phase.startsWith("customers: exporting") && current)
          current.emulator.control.setBulkSwitches({ expiredUrls: false });
      },
    });
    await run;
    await expectDatabaseMatchesStore(db(), current.shop.id, current.store);
  });

  it("finishes under a tiny rate-limit bucket, slower, with no error — and so does reconciliation", async () => {
    current = await startEmulatedShop(db(), { seed: 16, customers: 150 }, { bucketSize: 1000, restoreRate: 200 });
    await runBackfill(db(), current.shop, { admin: current.admin, ...fast });
    // Changes the webhooks never delivered (no app URL configured): reconciliation must find them.
    const customer = [...current.store.customers.values()][0];
    current.emulator.control.advanceTime({ ms: 60_000 });
    for (let i = 0; i < 20; i++) current.emulator.control.createOrder({ customerId: customer.id });
    current.emulator.control.updateCustomer({ id: customer.id, lastName: "Reconciled" });
    await db().shop.update({ where: { id: current.shop.id }, data: { reconciledThrough: new Date(current.store.now - 30_000) } });
    const counts = await runReconcile(db(), current.shop, { admin: current.admin });
    expect(counts.orders).toBeGreaterThanOrEqual(20);
    expect(current.admin.throttledCount).toBeGreaterThan(0);
    await expectDatabaseMatchesStore(db(), current.shop.id, current.store);
  });
});

describe("bulk file import", () => {
  it("stops at a corrupt line with its number, keeping what was already imported", async () => {
    const shop = await db().shop.create({ data: { domain: "corrupt-file.myshopify.com" } });
    const good = (id: number) =>
      JSON.stringify({
        id: `gid://shopify/Customer/${id}`,
        firstName: "A",
        lastName: "B",
        email: null,
        phone: null,
        tags: [],
        createdAt: "2026-01-01T00:00:00Z",
        updatedAt: "2026-01-01T00:00:00Z",
      });
    const lines = [good(1), good(2), "{ this is not json", good(3)];
    await expect(
      importBulkLines(db(), { id: shop.id, domain: shop.domain, currency: "JPY" }, "customers", lines, { batchSize: 2 }),
    ).rejects.toThrow(
      new BulkFileError("Line 3 of the customers export is not valid JSON; the export is corrupt — run the backfill again"),
    );
    expect(await db().customer.count({ where: { shopId: shop.id } })).toBe(2);

    const invalid = [good(4), JSON.stringify({ id: "gid://shopify/Customer/5", tags: [] })];
    await expect(
      importBulkLines(db(), { id: shop.id, domain: shop.domain, currency: "JPY" }, "customers", invalid),
    ).rejects.toThrow(/Line 2 of the customers export: Invalid customer: .*createdAt/);
  });
});
