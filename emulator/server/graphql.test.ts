import { type Emulator, startEmulator } from "../index";
import { gql, tinyStore } from "./testkit";

const TOKEN = "shpat_test";
let em: Emulator;

beforeAll(async () => {
  em = await startEmulator({
    stores: [tinyStore({ customers: 23 }), tinyStore({ customers: 2, token: "shpat_other", domain: "other.myshopify.com" })],
  });
});
afterAll(() => em.stop());

describe("authentication and validation", () => {
  test("a wrong or missing token gets Shopify's 401 body", async () => {
    for (const token of ["nope", null]) {
      const r = await gql(em, token, "{ shop { name } }");
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    }
  });

  test("the token selects the shop", async () => {
    const r = await gql(em, "shpat_other", "{ shop { myshopifyDomain } }");
    expect(r.body.data.shop.myshopifyDomain).toBe("other.myshopify.com");
  });

  test("an unknown field is a 200 with Shopify-style errors and locations", async () => {
    const r = await gql(em, TOKEN, "{ customers(first: 1) { nodes { id foo } } }");
    expect(r.status).toBe(200);
    expect(r.body.data).toBeUndefined();
    expect(r.body.errors[0]).toMatchObject({
      message: "Field 'foo' doesn't exist on type 'Customer'",
      locations: [{ line: 1, column: 36 }],
      extensions: { code: "undefinedField", typeName: "Customer", fieldName: "foo" },
    });
  });

  test("syntax errors and missing operations are reported", async () => {
    const parse = await gql(em, TOKEN, "{ shop { name }");
    expect(parse.body.errors[0].extensions.code).toBe("PARSE_ERROR");
    const two = await gql(em, TOKEN, "query A { shop { name } } query B { shop { email } }", {}, "B");
    expect(two.body.data.shop).toEqual({ email: "owner@example.jp" });
  });

  test("variables are applied and a non-emulated nullable field is null with a warning", async () => {
    const r = await gql(em, TOKEN, "query($n: Int!) { customers(first: $n) { nodes { id multipassIdentifier } } }", { n: 2 });
    expect(r.body.data.customers.nodes).toHaveLength(2);
    expect(r.body.data.customers.nodes[0].multipassIdentifier).toBeNull();
    expect(em.warnings).toContain("Customer.multipassIdentifier not emulated");
  });

  test("a non-null field that is not emulated is a clear error", async () => {
    const r = await gql(em, TOKEN, "{ shop { analyticsToken } }");
    expect(r.body.errors[0].message).toMatch(/Shop\.analyticsToken is not emulated/);
  });
});

describe("money and fields", () => {
  test("JPY amounts render as Shopify's decimal strings", async () => {
    const r = await gql(
      em,
      TOKEN,
      `{ orders(first: 1) { nodes { name totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount } } } } }`,
    );
    const order = r.body.data.orders.nodes[0];
    expect(order.totalPriceSet.shopMoney.amount).toMatch(/^\d+\.0$/);
    expect(order.totalPriceSet.shopMoney.currencyCode).toBe("JPY");
  });

  test("birth date is exposed as the facts.birth_date metafield; node and nodes resolve", async () => {
    const store = em.store("kizuna-test.myshopify.com");
    const withBirthday = [...store.customers.values()].find((c) => c.birthDate);
    const id = `gid://shopify/Customer/${withBirthday?.id}`;
    const r = await gql(
      em,
      TOKEN,
      `query($id: ID!) { customer(id: $id) { metafield(namespace: "facts", key: "birth_date") { value } } node(id: $id) { ... on Customer { email } } nodes(ids: [$id, "gid://shopify/Customer/1"]) { id } }`,
      { id },
    );
    expect(r.body.data.customer.metafield.value).toBe(withBirthday?.birthDate);
    expect(r.body.data.node.email).toBe(withBirthday?.email);
    expect(r.body.data.nodes).toEqual([{ id }, null]);
  });
});

async function walk(query: string, direction: "forward" | "backward", pageSize: number, filter?: string) {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const args = direction === "forward" ? `first: ${pageSize}, after: $cursor` : `last: ${pageSize}, before: $cursor`;
    const r = await gql(
      em,
      TOKEN,
      `query($cursor: String, $q: String) { ${query}(${args}, query: $q, sortKey: UPDATED_AT) { edges { cursor node { id updatedAt } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
      { cursor, q: filter ?? null },
    );
    expect(r.body.errors).toBeUndefined();
    const connection = r.body.data[query];
    const page = connection.edges.map((e: { node: { id: string } }) => e.node.id);
    if (direction === "forward") ids.push(...page);
    else ids.unshift(...page);
    const more = direction === "forward" ? connection.pageInfo.hasNextPage : connection.pageInfo.hasPreviousPage;
    if (!more) return ids;
    cursor = direction === "forward" ? connection.pageInfo.endCursor : connection.pageInfo.startCursor;
  }
  throw new Error("pagination did not end");
}

describe("pagination", () => {
  test("customers and orders are walked exactly once forwards and backwards", async () => {
    const store = em.store("kizuna-test.myshopify.com");
    for (const [field, total] of [
      ["customers", store.customers.size],
      ["orders", store.orders.size],
    ] as const) {
      const forward = await walk(field, "forward", 4);
      const backward = await walk(field, "backward", 5);
      expect(forward).toHaveLength(total);
      expect(new Set(forward).size).toBe(total);
      expect(backward).toEqual(forward);
    }
  });

  test("query: updated_at filters (quoted and unquoted, >, >=, <) and combine with AND", async () => {
    const store = em.store("kizuna-test.myshopify.com");
    const customers = [...store.customers.values()];
    const pivot = [...customers].sort((a, b) => a.updatedAt - b.updatedAt)[10].updatedAt;
    const iso = new Date(pivot).toISOString();
    const after = customers.filter((c) => c.updatedAt > pivot).length;
    const atOrAfter = customers.filter((c) => c.updatedAt >= pivot).length;
    expect(await walk("customers", "forward", 3, `updated_at:>'${iso}'`)).toHaveLength(after);
    expect(await walk("customers", "forward", 3, `updated_at:>=${iso}`)).toHaveLength(atOrAfter);
    expect(await walk("customers", "backward", 3, `updated_at:<"${iso}"`)).toHaveLength(customers.length - atOrAfter);
    const vip = customers.filter((c) => c.updatedAt > pivot && c.tags.includes("vip")).length;
    expect(await walk("customers", "forward", 2, `updated_at:>'${iso}' AND tag:vip`)).toHaveLength(vip);
    const orders = [...store.orders.values()];
    const processedPivot = orders[3].processedAt;
    const r = await gql(
      em,
      TOKEN,
      `{ orders(first: 250, query: "processed_at:<='${new Date(processedPivot).toISOString()}' created_at:>2020-01-01") { nodes { id } } }`,
    );
    expect(r.body.data.orders.nodes).toHaveLength(orders.filter((o) => o.processedAt <= processedPivot).length);
    const email = customers[5].email;
    const byEmail = await gql(em, TOKEN, `{ customers(first: 5, query: "email:${email}") { nodes { email } } }`);
    expect(byEmail.body.data.customers.nodes).toEqual([{ email }]);
    const byId = await gql(em, TOKEN, `{ customers(first: 50, query: "id:>${customers[20].id}") { nodes { id } } }`);
    expect(byId.body.data.customers.nodes).toHaveLength(2);
  });

  test("first or last is required and capped at 250", async () => {
    const none = await gql(em, TOKEN, "{ customers { nodes { id } } }");
    expect(none.body.errors[0].message).toBe("you must provide one of first or last");
    const many = await gql(em, TOKEN, "{ customers(first: 251) { nodes { id } } }");
    expect(many.body.errors[0].message).toMatch(/between 0 and 250/);
  });

  test("reverse and PROCESSED_AT sort", async () => {
    const r = await gql(em, TOKEN, "{ orders(first: 250, sortKey: PROCESSED_AT, reverse: true) { nodes { processedAt } } }");
    const times = r.body.data.orders.nodes.map((n: { processedAt: string }) => Date.parse(n.processedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});

describe("cost and throttling", () => {
  test("every response reports requested and actual cost", async () => {
    const r = await gql(em, TOKEN, "{ shop { name } customers(first: 10) { nodes { id defaultAddress { city } } } }");
    // shop 1 + customers 2 + 10 × (1 + address 1) = 23
    expect(r.body.extensions.cost.requestedQueryCost).toBe(23);
    expect(r.body.extensions.cost.actualQueryCost).toBe(23);
    const mutation = await gql(
      em,
      TOKEN,
      `mutation { tagsAdd(id: "gid://shopify/Customer/1", tags: ["x"]) { userErrors { message } } }`,
    );
    expect(mutation.body.extensions.cost.requestedQueryCost).toBe(10);
    expect(mutation.body.extensions.cost.throttleStatus).toMatchObject({ maximumAvailable: 2000, restoreRate: 100 });
  });

  test("a tiny bucket throttles and recovers after the restore time", async () => {
    const small = await startEmulator({ stores: [tinyStore()], bucketSize: 60, restoreRate: 100 });
    try {
      const query = "{ customers(first: 50) { nodes { id } } }"; // requested 52
      const first = await gql(small, TOKEN, query);
      expect(first.body.data.customers.nodes.length).toBeGreaterThan(0);
      const actual = first.body.extensions.cost.actualQueryCost;
      expect(actual).toBeLessThan(52);
      small.control.setBucket({ available: 10 });
      const throttled = await gql(small, TOKEN, query);
      expect(throttled.status).toBe(200);
      expect(throttled.body.errors[0]).toEqual({
        message: "Throttled",
        extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
      });
      expect(throttled.body.extensions.cost).toMatchObject({ requestedQueryCost: 52, actualQueryCost: null });
      expect(throttled.body.extensions.cost.throttleStatus.currentlyAvailable).toBeLessThan(52);
      await new Promise((resolve) => setTimeout(resolve, 500)); // 10 + 0.5 s × 100 ≥ 52
      const again = await gql(small, TOKEN, query);
      expect(again.body.errors).toBeUndefined();
    } finally {
      await small.stop();
    }
  });

  test("a query above 1000 points is refused before execution", async () => {
    const r = await gql(em, TOKEN, "{ orders(first: 250) { nodes { lineItems(first: 10) { nodes { id } } } } }");
    expect(r.body.errors[0].extensions).toMatchObject({ code: "MAX_COST_EXCEEDED", maxCost: 1000 });
  });
});
