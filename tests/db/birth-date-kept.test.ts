import { describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { registerShop } from "../../app/db/shops.server";
import { upsertCustomers } from "../../app/db/store-copy.server";
import type { CustomerRecord } from "../../app/domain/store-records";

/**
 * A birth date reaches Kizuna from Shopify's facts.birth_date, from the merchant on the customer page and from the
 * customer on the storefront. A later copy from Shopify without one (a backfill, a reconciliation) must not erase the
 * date Kizuna keeps; a copy that has one wins.
 */
const customer = (updatedAt: string, birthDate: string | null): CustomerRecord => ({
  id: 7001n,
  firstName: "花子",
  lastName: "山田",
  email: "hanako@example.jp",
  phone: null,
  locale: "ja",
  state: "ENABLED",
  tags: "",
  emailMarketing: "SUBSCRIBED",
  smsMarketing: null,
  birthDate,
  city: null,
  provinceCode: null,
  countryCode: "JP",
  shopifyCreatedAt: new Date("2026-01-01T00:00:00Z"),
  shopifyUpdatedAt: new Date(updatedAt),
});

describe("birth dates in the store copy", () => {
  it("a newer copy from Shopify without a birth date keeps the one Kizuna has; one with a date replaces it", async () => {
    const shop = await registerShop(db(), "birth-date.myshopify.com", { name: "b", currency: "JPY", timezone: "Asia/Tokyo" });
    await upsertCustomers(db(), shop, [customer("2026-02-01T00:00:00Z", null)]);
    await db().customer.update({ where: { shopId_id: { shopId: shop.id, id: 7001n } }, data: { birthDate: "1990-05-17" } });

    await upsertCustomers(db(), shop, [{ ...customer("2026-03-01T00:00:00Z", null), firstName: "華子" }]);
    let stored = await db().customer.findUniqueOrThrow({ where: { shopId_id: { shopId: shop.id, id: 7001n } } });
    expect(stored.firstName).toBe("華子");
    expect(stored.birthDate).toBe("1990-05-17");

    await upsertCustomers(db(), shop, [customer("2026-04-01T00:00:00Z", "1991-06-18")]);
    stored = await db().customer.findUniqueOrThrow({ where: { shopId_id: { shopId: shop.id, id: 7001n } } });
    expect(stored.birthDate).toBe("1991-06-18");
  });
});
