import { describe, expect, it } from "vitest";
import { createDb, db, dialectOf, urlOf } from "../../app/db/client.server";
import { registerShop } from "../../app/db/shops.server";
import { upsertCustomers } from "../../app/db/store-copy.server";
import type { CustomerRecord } from "../../app/domain/store-records";

/**
 * On PostgreSQL every timestamp is an instant (`timestamptz`): a server or a session in Asia/Tokyo reads, compares
 * and writes the same instants as one in UTC. With `timestamp without time zone` a Tokyo session shifted every raw
 * comparison by nine hours.
 */
const postgres = dialectOf(db()) === "postgresql";

const customer = (id: bigint, updatedAt: string): CustomerRecord => ({
  id,
  firstName: "花子",
  lastName: "山田",
  email: `c${id}@example.jp`,
  phone: null,
  locale: "ja",
  state: "ENABLED",
  tags: "",
  emailMarketing: "SUBSCRIBED",
  smsMarketing: null,
  birthDate: null,
  city: null,
  provinceCode: null,
  countryCode: "JP",
  shopifyCreatedAt: new Date("2026-01-01T00:00:00Z"),
  shopifyUpdatedAt: new Date(updatedAt),
});

describe.skipIf(!postgres)("timestamps on PostgreSQL", () => {
  it("every DateTime column is timestamptz", async () => {
    const plain = await db().$queryRawUnsafe<{ table_name: string; column_name: string }[]>(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND data_type = 'timestamp without time zone'
          AND table_name <> '_prisma_migrations'`,
    );
    expect(plain).toEqual([]);
  });

  it("on a server whose time zone is Asia/Tokyo, Kizuna writes and compares the same instants as in UTC", async () => {
    const url = urlOf(db()) ?? "";
    const database = new URL(url).pathname.slice(1);
    await db().$executeRawUnsafe(`ALTER DATABASE "${database}" SET timezone TO 'Asia/Tokyo'`);
    const tokyo = createDb(url);
    try {
      // a plain client (psql, a report tool) sees the server's zone ...
      const [{ zone }] = await tokyo.$queryRawUnsafe<{ zone: string }[]>(
        `SELECT setting AS zone FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase,
                unnest(s.setconfig) AS setting WHERE d.datname = current_database()`,
      );
      expect(zone).toBe("TimeZone=Asia/Tokyo");

      const shop = await registerShop(tokyo, "tz.myshopify.com", { name: "tz", currency: "JPY", timezone: "Asia/Tokyo" });
      await upsertCustomers(tokyo, shop, [customer(1n, "2026-02-01T00:00:00Z"), customer(2n, "2026-02-01T10:00:00Z")]);

      // read back through the UTC session of the app: the same instant
      const stored = await db().customer.findUniqueOrThrow({ where: { shopId_id: { shopId: shop.id, id: 1n } } });
      expect(stored.shopifyUpdatedAt.toISOString()).toBe("2026-02-01T00:00:00.000Z");

      // a raw comparison in the Tokyo session against a parameter: 05:00 UTC lies between the two customers
      const later = await tokyo.$queryRawUnsafe<{ id: bigint }[]>(
        `SELECT "id" FROM "Customer" WHERE "shopId" = $1 AND "shopifyUpdatedAt" > $2 ORDER BY "id"`,
        shop.id,
        new Date("2026-02-01T05:00:00Z"),
      );
      expect(later.map((row) => Number(row.id))).toEqual([2]);

      // and the value as PostgreSQL itself sees it, in UTC
      const [{ utc }] = await tokyo.$queryRawUnsafe<{ utc: string }[]>(
        `SELECT to_char("shopifyUpdatedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS utc
           FROM "Customer" WHERE "shopId" = $1 AND "id" = 2`,
        shop.id,
      );
      expect(utc).toBe("2026-02-01T10:00");
    } finally {
      await tokyo.$disconnect();
    }
  });
});
