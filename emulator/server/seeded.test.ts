import { type Emulator, startEmulator } from "../index";
import { generateStore } from "../seed/generate";
import { gql } from "./testkit";

let em: Emulator;
let token: string;
let domain: string;

beforeAll(async () => {
  const store = generateStore({ seed: 11, customers: 150 });
  token = store.accessToken;
  domain = store.shop.domain;
  em = await startEmulator({ stores: [store], bulkStepMs: 5 });
});
afterAll(() => em.stop());

test("a seeded store exports through a bulk query with matching counts and money", async () => {
  const run = await gql(
    em,
    token,
    `mutation($q: String!) { bulkOperationRunQuery(query: $q, groupObjects: false) { bulkOperation { id } userErrors { message } } }`,
    {
      q: `{ orders { edges { node { id name processedAt displayFinancialStatus customer { id } currentTotalPriceSet { shopMoney { amount } } totalRefundedSet { shopMoney { amount } }
          lineItems { edges { node { id quantity currentQuantity product { id } variant { id } originalUnitPriceSet { shopMoney { amount } } discountedTotalSet { shopMoney { amount } } } } } } } } }`,
    },
  );
  expect(run.body.data.bulkOperationRunQuery.userErrors).toEqual([]);
  await em.idle();
  const op = await gql(em, token, `{ currentBulkOperation { status url objectCount } }`);
  expect(op.body.data.currentBulkOperation.status).toBe("COMPLETED");
  const lines = (await (await fetch(op.body.data.currentBulkOperation.url)).text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  const store = em.store(domain);
  const orders = lines.filter((l) => !l.__parentId);
  expect(orders).toHaveLength(store.orders.size);
  const lineItems = lines.filter((l) => l.__parentId);
  expect(lineItems).toHaveLength([...store.orders.values()].reduce((n, o) => n + o.lineItems.length, 0));
  const digits = store.shop.currency === "JPY" ? 0 : 2;
  const toMinor = (amount: string) => Math.round(Number(amount) * 10 ** digits);
  const exported = lineItems.reduce((s, l) => s + toMinor(l.discountedTotalSet.shopMoney.amount), 0);
  expect(exported).toBe(
    [...store.orders.values()].reduce((s, o) => s + o.lineItems.reduce((t, li) => t + li.discountedTotal.shop, 0), 0),
  );
});

test("the app's typical customer page query runs without errors on seeded data", async () => {
  const r = await gql(
    em,
    token,
    `{ customers(first: 50, sortKey: UPDATED_AT) { nodes { id firstName lastName displayName email phone locale note tags createdAt updatedAt state verifiedEmail numberOfOrders
    amountSpent { amount currencyCode } emailMarketingConsent { marketingState } smsMarketingConsent { marketingState } defaultEmailAddress { emailAddress marketingState } defaultPhoneNumber { phoneNumber }
    defaultAddress { province provinceCode countryCodeV2 city zip address1 } birth: metafield(namespace: "facts", key: "birth_date") { value } } pageInfo { hasNextPage endCursor } } }`,
  );
  expect(r.body.errors).toBeUndefined();
  expect(r.body.data.customers.nodes).toHaveLength(50);
});
