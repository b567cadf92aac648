import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../app/db/database-url.mjs";
import { db } from "../../app/db/client.server";
import { listCustomers } from "../../app/db/customers.server";
import type { ShopRef } from "../../app/db/shops.server";
import { loader as exportLoader } from "../../app/routes/app.customers.export";
import { embeddedAdminRequest } from "../support/shopify-requests";
import { call } from "./route-call";
import { seedCustomerMetrics } from "../support/seed-analytics";
import { seedShopRows } from "../support/seed-rows";

/*
 * Japanese names: the customer search finds 原 浩 however a Japanese merchant types the name, and every
 * page writes a name through the one formatter (app/i18n/format.ts formatCustomerName).
 */
const SHOP = "kizuna-names.myshopify.com";
let shop: ShopRef;

beforeAll(async () => {
  shop = await seedShopRows(db(), SHOP, { customers: 4, idBase: 7_000 });
  await seedCustomerMetrics(
    db(),
    shop,
    Array.from({ length: 4 }, (_, i) => ({ customerId: BigInt(7_000 + i), segment: "champions" })),
  );
  const rename = (id: bigint, firstName: string, lastName: string) =>
    db().customer.update({ where: { shopId_id: { shopId: shop.id, id } }, data: { firstName, lastName } });
  await rename(7_000n, "浩", "原");
  await rename(7_001n, "Hiro", "Hara");
  await rename(7_002n, "浩二", "原田"); // 原 浩 is part of neither order of 原田 浩二's name, but 原 and 浩 each are
  await rename(7_003n, "花子", "山田");
  await db().customer.update({
    where: { shopId_id: { shopId: shop.id, id: 7_000n } },
    data: { city: "倉敷市", provinceCode: "JP-33", countryCode: "JP" },
  });
  await db().customer.update({
    where: { shopId_id: { shopId: shop.id, id: 7_001n } },
    data: { city: "Los Angeles", provinceCode: "US-CA", countryCode: "US" },
  });
});

const search = async (query: string) =>
  (await listCustomers(db(), shop, { filter: { query }, limit: 50 })).rows.map((row) => row.id).sort();

describe("customer search by name", () => {
  it("finds 原 浩 in either order, with or without a space, with a full-width space", async () => {
    expect(await search("原 浩")).toEqual(["7000", "7002"]);
    expect(await search("浩 原")).toEqual(["7000", "7002"]);
    expect(await search("原浩")).toEqual(["7000"]);
    expect(await search("原　浩")).toEqual(["7000", "7002"]);
    expect(await search("  原   浩 ")).toEqual(["7000", "7002"]);
    expect(await search("山田　花子")).toEqual(["7003"]);
    expect(await search("山田花子")).toEqual(["7003"]);
  });

  it("finds a name in Latin letters in either order and any case", async () => {
    expect(await search("Hara")).toEqual(["7001"]);
    expect(await search("hara hiro")).toEqual(["7001"]);
    expect(await search("Hiro　Hara")).toEqual(["7001"]);
    expect(await search("Hiro Tanaka")).toEqual([]);
  });

  it("treats % and _ as the letters they are", async () => {
    expect(await search("原%")).toEqual([]);
    expect(await search("_")).toEqual([]);
  });
});

describe("names on the pages", () => {
  // A name put together by hand ("First Last") is English order on a Japanese page: every place that shows
  // a customer's name goes through formatCustomerName instead.
  it("no route or component joins first and last name itself", () => {
    const offenders: string[] = [];
    for (const folder of ["app/routes", "app/components", "app/points", "app/campaigns"]) {
      for (const file of readdirSync(path.join(projectRoot, folder), { recursive: true }) as string[]) {
        if (!/\.tsx?$/.test(file) || /\.test\.tsx?$/.test(file)) continue;
        const source = readFileSync(path.join(projectRoot, folder, file), "utf8");
        if (/\[[^\]]*firstName[^\]]*lastName[^\]]*\]\s*\.filter\(Boolean\)\s*\.join/s.test(source))
          offenders.push(`${folder}/${file}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe("regions in the export", () => {
  it("writes the region as the exporting admin reads it", async () => {
    const csv = async (locale: string) => {
      const { value } = await call(exportLoader, await embeddedAdminRequest(`/app/customers/export?locale=${locale}`, SHOP));
      const lines = (await value!.text())
        .replace(/^\uFEFF/, "")
        .trim()
        .split(/\r?\n/);
      expect(lines[0].split(",").at(-1)).toBe("region");
      return new Map(lines.slice(1).map((line) => [line.split(",")[0], line]));
    };
    const ja = await csv("ja");
    expect(ja.get("7000")).toMatch(/,岡山県 倉敷市$/);
    expect(ja.get("7001")).toMatch(/,アメリカ合衆国 CA Los Angeles$/);
    const en = await csv("en");
    expect(en.get("7000")).toMatch(/,"倉敷市, Okayama"$/);
    expect(en.get("7001")).toMatch(/,"Los Angeles, CA, United States"$/);
  });
});
