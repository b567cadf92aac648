import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../app/db/database-url.mjs";
import { db } from "../../app/db/client.server";
import { getShopSettings } from "../../app/db/settings.server";
import { ensureShop, type ShopRef } from "../../app/db/shops.server";
import { formatTierName } from "../../app/i18n/format";
import { action as pointsAction, loader as pointsLoader } from "../../app/routes/app.points";
import { sessionStorage } from "../../app/shopify.server";
import { embeddedAdminRequest, offlineSession } from "../support/shopify-requests";

/*
 * Rank names are the merchant's, in both languages: the default Bronze/Silver/Gold read ブロンズ/シルバー/ゴールド
 * on Japanese pages until the merchant renames them, saving the form in Japanese keeps them defaults, and a
 * rank's id is the app's own business: never a field the merchant fills in.
 */
const SHOP = "kizuna-tier-names.myshopify.com";
type TierValues = { id: string; name: string; threshold: string; multiplier: string };
let shop: ShopRef;

type Route<T> = (args: { request: Request; params: Record<string, string>; context: {} }) => Promise<T>;
async function run<T>(fn: Route<T>, request: Request) {
  const value = await fn({ request, params: {}, context: {} });
  return value instanceof Response ? { status: value.status, body: await value.json() } : { status: 200, body: value };
}
const load = async (locale: "ja" | "en") =>
  (await run(pointsLoader, await embeddedAdminRequest(`/app/points?locale=${locale}`, SHOP))).body;
const save = async (values: unknown, locale: "ja" | "en") =>
  run(
    pointsAction,
    await embeddedAdminRequest(`/app/points?locale=${locale}`, SHOP, {
      method: "POST",
      body: new URLSearchParams({ values: JSON.stringify(values) }),
    }),
  );

beforeAll(async () => {
  await sessionStorage.storeSession(offlineSession(SHOP));
  shop = await ensureShop(db(), SHOP);
  await db().shop.update({ where: { id: shop.id }, data: { currency: "JPY" } });
});

describe("rank names on the Points page", () => {
  it("shows the default ranks in the admin's language, and saving in Japanese keeps them defaults", async () => {
    // the page writes each rank with formatTierName in the admin's language (the loader is language-free)
    const loaded = await load("ja");
    const ja = {
      ...loaded.values,
      tiers: loaded.values.tiers.map((tier: TierValues) => ({ ...tier, name: formatTierName(tier, "ja") })),
    };
    expect(ja.tiers.map((tier: TierValues) => tier.name)).toEqual(["ブロンズ", "シルバー", "ゴールド"]);
    expect(
      loaded.tiers.map(
        (tier: { id: string | null; name: string | null }) =>
          tier.id && formatTierName({ id: tier.id, name: tier.name ?? "" }, "ja"),
      ),
    ).toEqual(["ブロンズ", "シルバー", "ゴールド", null]);
    expect((await save(ja, "ja")).status).toBe(200);
    expect((await getShopSettings(db(), shop)).points.tiers.map((tier) => tier.name)).toEqual(["Bronze", "Silver", "Gold"]);
    const en = await load("en");
    expect(en.values.tiers.map((tier: TierValues) => formatTierName(tier, "en"))).toEqual(["Bronze", "Silver", "Gold"]);
  });

  it("keeps a rank the merchant named as named, and gives a new rank an id of its own", async () => {
    const ja = await load("ja");
    const values = {
      ...ja.values,
      tiers: [
        ...ja.values.tiers.map((tier: TierValues, index: number) =>
          index === 2 ? { ...tier, name: "ゴールド会員" } : { ...tier, name: formatTierName(tier, "ja") },
        ),
        { id: "", name: "プラチナ", threshold: "500000", multiplier: "3" },
      ],
    };
    const saved = await save(values, "ja");
    expect(saved.status).toBe(200);
    const tiers = (await getShopSettings(db(), shop)).points.tiers;
    expect(tiers.map((tier) => tier.name)).toEqual(["Bronze", "Silver", "ゴールド会員", "プラチナ"]);
    expect(tiers[3].id).toMatch(/^[a-z][a-z0-9_-]{0,31}$/);
    expect(new Set(tiers.map((tier) => tier.id)).size).toBe(4);
    const en = await load("en");
    expect(en.values.tiers.map((tier: TierValues) => formatTierName(tier, "en"))).toEqual([
      "Bronze",
      "Silver",
      "ゴールド会員",
      "プラチナ",
    ]);
  });

  it("has no field for a rank's id", () => {
    const page = readFileSync(path.join(projectRoot, "app/routes/app.points.tsx"), "utf8");
    expect(page).not.toContain("points.settings.tierId");
  });
});
