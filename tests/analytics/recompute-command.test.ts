import { describe, expect, it } from "vitest";
import { run } from "../../app/cli/commands/recompute";
import { db } from "../../app/db/client.server";
import { createShop, customerRecord, writeShopData } from "./small-shop";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) }, out, err };
}

describe("kizuna recompute", () => {
  it("names the problem for an unknown shop", async () => {
    await createShop(db(), "known-shop.myshopify.com");
    const { io, out, err } = capture();
    expect(await run(["--shop", "nope.myshopify.com"], io)).toBe(1);
    expect(out).toEqual([]);
    expect(err.join("")).toMatch(/No shop "nope\.myshopify\.com".*Known shops: known-shop\.myshopify\.com/);
    expect(await run([], io)).toBe(1);
    expect(err.join("")).toMatch(/--shop DOMAIN is required/);
  });

  it("recomputes, printing phases and a one-line summary", async () => {
    const shop = await createShop(db(), "cli-shop.myshopify.com");
    await writeShopData(db(), shop, {
      customers: [customerRecord(1), customerRecord(2)],
      orders: [{ id: 11, customerId: 1, at: "2026-01-10T03:00:00Z", total: 5_000 }],
    });
    const { io, out, err } = capture();
    expect(await run(["--shop", "cli-shop.myshopify.com"], io)).toBe(0);
    expect(err).toEqual(["loading…", "models…", "writing…"]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(
      /^Recomputed cli-shop\.myshopify\.com: 2 customers \(1 with orders\), model insufficient_data, result #\d+ in [\d.]+ s$/,
    );
    expect(await db().customerMetrics.count({ where: { shopId: shop.id } })).toBe(2);
  });
});
