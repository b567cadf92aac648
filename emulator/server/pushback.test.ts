import { type Emulator, startEmulator } from "../index";
import { gql, tinyStore } from "./testkit";

const TOKEN = "shpat_test";
const SHOP = "kizuna-test.myshopify.com";
let em: Emulator;
let customerIds: string[];

beforeEach(async () => {
  em = await startEmulator({ stores: [tinyStore()], bulkStepMs: 5, appId: 42 });
  customerIds = [...em.store(SHOP).customers.keys()].map((id) => `gid://shopify/Customer/${id}`);
});
afterEach(() => em.stop());

test("tagsAdd / tagsRemove change the customer, are recorded, and reject unknown ids", async () => {
  const add = await gql(
    em,
    TOKEN,
    `mutation($id: ID!) { tagsAdd(id: $id, tags: ["kizuna:champion", "vip"]) { node { ... on Customer { tags updatedAt } } userErrors { field message } } }`,
    { id: customerIds[1] },
  );
  expect(add.body.data.tagsAdd.userErrors).toEqual([]);
  expect(add.body.data.tagsAdd.node.tags).toEqual(["kizuna:champion", "vip"]);
  await gql(em, TOKEN, `mutation($id: ID!) { tagsRemove(id: $id, tags: ["vip"]) { userErrors { message } } }`, {
    id: customerIds[1],
  });
  expect(em.control.pushed().customerTags[customerIds[1]]).toEqual(["kizuna:champion"]);
  expect(em.control.calls({ field: "tagsAdd" })[0].args).toEqual({ id: customerIds[1], tags: ["kizuna:champion", "vip"] });
  const bad = await gql(
    em,
    TOKEN,
    `mutation { tagsAdd(id: "gid://shopify/Customer/999999", tags: ["x"]) { node { id } userErrors { field message } } }`,
  );
  expect(bad.body.data.tagsAdd).toEqual({ node: null, userErrors: [{ field: ["id"], message: "Resource not found" }] });
});

test("metafieldsSet resolves $app namespaces, validates, and caps at 25", async () => {
  const set = await gql(
    em,
    TOKEN,
    `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { namespace key value type } userErrors { field message code elementIndex } } }`,
    {
      m: [
        {
          ownerId: customerIds[0],
          namespace: "$app:kizuna",
          key: "rfm_segment",
          type: "single_line_text_field",
          value: "champion",
        },
        { ownerId: customerIds[0], namespace: "$app:kizuna", key: "clv", type: "number_integer", value: "52000" },
      ],
    },
  );
  expect(set.body.data.metafieldsSet.userErrors).toEqual([]);
  expect(set.body.data.metafieldsSet.metafields[0]).toEqual({
    namespace: "app--42--kizuna",
    key: "rfm_segment",
    value: "champion",
    type: "single_line_text_field",
  });
  const read = await gql(
    em,
    TOKEN,
    `query($id: ID!) { customer(id: $id) { a: metafield(namespace: "$app:kizuna", key: "clv") { value } b: metafield(namespace: "app--42--kizuna", key: "clv") { value } metafields(first: 10, namespace: "$app:kizuna") { nodes { key } } } }`,
    { id: customerIds[0] },
  );
  expect(read.body.data.customer.a).toEqual({ value: "52000" });
  expect(read.body.data.customer.b).toEqual({ value: "52000" });
  expect(read.body.data.customer.metafields.nodes).toHaveLength(2);
  expect(em.control.pushed().metafields).toContainEqual({
    ownerId: customerIds[0],
    namespace: "app--42--kizuna",
    key: "clv",
    type: "number_integer",
    value: "52000",
  });

  const invalid = await gql(
    em,
    TOKEN,
    `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { key } userErrors { field message code elementIndex } } }`,
    {
      m: [
        { ownerId: customerIds[1], namespace: "$app:kizuna", key: "ok", type: "single_line_text_field", value: "fine" },
        { ownerId: customerIds[1], namespace: "$app:kizuna", key: "n", type: "number_integer", value: "abc" },
      ],
    },
  );
  expect(invalid.body.data.metafieldsSet.userErrors.map((e: { field: string[] }) => e.field)).toEqual([
    ["metafields", "1", "key"],
    ["metafields", "1", "value"],
  ]);
  expect(em.store(SHOP).customers.get(Number(customerIds[1].split("/").pop()))?.metafields).toEqual([]); // atomic
  const tooMany = Array.from({ length: 26 }, (_, i) => ({
    ownerId: customerIds[0],
    namespace: "$app:kizuna",
    key: `k${i}`,
    type: "number_integer",
    value: "1",
  }));
  const capped = await gql(
    em,
    TOKEN,
    `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { field code } } }`,
    { m: tooMany },
  );
  expect(capped.body.data.metafieldsSet.userErrors).toEqual([{ field: ["metafields"], code: "LESS_THAN_OR_EQUAL_TO" }]);
  const def = await gql(
    em,
    TOKEN,
    `mutation { metafieldDefinitionCreate(definition: { name: "CLV", namespace: "$app:kizuna", key: "clv", type: "number_integer", ownerType: CUSTOMER }) { createdDefinition { id namespace } userErrors { code } } }`,
  );
  expect(def.body.data.metafieldDefinitionCreate.createdDefinition.namespace).toBe("app--42--kizuna");
  const dup = await gql(
    em,
    TOKEN,
    `mutation { metafieldDefinitionCreate(definition: { name: "CLV", namespace: "$app:kizuna", key: "clv", type: "number_integer", ownerType: CUSTOMER }) { createdDefinition { id } userErrors { code field } } }`,
  );
  expect(dup.body.data.metafieldDefinitionCreate.userErrors).toEqual([{ code: "TAKEN", field: ["definition", "key"] }]);
});

const CREATE = `mutation($d: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $d) {
  codeDiscountNode { id codeDiscount { ... on DiscountCodeBasic { title status codes(first: 5) { nodes { code } } appliesOncePerCustomer usageLimit startsAt endsAt
    customerGets { value { ... on DiscountPercentage { percentage } ... on DiscountAmount { amount { amount currencyCode } } } }
    minimumRequirement { ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount } } }
    context { ... on DiscountCustomers { customers { id } } ... on DiscountBuyerSelectionAll { all } } } } }
  userErrors { field message code } } }`;

test("discountCodeBasicCreate creates a code for chosen customers and reports Shopify's userErrors", async () => {
  const input = {
    title: "Win-back 15%",
    code: "KIZUNA-WB-1",
    startsAt: "2026-01-01T00:00:00Z",
    endsAt: "2026-02-01T00:00:00Z",
    appliesOncePerCustomer: true,
    usageLimit: 1,
    customerGets: { value: { percentage: 0.15 }, items: { all: true } },
    minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "5000" } },
    context: { customers: { add: [customerIds[0], customerIds[2]] } },
  };
  const ok = await gql(em, TOKEN, CREATE, { d: input });
  expect(ok.body.data.discountCodeBasicCreate.userErrors).toEqual([]);
  const discount = ok.body.data.discountCodeBasicCreate.codeDiscountNode.codeDiscount;
  expect(discount).toMatchObject({
    title: "Win-back 15%",
    codes: { nodes: [{ code: "KIZUNA-WB-1" }] },
    customerGets: { value: { percentage: 0.15 } },
    minimumRequirement: { greaterThanOrEqualToSubtotal: { amount: "5000.0" } },
    context: { customers: [{ id: customerIds[0] }, { id: customerIds[2] }] },
  });

  const dup = await gql(em, TOKEN, CREATE, { d: input });
  expect(dup.body.data.discountCodeBasicCreate).toEqual({
    codeDiscountNode: null,
    userErrors: [
      { field: ["basicCodeDiscount", "code"], message: "Code must be unique. Please try a different code.", code: "TAKEN" },
    ],
  });
  const bad = await gql(em, TOKEN, CREATE, {
    d: {
      ...input,
      code: "OTHER",
      customerGets: { value: { percentage: 1.5 }, items: { all: true } },
      endsAt: "2025-01-01T00:00:00Z",
    },
  });
  expect(bad.body.data.discountCodeBasicCreate.userErrors.map((e: { field: string[] }) => e.field)).toEqual([
    ["basicCodeDiscount", "endsAt"],
    ["basicCodeDiscount", "customerGets", "value", "percentage"],
  ]);
  const fixed = await gql(em, TOKEN, CREATE, {
    d: {
      title: "¥1000 off",
      code: "YEN1000",
      customerGets: { value: { discountAmount: { amount: "1000", appliesOnEachItem: false } }, items: { all: true } },
      customerSelection: { all: true },
    },
  });
  expect(fixed.body.data.discountCodeBasicCreate.codeDiscountNode.codeDiscount).toMatchObject({
    customerGets: { value: { amount: { amount: "1000.0", currencyCode: "JPY" } } },
    context: { all: "ALL" },
    status: "ACTIVE",
  });

  const id = ok.body.data.discountCodeBasicCreate.codeDiscountNode.id;
  const off = await gql(
    em,
    TOKEN,
    `mutation($id: ID!) { discountCodeDeactivate(id: $id) { codeDiscountNode { codeDiscount { ... on DiscountCodeBasic { status } } } userErrors { message } } }`,
    { id },
  );
  expect(off.body.data.discountCodeDeactivate.codeDiscountNode.codeDiscount.status).toBe("EXPIRED");
  const pushed = em.control.pushed();
  expect(pushed.discounts.map((d) => d.codes)).toEqual([["KIZUNA-WB-1"], ["YEN1000"]]);
  expect(pushed.discounts[0].customerIds).toHaveLength(2);
});

test("discountRedeemCodeBulkAdd imports asynchronously and reports per-code errors", async () => {
  const created = await gql(em, TOKEN, CREATE, {
    d: { title: "Birthday", code: "BDAY-0", customerGets: { value: { percentage: 0.1 }, items: { all: true } } },
  });
  const discountId = created.body.data.discountCodeBasicCreate.codeDiscountNode.id;
  const add = await gql(
    em,
    TOKEN,
    `mutation($id: ID!, $codes: [DiscountRedeemCodeInput!]!) { discountRedeemCodeBulkAdd(discountId: $id, codes: $codes) { bulkCreation { id done } userErrors { field message } } }`,
    {
      id: discountId,
      codes: [{ code: "BDAY-1" }, { code: "BDAY-2" }, { code: "BDAY-0" }, { code: "BDAY-1" }],
    },
  );
  const creation = add.body.data.discountRedeemCodeBulkAdd.bulkCreation;
  expect(creation.done).toBe(false);
  await em.idle();
  const status = await gql(
    em,
    TOKEN,
    `query($id: ID!) { discountRedeemCodeBulkCreation(id: $id) { done codesCount importedCount failedCount codes(first: 10) { nodes { code errors { field message code } discountRedeemCode { code } } } } }`,
    { id: creation.id },
  );
  const result = status.body.data.discountRedeemCodeBulkCreation;
  expect(result).toMatchObject({ done: true, codesCount: 4, importedCount: 2, failedCount: 2 });
  expect(result.codes.nodes[2].errors[0].code).toBe("TAKEN");
  const tooMany = await gql(
    em,
    TOKEN,
    `mutation($id: ID!, $codes: [DiscountRedeemCodeInput!]!) { discountRedeemCodeBulkAdd(discountId: $id, codes: $codes) { bulkCreation { id } userErrors { field } } }`,
    {
      id: discountId,
      codes: Array.from({ length: 251 }, (_, i) => ({ code: `X${i}` })),
    },
  );
  expect(tooMany.body.data.discountRedeemCodeBulkAdd.userErrors).toEqual([{ field: ["codes"] }]);
  const unknown = await gql(
    em,
    TOKEN,
    `mutation { discountRedeemCodeBulkAdd(discountId: "gid://shopify/DiscountCodeNode/1", codes: [{code: "A"}]) { userErrors { field } } }`,
  );
  expect(unknown.body.data.discountRedeemCodeBulkAdd.userErrors).toEqual([{ field: ["discountId"] }]);
});

test("failNext switches make the next call fail with userErrors or an HTTP error", async () => {
  em.control.failNext({ field: "discountCodeBasicCreate", kind: "userErrors", message: "Internal error" });
  const first = await gql(em, TOKEN, CREATE, {
    d: { title: "t", code: "C1", customerGets: { value: { percentage: 0.1 }, items: { all: true } } },
  });
  expect(first.body.data.discountCodeBasicCreate).toEqual({
    codeDiscountNode: null,
    userErrors: [{ field: null, message: "Internal error", code: "INTERNAL_ERROR" }],
  });
  em.control.failNext({ field: "discountCodeBasicCreate", kind: "httpError", status: 503 });
  const second = await fetch(em.graphqlUrl, {
    method: "POST",
    headers: { "X-Shopify-Access-Token": TOKEN, "Content-Type": "application/json" },
    body: JSON.stringify({
      query: CREATE,
      variables: { d: { title: "t", code: "C1", customerGets: { value: { percentage: 0.1 } } } },
    }),
  });
  expect(second.status).toBe(503);
  const third = await gql(em, TOKEN, CREATE, {
    d: { title: "t", code: "C1", customerGets: { value: { percentage: 0.1 }, items: { all: true } } },
  });
  expect(third.body.data.discountCodeBasicCreate.userErrors).toEqual([]);
  expect(em.control.calls({ field: "discountCodeBasicCreate" })).toHaveLength(3);
});
