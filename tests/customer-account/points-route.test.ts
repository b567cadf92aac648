import { createHmac } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { updateShopSettings } from "../../app/db/settings.server";
import { registerShop, type ShopRef } from "../../app/db/shops.server";
import { defaultShopSettings } from "../../app/domain/settings/shop-settings";
import { loader } from "../../app/routes/api.customer-account.points";
import { TEST_APP } from "../support/env";

/**
 * The customer account extension's backend (decision 027): the points it answers belong to the customer
 * and shop the session token names, never to an id in the request; anything not signed for this app, for
 * another shop or out of date is refused.
 */
const SHOP = "account-points.myshopify.com";
const OTHER_SHOP = "someone-else.myshopify.com";
const MEMBER = 7001n;
const OTHER_MEMBER = 7002n;
const NO_ACCOUNT = 7003n;
let shop: ShopRef;

function token(claims: Record<string, unknown>, secret = TEST_APP.apiSecret): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const header = encode({ alg: "HS256", typ: "JWT" });
  const payload = encode({
    iss: `https://${SHOP}/account`,
    dest: `https://${SHOP}`,
    aud: TEST_APP.apiKey,
    sub: `gid://shopify/Customer/${MEMBER}`,
    exp: now + 60,
    nbf: now - 5,
    iat: now - 5,
    jti: "test",
    ...claims,
  });
  const signature = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

async function call(bearer: string | null, query = "") {
  const headers: Record<string, string> = { Origin: "https://shopify.com" };
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  const request = new Request(`${TEST_APP.appUrl}/api/customer-account/points${query}`, { headers });
  const response = (await loader({ request, params: {}, context: {} })) as Response;
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

beforeAll(async () => {
  const record = await registerShop(db(), SHOP, { currency: "JPY" });
  shop = { id: record.id, domain: record.domain };
  await registerShop(db(), OTHER_SHOP, { currency: "JPY" });
  await updateShopSettings(db(), shop, "points", { ...defaultShopSettings.points, enabled: true });
  for (const [customerId, balance] of [
    [MEMBER, 1250],
    [OTHER_MEMBER, 99_999],
  ] as const) {
    await db().pointsAccount.upsert({
      where: { shopId_customerId: { shopId: shop.id, customerId } },
      create: { shopId: shop.id, customerId, balance, rollingSpendMinor: 30_000 },
      update: { balance },
    });
  }
});

describe("GET /api/customer-account/points", () => {
  it("answers the token's customer, with CORS for Shopify's customer accounts", async () => {
    const { status, body, headers } = await call(token({}));
    expect(status).toBe(200);
    expect(body).toMatchObject({ state: "member", points_balance: 1250 });
    expect(headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(headers.get("Access-Control-Allow-Headers")).toContain("Authorization");
  });

  it("ignores another customer's id in the request", async () => {
    const { body } = await call(token({}), `?customerId=${OTHER_MEMBER}&customer_id=gid://shopify/Customer/${OTHER_MEMBER}`);
    expect(body).toMatchObject({ state: "member", points_balance: 1250 });
  });

  it("says 'not a member' for a customer without an account, and for a shop whose program is off", async () => {
    expect((await call(token({ sub: `gid://shopify/Customer/${NO_ACCOUNT}` }))).body).toEqual({
      state: "notMember",
      reason: "noAccount",
    });
    const other = token({ dest: `https://${OTHER_SHOP}`, iss: `https://${OTHER_SHOP}/account` });
    expect((await call(other)).body).toEqual({ state: "notMember", reason: "programOff" });
  });

  it("refuses a token for a shop that does not use Kizuna", async () => {
    expect((await call(token({ dest: "https://not-installed.myshopify.com" }))).status).toBe(404);
  });

  it("refuses a bad signature, another app's token, an expired or not yet valid token, and no token", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await call(token({}, "another-secret"))).status).toBe(401);
    expect((await call(token({ aud: "another-app" }))).status).toBe(401);
    expect((await call(token({ exp: now - 60 }))).status).toBe(401);
    expect((await call(token({ nbf: now + 600 }))).status).toBe(401);
    expect((await call(token({ sub: undefined }))).status).toBe(401);
    expect((await call(null)).status).toBe(401);
    // a token whose payload was altered after signing (another customer put in)
    const [header, , signature] = token({}).split(".");
    const forged = Buffer.from(
      JSON.stringify({
        dest: `https://${SHOP}`,
        aud: TEST_APP.apiKey,
        sub: `gid://shopify/Customer/${OTHER_MEMBER}`,
        exp: now + 60,
      }),
    ).toString("base64url");
    const refused = await call(`${header}.${forged}.${signature}`);
    expect(refused.status).toBe(401);
    expect(JSON.stringify(refused.body)).not.toContain("99999");
  });
});
