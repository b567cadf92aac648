// The storefront birthday block's endpoint (/apps/kizuna/birth-date → /proxy/birth-date), called the way
// Shopify's app proxy calls it: a signed query naming the shop and the signed-in customer.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { customerBirthDate } from "../../app/db/customer-birth-date.server";
import { eraseCustomer } from "../../app/db/customer-privacy.server";
import { markShopUninstalled, registerShop, type ShopRef } from "../../app/db/shops.server";
import { action, loader } from "../../app/routes/proxy.birth-date";
import { signAppProxyQuery } from "../../app/shopify/app-proxy";
import { TEST_APP } from "../support/env";

const YEAR = new Date().getUTCFullYear();

let shop: ShopRef;
let otherShop: ShopRef;
let nextId = 9_000_000_001n;

async function newCustomer(target: ShopRef, birthDate: string | null = null, id = nextId++): Promise<bigint> {
  const at = new Date("2026-01-01T00:00:00Z");
  await db().customer.create({
    data: { shopId: target.id, id, firstName: "花子", lastName: "佐藤", shopifyCreatedAt: at, shopifyUpdatedAt: at, birthDate },
  });
  return id;
}

function proxyUrl(target: ShopRef, customerId: bigint | null, secret = TEST_APP.apiSecret): URL {
  const url = new URL("/proxy/birth-date", TEST_APP.appUrl);
  url.searchParams.set("shop", target.domain);
  url.searchParams.set("logged_in_customer_id", customerId === null ? "" : String(customerId));
  url.searchParams.set("path_prefix", "/apps/kizuna");
  url.searchParams.set("timestamp", String(Math.floor(Date.now() / 1000)));
  url.searchParams.set("signature", signAppProxyQuery(url.searchParams, secret));
  return url;
}

async function post(url: URL, body: Record<string, string>, json = false): Promise<Response> {
  const request = json
    ? new Request(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
    : new Request(url, { method: "POST", body: new URLSearchParams(body) });
  return action({ request, params: {}, context: {} });
}

async function get(url: URL): Promise<Response> {
  return loader({ request: new Request(url), params: {}, context: {} });
}

const stored = (target: ShopRef, id: bigint) => customerBirthDate(db(), target, id);

beforeAll(async () => {
  shop = await registerShop(db(), "birthday-a.myshopify.com", { currency: "JPY", timezone: "Asia/Tokyo" });
  otherShop = await registerShop(db(), "birthday-b.myshopify.com", { currency: "JPY", timezone: "Asia/Tokyo" });
});

describe("POST /apps/kizuna/birth-date", () => {
  it("stores a valid date for the signed-in customer, and GET then shows it as registered", async () => {
    const id = await newCustomer(shop);
    const before = await get(proxyUrl(shop, id));
    expect(before.status).toBe(200);
    expect(before.headers.get("Cache-Control")).toContain("no-store");
    expect(await before.json()).toEqual({ birth_date: null, can_register: true });

    const response = await post(proxyUrl(shop, id), { birth_date: "1990-04-15" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ birth_date: "1990-04-15", can_register: false });
    expect(await stored(shop, id)).toBe("1990-04-15");

    expect(await (await get(proxyUrl(shop, id))).json()).toEqual({ birth_date: "1990-04-15", can_register: false });
  });

  it("accepts a JSON body too", async () => {
    const id = await newCustomer(shop);
    const response = await post(proxyUrl(shop, id), { birth_date: "1985-12-31" }, true);
    expect(response.status).toBe(200);
    expect(await stored(shop, id)).toBe("1985-12-31");
  });

  it("refuses a missing, malformed, impossible, future or too old date with 400 and a message, storing nothing", async () => {
    const id = await newCustomer(shop);
    const cases: [string, string][] = [
      ["", "REQUIRED"],
      ["   ", "REQUIRED"],
      ["15/04/1990", "INVALID_DATE"],
      ["2001-02-29", "INVALID_DATE"],
      [`${YEAR + 1}-01-01`, "FUTURE_DATE"],
      [`${YEAR - 121}-01-01`, "TOO_OLD"],
    ];
    for (const [value, error] of cases) {
      const response = await post(proxyUrl(shop, id), { birth_date: value });
      expect(response.status, value).toBe(400);
      const body = await response.json();
      expect(body.error, value).toBe(error);
      expect(typeof body.message).toBe("string");
      expect(body.message.length).toBeGreaterThan(10);
    }
    expect((await post(proxyUrl(shop, id), {})).status).toBe(400);
    expect(await stored(shop, id)).toBeNull();
  });

  it("lets a customer register once: another date is refused with 409 and the stored one, the same date again is fine", async () => {
    const id = await newCustomer(shop);
    expect((await post(proxyUrl(shop, id), { birth_date: "1992-07-07" })).status).toBe(200);

    const change = await post(proxyUrl(shop, id), { birth_date: "1992-08-07" });
    expect(change.status).toBe(409);
    expect(await change.json()).toMatchObject({ error: "ALREADY_REGISTERED", birth_date: "1992-07-07", can_register: false });
    expect(await stored(shop, id)).toBe("1992-07-07");

    const retry = await post(proxyUrl(shop, id), { birth_date: "1992-07-07" });
    expect(retry.status).toBe(200);
    expect(await stored(shop, id)).toBe("1992-07-07");
  });

  it("never overwrites a date that came from Shopify or the merchant", async () => {
    const id = await newCustomer(shop, "1970-01-02");
    expect(await (await get(proxyUrl(shop, id))).json()).toEqual({ birth_date: "1970-01-02", can_register: false });
    const response = await post(proxyUrl(shop, id), { birth_date: "2000-01-02" });
    expect(response.status).toBe(409);
    expect(await stored(shop, id)).toBe("1970-01-02");
  });

  it("stores one date when two registrations race", async () => {
    const id = await newCustomer(shop);
    const answers = await Promise.all([
      post(proxyUrl(shop, id), { birth_date: "1991-03-03" }),
      post(proxyUrl(shop, id), { birth_date: "1993-05-05" }),
    ]);
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 409]);
    expect(["1991-03-03", "1993-05-05"]).toContain(await stored(shop, id));
  });

  it("answers 401 without a signed-in customer, and stores nothing", async () => {
    const response = await post(proxyUrl(shop, null), { birth_date: "1990-04-15" });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: "SIGN_IN_REQUIRED" });
    expect((await get(proxyUrl(shop, null))).status).toBe(401);
  });

  it("refuses a forged or altered signature with 401, and stores nothing", async () => {
    const id = await newCustomer(shop);
    expect((await post(proxyUrl(shop, id, "not-the-app-secret"), { birth_date: "1990-04-15" })).status).toBe(401);

    const victim = await newCustomer(shop);
    const altered = proxyUrl(shop, id);
    altered.searchParams.set("logged_in_customer_id", String(victim));
    expect((await post(altered, { birth_date: "1990-04-15" })).status).toBe(401);

    const unsigned = new URL(`/proxy/birth-date?shop=${shop.domain}&logged_in_customer_id=${id}`, TEST_APP.appUrl);
    expect((await post(unsigned, { birth_date: "1990-04-15" })).status).toBe(401);
    expect((await get(unsigned)).status).toBe(401);

    expect(await stored(shop, id)).toBeNull();
    expect(await stored(shop, victim)).toBeNull();
  });

  it("writes only the signed-in customer of the signed shop: ids in the body and other shops' customers are out of reach", async () => {
    const mine = await newCustomer(shop);
    const someoneElse = await newCustomer(shop);
    const response = await post(proxyUrl(shop, mine), {
      birth_date: "1990-04-15",
      customer_id: String(someoneElse),
      logged_in_customer_id: String(someoneElse),
    });
    expect(response.status).toBe(200);
    expect(await stored(shop, mine)).toBe("1990-04-15");
    expect(await stored(shop, someoneElse)).toBeNull();

    // a customer who exists only in the other shop: a request signed for this shop cannot reach them
    const elsewhere = await newCustomer(otherShop);
    const missing = await post(proxyUrl(shop, elsewhere), { birth_date: "1990-04-15" });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: "CUSTOMER_NOT_FOUND" });
    expect(await stored(otherShop, elsewhere)).toBeNull();

    // the same Shopify id in both shops: only the signed shop's row changes
    const shared = await newCustomer(shop);
    await newCustomer(otherShop, null, shared);
    expect((await post(proxyUrl(otherShop, shared), { birth_date: "1988-08-08" })).status).toBe(200);
    expect(await stored(otherShop, shared)).toBe("1988-08-08");
    expect(await stored(shop, shared)).toBeNull();
  });

  it("refuses a deleted or redacted customer with 410, and writes nothing back", async () => {
    const id = await newCustomer(shop);
    await eraseCustomer(db(), shop, id, new Date());
    const response = await post(proxyUrl(shop, id), { birth_date: "1990-04-15" });
    expect(response.status).toBe(410);
    expect(await response.json()).toMatchObject({ error: "CUSTOMER_DELETED" });
    expect((await get(proxyUrl(shop, id))).status).toBe(410);
    const row = await db().customer.findUnique({ where: { shopId_id: { shopId: shop.id, id } }, select: { birthDate: true } });
    expect(row?.birthDate).toBeNull();
  });

  it("answers 404 for a shop that uninstalled Kizuna, and stores nothing", async () => {
    const gone = await registerShop(db(), "birthday-gone.myshopify.com", { currency: "JPY", timezone: "Asia/Tokyo" });
    const id = await newCustomer(gone);
    await markShopUninstalled(db(), gone, new Date());
    const response = await post(proxyUrl(gone, id), { birth_date: "1990-04-15" });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: "NOT_FOUND" });
    expect(await stored(gone, id)).toBeNull();
  });

  it("answers 405 to other methods", async () => {
    const id = await newCustomer(shop);
    const request = new Request(proxyUrl(shop, id), { method: "PUT", body: new URLSearchParams({ birth_date: "1990-04-15" }) });
    expect((await action({ request, params: {}, context: {} })).status).toBe(405);
    expect(await stored(shop, id)).toBeNull();
  });
});
