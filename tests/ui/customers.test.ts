import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { listCustomers } from "../../app/db/customers.server";
import type { ShopRef } from "../../app/db/shops.server";
import { action as customerAction, loader as customerLoader } from "../../app/routes/app.customers.$id";
import { action as pointsAction } from "../../app/routes/app.customers.$id.points";
import { loader as listLoader } from "../../app/routes/app.customers._index";
import { loader as exportLoader } from "../../app/routes/app.customers.export";
import { BROWSER_USER_AGENT, TEST_APP } from "../support/env";
import { seedCustomerMetrics } from "../support/seed-analytics";
import { seedShopRows } from "../support/seed-rows";
import { embeddedAdminRequest, TEST_SHOP } from "../support/shopify-requests";
import { call, dataOf, formPost } from "./route-call";

const OTHER_SHOP = "other-shop.myshopify.com";
let shopA: ShopRef;
let shopB: ShopRef;

beforeAll(async () => {
  shopA = await seedShopRows(db(), TEST_SHOP, { customers: 12, idBase: 1_000 });
  shopB = await seedShopRows(db(), OTHER_SHOP, { customers: 6, idBase: 5_000 });
  // Shop A: ties on net spend and customers without a prediction, so keyset pages must break ties and
  // go on past the nulls.
  await seedCustomerMetrics(
    db(),
    shopA,
    Array.from({ length: 12 }, (_, i) => ({
      customerId: BigInt(1_000 + i),
      segment: i < 4 ? "champions" : i < 8 ? "at_risk" : "lost",
      netSpendMinor: i % 3 === 0 ? 20_000 : 5_000 + i,
      predictedClv12mMinor: i % 4 === 0 ? null : 1_000 * i,
      pAlive: i / 12,
      ordersCount: 1 + (i % 4),
    })),
  );
  await seedCustomerMetrics(
    db(),
    shopB,
    Array.from({ length: 6 }, (_, i) => ({ customerId: BigInt(5_000 + i), segment: "champions", netSpendMinor: 999_999 })),
  );
  // A customer of shop A's that was deleted in Shopify never shows in the list.
  await db().customer.update({ where: { shopId_id: { shopId: shopA.id, id: 1_011n } }, data: { deletedAt: new Date() } });
});

describe("customer list", () => {
  it("needs a session token", async () => {
    const request = new Request(`${TEST_APP.appUrl}/app/customers`, { headers: { "User-Agent": BROWSER_USER_AGENT } });
    const result = await call(listLoader, request);
    expect(result.response?.status).toBe(302);
  });

  it("lists only the shop's own customers, with ids as strings", async () => {
    const { value } = await call(listLoader, await embeddedAdminRequest("/app/customers"));
    expect(value?.analysed).toBe(true);
    expect(value?.rows).toHaveLength(11);
    expect(value?.rows.every((row) => row.lastName === TEST_SHOP && typeof row.id === "string")).toBe(true);
    expect(value?.rows.map((row) => row.id)).not.toContain("1011");
    expect(value?.shop).toEqual({ domain: TEST_SHOP, currency: "JPY", timezone: "Asia/Tokyo" });
    const other = await call(listLoader, await embeddedAdminRequest("/app/customers", OTHER_SHOP));
    expect(other.value?.rows).toHaveLength(6);
    expect(other.value?.rows.every((row) => row.lastName === OTHER_SHOP)).toBe(true);
  });

  it("searches by name and email and filters by segment, P(alive), orders and spend", async () => {
    const search = await call(listLoader, await embeddedAdminRequest("/app/customers?query=first3"));
    expect(search.value?.rows.map((row) => row.id)).toEqual(["1003"]);
    const email = await call(listLoader, await embeddedAdminRequest("/app/customers?query=C5%40KIZUNA"));
    expect(email.value?.rows.map((row) => row.id)).toEqual(["1005"]);
    await db().customer.update({
      where: { shopId_id: { shopId: shopA.id, id: 1_006n } },
      data: { firstName: "太郎", lastName: "山田" },
    });
    const japanese = await call(listLoader, await embeddedAdminRequest(`/app/customers?query=${encodeURIComponent("山田太郎")}`));
    expect(japanese.value?.rows.map((row) => row.id)).toEqual(["1006"]);
    const fullName = await call(listLoader, await embeddedAdminRequest("/app/customers?query=first7%20kizuna"));
    expect(fullName.value?.rows.map((row) => row.id)).toEqual(["1007"]);
    // Shop B's names never match, even when searched for.
    const foreign = await call(listLoader, await embeddedAdminRequest(`/app/customers?query=${OTHER_SHOP}`));
    expect(foreign.value?.rows).toHaveLength(0);
    const segment = await call(listLoader, await embeddedAdminRequest("/app/customers?segment=champions&sort=historic_ltv"));
    expect(segment.value?.rows.map((row) => row.id)).toEqual(["1003", "1000", "1002", "1001"]);
    const band = await call(listLoader, await embeddedAdminRequest("/app/customers?pAliveBand=high"));
    expect(band.value?.rows.every((row) => (row.pAlive ?? 0) >= 0.7)).toBe(true);
    expect(band.value?.rows.map((row) => row.id)).toEqual(["1010", "1009"]); // 1011 is deleted
    const orders = await call(listLoader, await embeddedAdminRequest("/app/customers?minOrders=4&maxOrders=4"));
    expect(orders.value?.rows.map((row) => row.ordersCount)).toEqual([4, 4]); // 1011 is deleted
    const spend = await call(listLoader, await embeddedAdminRequest("/app/customers?minSpend=20000"));
    expect(spend.value?.rows.map((row) => row.netSpendMinor)).toEqual([20_000, 20_000, 20_000, 20_000]);
  });

  it("shows the unfiltered list for a filter it cannot read", async () => {
    const { value } = await call(listLoader, await embeddedAdminRequest("/app/customers?segment=nonsense&minOrders=-3"));
    expect(value?.invalidFilter).toBe(true);
    expect(value?.rows).toHaveLength(11);
  });

  it("pages with cursors through ties and nulls, forwards and back, in every sort", async () => {
    for (const sort of ["last_order", "historic_ltv", "predicted_clv"] as const) {
      const all = await listCustomers(db(), shopA, { sort, limit: 100 });
      const ids: string[] = [];
      const pages = [];
      let after: string | undefined;
      for (;;) {
        const page = await listCustomers(db(), shopA, { sort, after, limit: 3 });
        pages.push(page);
        ids.push(...page.rows.map((row) => row.id));
        if (!page.next) break;
        after = page.next;
      }
      expect(ids).toEqual(all.rows.map((row) => row.id));
      expect(new Set(ids).size).toBe(11);
      // Back from the last page, page by page, to the first.
      let before = pages[pages.length - 1].previous;
      for (let index = pages.length - 2; index >= 0; index--) {
        const page = await listCustomers(db(), shopA, { sort, before: before ?? undefined, limit: 3 });
        expect(page.rows.map((row) => row.id)).toEqual(pages[index].rows.map((row) => row.id));
        before = page.previous;
      }
      expect(before).toBeNull();
    }
  });

  it("ignores a cursor made for another sort", async () => {
    const first = await listCustomers(db(), shopA, { sort: "historic_ltv", limit: 3 });
    const page = await listCustomers(db(), shopA, { sort: "last_order", after: first.next ?? undefined, limit: 3 });
    expect(page.previous).toBeNull();
  });
});

describe("customer CSV export", () => {
  it("streams the shop's filtered customers as CSV", async () => {
    const { value } = await call(
      exportLoader,
      await embeddedAdminRequest("/app/customers/export?segment=champions&sort=historic_ltv"),
    );
    expect(value?.headers.get("Content-Type")).toContain("text/csv");
    expect(value?.headers.get("Content-Disposition")).toContain("kizuna-champions.csv");
    const lines = (await value!.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toMatch(/^customer_id,first_name,last_name,email,segment/);
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(["1003", "1000", "1002", "1001"]);
    expect(lines[1]).toContain(",20000,");
  });

  it("exports everything of the shop and nothing of another", async () => {
    const { value } = await call(exportLoader, await embeddedAdminRequest("/app/customers/export"));
    const text = await value!.text();
    expect(text.trim().split("\r\n")).toHaveLength(12);
    expect(text).not.toContain(OTHER_SHOP);
  });

  it("answers 400 to a filter it cannot read, and needs a session", async () => {
    const bad = await call(exportLoader, await embeddedAdminRequest("/app/customers/export?pAliveBand=maybe"));
    expect(bad.value?.status).toBe(400);
    const anonymous = await call(
      exportLoader,
      new Request(`${TEST_APP.appUrl}/app/customers/export`, { headers: { "User-Agent": BROWSER_USER_AGENT } }),
    );
    expect(anonymous.response?.status).toBe(302);
  });
});

describe("customer page", () => {
  it("shows the profile, orders with line items, metrics and notes", async () => {
    await db().lineItem.create({
      data: {
        shopId: shopA.id,
        id: 77n,
        orderId: 11_002n,
        title: "Sencha",
        quantity: 2,
        originalUnitPriceMinor: 2500,
        discountedTotalMinor: 5000,
      },
    });
    await db().order.update({ where: { shopId_id: { shopId: shopA.id, id: 11_002n } }, data: { discountCodes: "WELCOME10" } });
    await db().segmentChange.create({
      data: {
        shopId: shopA.id,
        customerId: 1_002n,
        resultId: 1,
        fromSegment: "new",
        toSegment: "champions",
        changedAt: new Date(),
      },
    });
    const { value } = await call(customerLoader, await embeddedAdminRequest("/app/customers/1002"), { id: "1002" });
    expect(value?.customer).toMatchObject({ id: "1002", firstName: "First2", email: `c2@${TEST_SHOP}.example.jp` });
    expect(value?.metrics).toMatchObject({ segment: "champions", netSpendMinor: 5_002 });
    expect(value?.orders[0]).toMatchObject({ id: "11002", name: "#1003", discountCodes: ["WELCOME10"], totalMinor: 5500 });
    expect(value?.orders[0].lineItems).toEqual([
      { id: "77", title: "Sencha", variantTitle: null, quantity: 2, discountedTotalMinor: 5000 },
    ]);
    expect(value?.segmentHistory).toEqual([expect.objectContaining({ from: "new", to: "champions" })]);
    expect(() => JSON.stringify(value)).not.toThrow(); // serialisable: no BigInt left
  });

  it("answers 404 for another shop's customer and for a malformed id", async () => {
    const foreign = await call(customerLoader, await embeddedAdminRequest("/app/customers/5001"), { id: "5001" });
    expect(foreign.response?.status).toBe(404);
    const malformed = await call(customerLoader, await embeddedAdminRequest("/app/customers/abc"), { id: "abc" });
    expect(malformed.response?.status).toBe(404);
  });

  it("reads every customer id the same way: beyond 64 bits, zero or a gid of another type is not a customer (404)", async () => {
    for (const id of ["99999999999999999999", "9223372036854775808", "0", "gid://shopify/Order/1002"]) {
      const page = await call(customerLoader, await embeddedAdminRequest(`/app/customers/${id}`), { id });
      expect(page.response?.status, id).toBe(404);
      const note = await call(customerAction, await formPost(`/app/customers/${id}`, TEST_SHOP, { body: "hello" }), { id });
      expect(note.response?.status, id).toBe(404);
      const points = await call(
        pointsAction,
        await formPost(`/app/customers/${id}/points`, TEST_SHOP, { points: "10", reason: "goodwill" }),
        { id },
      );
      expect((points.value as Response).status, id).toBe(404);
      expect(await dataOf(points.value), id).toEqual({ ok: false, errors: { form: "forms.errors.customerId" } });
    }
    // The largest id the columns hold is a customer id like any other (here: not this shop's, so 404).
    const largest = await call(customerLoader, await embeddedAdminRequest("/app/customers/9223372036854775807"), {
      id: "9223372036854775807",
    });
    expect(largest.response?.status).toBe(404);
  });

  it("adds a note, refuses an empty one with a message, and never writes on another shop's customer", async () => {
    const saved = await call(
      customerAction,
      await formPost("/app/customers/1004", TEST_SHOP, { body: "  Prefers gift wrapping  " }),
      {
        id: "1004",
      },
    );
    expect(await dataOf(saved.value)).toMatchObject({ ok: true, note: { body: "Prefers gift wrapping" } });
    const empty = await call(customerAction, await formPost("/app/customers/1004", TEST_SHOP, { body: "   " }), { id: "1004" });
    expect((empty.value as Response).status).toBe(400);
    expect(await dataOf(empty.value)).toEqual({ ok: false, error: "customers.notes.errors.empty" });
    const tooLong = await call(customerAction, await formPost("/app/customers/1004", TEST_SHOP, { body: "x".repeat(5001) }), {
      id: "1004",
    });
    expect(await dataOf(tooLong.value)).toEqual({ ok: false, error: "customers.notes.errors.tooLong" });
    const foreign = await call(customerAction, await formPost("/app/customers/5002", TEST_SHOP, { body: "hello" }), {
      id: "5002",
    });
    expect(foreign.response?.status).toBe(404);
    expect(await db().customerNote.count({ where: { customerId: 5_002n } })).toBe(0);
    const { value } = await call(customerLoader, await embeddedAdminRequest("/app/customers/1004"), { id: "1004" });
    expect(value?.notes.map((note) => note.body)).toEqual(["Prefers gift wrapping"]);
  });
});
