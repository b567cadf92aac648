import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { eraseCustomer } from "../../app/db/customer-privacy.server";
import { importedOrderId } from "../../app/db/history-import.server";
import { registerShop, type ShopRef } from "../../app/db/shops.server";
import {
  importHistoryFile,
  inspectImportFile,
  removeImportBatch,
  validateImportFile,
} from "../../app/sync/history-import.server";

/**
 * Importing past orders from the previous shop system: a Shift_JIS export of a Japanese cart imports, a file
 * with faults writes nothing and says where they are, the same file twice is one import, a batch goes as one,
 * and a redaction reaches the imported orders of the person.
 */
const dir = mkdtempSync(path.join(tmpdir(), "kizuna-import-"));
const NOW = new Date("2026-11-01T00:00:00Z");
let shop: ShopRef;
const SHOPIFY_CUSTOMER = 7001n;

function writeFile(name: string, text: string, encoding: "utf-8" | "cp932" = "utf-8"): string {
  const file = path.join(dir, name);
  writeFileSync(file, encoding === "cp932" ? iconv.encode(text, "cp932") : text);
  return file;
}

// 楽天-style export, one row per line item, written by a Windows spreadsheet: Shift_JIS, CRLF, 全角 digits, ¥ and 円.
const RAKUTEN_SJIS = [
  "受注番号,注文日,注文時間,注文者名字,注文者名前,メールアドレス,注文者電話番号,合計金額,商品名,個数,単価",
  'R-1001,2023/4/1,10:05:00,山田,花子,Hanako@Example.jp,090-1234-5678,"￥３，３００",抹茶カステラ,１,"1,500円"',
  'R-1001,2023/4/1,10:05:00,山田,花子,Hanako@Example.jp,090-1234-5678,"￥３，３００",ほうじ茶,２,900円',
  "R-1002,2023年5月3日,9:00,佐藤,一郎,ichiro@example.jp,03-1111-2222,¥5000,急須,1,¥5000",
  'R-1003,2023/6/10,12:00:00,山田,花子,hanako@example.jp,,"2,000",湯呑み,1,2000',
].join("\r\n");

beforeAll(async () => {
  const record = await registerShop(db(), "import-test.myshopify.com", { currency: "JPY", timezone: "Asia/Tokyo" });
  shop = { id: record.id, domain: record.domain };
  // 佐藤様 is already a Shopify customer (by phone, written another way)
  await db().customer.create({
    data: {
      shopId: shop.id,
      id: SHOPIFY_CUSTOMER,
      lastName: "佐藤",
      firstName: "一郎",
      email: null,
      phone: "+81311112222",
      shopifyCreatedAt: new Date("2025-01-01T00:00:00Z"),
      shopifyUpdatedAt: new Date("2025-01-01T00:00:00Z"),
    },
  });
});

afterAll(async () => {
  await db().order.deleteMany({ where: { shopId: shop.id } });
});

async function importedOrders() {
  return db().order.findMany({ where: { shopId: shop.id, importBatchId: { not: null } }, orderBy: { processedAt: "asc" } });
}

describe("a Shift_JIS export with 全角 digits and yen signs", () => {
  it("is detected, mapped by the 楽天 preset and imported with its amounts, dates and customers", async () => {
    const file = writeFile("rakuten.csv", RAKUTEN_SJIS, "cp932");
    const info = await inspectImportFile(file);
    expect(info.encoding).toBe("cp932");
    expect(info.suggestedPreset).toBe("rakuten");
    expect(info.header[0]).toBe("受注番号");

    const outcome = await importHistoryFile(db(), shop, file, { preset: "rakuten", now: NOW });
    expect(outcome.status).toBe("imported");
    if (outcome.status !== "imported") return;
    expect(outcome.report).toMatchObject({
      orders: 3,
      lineItems: 4,
      customers: 2,
      customersMatched: 1,
      customersCreated: 1,
      problemCount: 0,
    });

    const orders = await importedOrders();
    expect(orders.map((order) => [order.name, order.totalMinor])).toEqual([
      ["R-1001", 3300],
      ["R-1002", 5000],
      ["R-1003", 2000],
    ]);
    // Tokyo local time: 2023/4/1 10:05 is 01:05 UTC
    expect(orders[0].processedAt.toISOString()).toBe("2023-04-01T01:05:00.000Z");
    expect(orders.every((order) => order.id < 0n)).toBe(true);
    // matched by phone: the Shopify customer keeps its id; 山田様 is a historical-only customer (negative id)
    expect(orders[1].customerId).toBe(SHOPIFY_CUSTOMER);
    expect(orders[0].customerId).toBe(orders[2].customerId);
    expect(orders[0].customerId! < 0n).toBe(true);
    const historical = await db().customer.findUnique({ where: { shopId_id: { shopId: shop.id, id: orders[0].customerId! } } });
    expect(historical).toMatchObject({
      lastName: "山田",
      firstName: "花子",
      email: "hanako@example.jp",
      importBatchId: outcome.batch.id,
    });
    const lines = await db().lineItem.findMany({ where: { shopId: shop.id, orderId: orders[0].id }, orderBy: { id: "asc" } });
    expect(lines.map((line) => [line.title, line.quantity, line.discountedTotalMinor]).sort()).toEqual([
      ["ほうじ茶", 2, 1800],
      ["抹茶カステラ", 1, 1500],
    ]);
  });

  it("imported again (the same file) changes nothing", async () => {
    const file = path.join(dir, "rakuten.csv");
    const before = await importedOrders();
    const outcome = await importHistoryFile(db(), shop, file, { preset: "rakuten", now: new Date("2026-11-02T00:00:00Z") });
    expect(outcome.status).toBe("already-imported");
    expect(await importedOrders()).toEqual(before);
    expect(await db().importBatch.count({ where: { shopId: shop.id } })).toBe(1);
  });

  it("the same orders in another file land on the same rows (ids follow the source order ids)", async () => {
    const file = writeFile("rakuten-again.csv", `${RAKUTEN_SJIS}\r\n`, "cp932");
    const outcome = await importHistoryFile(db(), shop, file, { preset: "rakuten", now: NOW });
    expect(outcome.status).toBe("imported");
    const orders = await importedOrders();
    expect(orders).toHaveLength(3);
    expect(orders[0].id).toBe(importedOrderId("R-1001"));
    expect(await db().customer.count({ where: { shopId: shop.id } })).toBe(2);
  });
});

describe("a file with faults", () => {
  const faulty = [
    "order_id,date,email,amount",
    "A-1,2024-01-05,a@example.com,1200",
    "A-2,2024-01-06,b@example.com,800",
    "A-1,2024-01-07,a@example.com,999",
    "A-3,2030-01-01,c@example.com,500",
    "A-4,2024-13-01,d@example.com,500",
    "A-5,2024-02-01,,500",
    "A-6,2024-02-02,e@example.com,abc",
    "A-7,2024-02-03,f@example.com",
    'A-8,2024-02-04,"g@example.com,700',
  ].join("\n");

  it("is reported line by line in the dry run and by the import, and nothing is written", async () => {
    const file = writeFile("faulty.csv", faulty);
    const before = await db().order.count({ where: { shopId: shop.id } });
    const report = await validateImportFile(db(), shop, file, { preset: "generic", now: NOW });
    const found = report.problems.map((problem) => [problem.line, problem.code, problem.otherLine ?? null]);
    expect(found).toEqual([
      [4, "duplicate_order", 2],
      [5, "future_date", null],
      [6, "bad_date", null],
      [7, "empty_customer", null],
      [8, "bad_amount", null],
      [9, "broken_line", null],
      [10, "broken_line", null],
    ]);
    const outcome = await importHistoryFile(db(), shop, file, { preset: "generic", now: NOW });
    expect(outcome.status).toBe("invalid");
    expect(await db().order.count({ where: { shopId: shop.id } })).toBe(before);
    expect(outcome.status === "invalid" && outcome.batch?.status).toBe("failed");
  });

  it("an order exported twice (same content) is imported once, not an error", async () => {
    const file = writeFile(
      "twice.csv",
      "order_id,date,email,amount\nB-1,2024-01-05,a@example.com,1200\nB-2,2024-01-06,a@example.com,300\nB-1,2024-01-05,a@example.com,1200\n",
    );
    const report = await validateImportFile(db(), shop, file, { preset: "generic", now: NOW });
    expect(report).toMatchObject({ orders: 2, duplicateOrders: 1, problemCount: 0 });
  });
});

describe("removing a batch", () => {
  it("takes its orders and its historical-only customers, and leaves the Shopify customer", async () => {
    const file = writeFile("remove.csv", "order_id,date,email,amount\nC-1,2024-03-01,only-history@example.com,1000\n");
    const outcome = await importHistoryFile(db(), shop, file, { preset: "generic", now: NOW });
    expect(outcome.status).toBe("imported");
    if (outcome.status !== "imported") return;
    expect(await db().customer.count({ where: { shopId: shop.id, email: "only-history@example.com" } })).toBe(1);
    const removed = await removeImportBatch(db(), shop, outcome.batch.id, NOW);
    expect(removed).toEqual({ orders: 1, customers: 1 });
    expect(await db().order.count({ where: { shopId: shop.id, name: "C-1" } })).toBe(0);
    expect(await db().customer.count({ where: { shopId: shop.id, email: "only-history@example.com" } })).toBe(0);
    expect(await db().customer.count({ where: { shopId: shop.id, id: SHOPIFY_CUSTOMER } })).toBe(1);
    expect((await db().importBatch.findUnique({ where: { id: outcome.batch.id } }))?.status).toBe("removed");
  });
});

describe("redaction", () => {
  it("erases the imported orders of a redacted Shopify customer", async () => {
    const orders = await db().order.findMany({ where: { shopId: shop.id, customerId: SHOPIFY_CUSTOMER } });
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.some((order) => order.email !== null)).toBe(true);
    await eraseCustomer(db(), shop, SHOPIFY_CUSTOMER, NOW);
    const after = await db().order.findMany({ where: { shopId: shop.id, customerId: SHOPIFY_CUSTOMER } });
    expect(after.every((order) => order.email === null)).toBe(true);
    expect(await db().redactedOrder.count({ where: { shopId: shop.id, customerId: SHOPIFY_CUSTOMER } })).toBe(after.length);
  });

  it("erases a historical-only customer with the redacted Shopify customer's email, and their orders", async () => {
    const file = writeFile("same-person.csv", "order_id,date,email,amount\nP-1,2022-02-01,Keiko.Ito@Example.jp,4200\n");
    const outcome = await importHistoryFile(db(), shop, file, { preset: "generic", now: NOW });
    expect(outcome.status).toBe("imported");
    const historical = await db().customer.findFirstOrThrow({ where: { shopId: shop.id, email: "keiko.ito@example.jp" } });
    expect(historical.id < 0n).toBe(true);
    const shopifyId = 7002n;
    await db().customer.create({
      data: {
        shopId: shop.id,
        id: shopifyId,
        lastName: "伊藤",
        firstName: "恵子",
        email: "keiko.ito@example.jp",
        shopifyCreatedAt: new Date("2025-01-01T00:00:00Z"),
        shopifyUpdatedAt: new Date("2025-01-01T00:00:00Z"),
      },
    });
    await eraseCustomer(db(), shop, shopifyId, NOW);
    const erased = await db().customer.findUniqueOrThrow({ where: { shopId_id: { shopId: shop.id, id: historical.id } } });
    expect(erased.email).toBeNull();
    expect(erased.deletedAt).not.toBeNull();
    const orders = await db().order.findMany({ where: { shopId: shop.id, customerId: historical.id } });
    expect(orders.every((order) => order.email === null)).toBe(true);
  });
});
