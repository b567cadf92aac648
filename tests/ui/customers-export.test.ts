import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import type { ShopRef } from "../../app/db/shops.server";
import { loader as exportLoader } from "../../app/routes/app.customers.export";
import { seedShopRows } from "../support/seed-rows";
import { embeddedAdminRequest, TEST_SHOP } from "../support/shopify-requests";
import { call } from "./route-call";

/**
 * The export is opened in spreadsheets: a name a customer typed at checkout must never run as a formula there
 * (OWASP "CSV injection"), and the file must still read back to exactly what was stored.
 */
const NAMES: Array<[string, string]> = [
  ['=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'],
  ["\n=1+1", "'\n=1+1"],
  ["\r\n+SUM(A1)", "'\r\n+SUM(A1)"],
  ["\n\n-2+3", "'\n\n-2+3"],
  ["\n@cmd", "'\n@cmd"],
  ["＝1+1", "'＝1+1"],
  ["＋1", "'＋1"],
  ["－1", "'－1"],
  ["＠SUM(1)", "'＠SUM(1)"],
  ["\tTab", "'\tTab"],
  ['Ann, "the" Smith', 'Ann, "the" Smith'],
  ["山田\n花子", "山田\n花子"],
];

let shop: ShopRef;
beforeAll(async () => {
  shop = await seedShopRows(db(), TEST_SHOP, { customers: NAMES.length, idBase: 2_000 });
  for (const [index, [name]] of NAMES.entries()) {
    const customerId = BigInt(2_000 + index);
    await db().customer.update({ where: { shopId_id: { shopId: shop.id, id: customerId } }, data: { firstName: name } });
    await db().customerMetrics.create({
      data: {
        shopId: shop.id,
        customerId,
        computedAt: new Date("2026-02-01T00:00:00Z"),
        ordersCount: 1,
        // The first customer's refunds exceed the orders: a negative net spend stays a number, not text.
        netSpendMinor: index === 0 ? -1_500 : 5_500,
        aovMinor: 5_500,
        rScore: 3,
        fScore: 1,
        mScore: 2,
        segment: "at_risk",
      },
    });
  }
});

describe("customer CSV export", () => {
  it("guards every cell a spreadsheet would run as a formula, and reads back to what was stored", async () => {
    const { value } = await call(exportLoader, await embeddedAdminRequest("/app/customers/export?sort=historic_ltv"));
    const bytes = new Uint8Array(await value!.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs for UTF-8
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith("customer_id,first_name,")).toBe(true);
    const rows = parse(text, { bom: true, columns: true, record_delimiter: "\r\n" }) as Array<Record<string, string>>;
    const byId = new Map(rows.map((row) => [row.customer_id, row]));
    expect(byId.size).toBe(NAMES.length);
    for (const [index, [, exported]] of NAMES.entries()) {
      expect(byId.get(String(2_000 + index))?.first_name).toBe(exported);
    }
    expect(byId.get("2000")?.net_spend).toBe("-1500");
    expect(byId.get("2001")?.net_spend).toBe("5500");
  });
});
