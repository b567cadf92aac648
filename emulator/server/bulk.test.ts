import { createHmac } from "node:crypto";
import { type Emulator, startEmulator } from "../index";
import { gql, tinyStore, webhookReceiver } from "./testkit";

const TOKEN = "shpat_test";
const SHOP = "kizuna-test.myshopify.com";
const SECRET = "bulk-secret";

const ORDERS_QUERY = `{
  orders(query: "created_at:>2000-01-01") {
    edges { node {
      id name processedAt
      customer { id }
      totalPriceSet { shopMoney { amount currencyCode } }
      refunds { id createdAt totalRefundedSet { shopMoney { amount } } refundLineItems { edges { node { id quantity lineItem { id } subtotalSet { shopMoney { amount } } } } } }
      lineItems { edges { node { id quantity sku discountedTotalSet { shopMoney { amount } } } } }
    } }
  }
}`;

const RUN = `mutation($q: String!) { bulkOperationRunQuery(query: $q, groupObjects: false) { bulkOperation { id status } userErrors { field message code } } }`;
const POLL = `query($id: ID!) { node(id: $id) { ... on BulkOperation { id status errorCode objectCount rootObjectCount fileSize url partialDataUrl createdAt completedAt } } }`;

let em: Emulator;
let app: Awaited<ReturnType<typeof webhookReceiver>>;

beforeEach(async () => {
  app = await webhookReceiver();
  em = await startEmulator({
    stores: [tinyStore({ customers: 30 })],
    bulkStepMs: 10,
    webhooks: { appUrl: app.url, apiSecret: SECRET },
  });
});
afterEach(async () => {
  await em.stop();
  await app.close();
});

async function runToEnd(query: string) {
  const started = await gql(em, TOKEN, RUN, { q: query });
  expect(started.body.data.bulkOperationRunQuery.userErrors).toEqual([]);
  const id = started.body.data.bulkOperationRunQuery.bulkOperation.id;
  const seen = new Set<string>([started.body.data.bulkOperationRunQuery.bulkOperation.status]);
  for (let i = 0; i < 200; i++) {
    const r = await gql(em, TOKEN, POLL, { id });
    seen.add(r.body.data.node.status);
    if (["COMPLETED", "FAILED", "CANCELED"].includes(r.body.data.node.status)) return { op: r.body.data.node, seen };
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error("bulk operation did not finish");
}

function parseJsonl(text: string) {
  return text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown> & { id: string; __parentId?: string });
}

const amount = (bag: unknown) => Number((bag as { shopMoney: { amount: string } }).shopMoney.amount);

test("an orders export parses back to exactly the store's orders, line items and refunds", async () => {
  const { op, seen } = await runToEnd(ORDERS_QUERY);
  expect(seen).toContain("CREATED");
  expect(seen).toContain("COMPLETED");
  expect(op.url).toBe(`${em.url}/_emulator/bulk/${op.id.split("/").pop()}.jsonl`);
  const text = await (await fetch(op.url)).text();
  expect(Number(op.fileSize)).toBe(Buffer.byteLength(text));
  const lines = parseJsonl(text);
  expect(Number(op.objectCount)).toBe(lines.length);

  const store = em.store(SHOP);
  const orders = [...store.orders.values()];
  const orderLines = lines.filter((l) => !l.__parentId);
  expect(Number(op.rootObjectCount)).toBe(orders.length);
  expect(orderLines.map((l) => l.id).sort()).toEqual(orders.map((o) => `gid://shopify/Order/${o.id}`).sort());

  // children come after their parent, and nested connections are not inline
  const seenParents = new Set<string>();
  for (const line of lines) {
    if (line.__parentId) expect(seenParents.has(line.__parentId)).toBe(true);
    seenParents.add(line.id);
    for (const refund of (line.refunds as { id: string }[] | undefined) ?? []) seenParents.add(refund.id);
    expect(line).not.toHaveProperty("lineItems");
  }
  const lineItemLines = lines.filter((l) => l.id.includes("/LineItem/"));
  expect(lineItemLines).toHaveLength(orders.reduce((n, o) => n + o.lineItems.length, 0));
  expect(lineItemLines.reduce((s, l) => s + amount(l.discountedTotalSet), 0)).toBe(
    orders.reduce((s, o) => s + o.lineItems.reduce((t, li) => t + li.discountedTotal.shop, 0), 0),
  );
  expect(orderLines.reduce((s, l) => s + amount(l.totalPriceSet), 0)).toBe(orders.reduce((s, o) => s + o.total.shop, 0));

  // refunds stay inline (a list); their refundLineItems connection becomes lines under the refund
  const refunds = orderLines.flatMap((l) => l.refunds as { id: string; totalRefundedSet: unknown }[]);
  expect(refunds).toHaveLength(orders.reduce((n, o) => n + o.refunds.length, 0));
  expect(refunds.reduce((s, r) => s + amount(r.totalRefundedSet), 0)).toBe(
    orders.reduce((s, o) => s + o.refunds.reduce((t, r) => t + r.totalRefunded.shop, 0), 0),
  );
  const rliLines = lines.filter((l) => l.id.includes("/RefundLineItem/"));
  expect(rliLines.every((l) => refunds.some((r) => r.id === l.__parentId))).toBe(true);
  expect(rliLines).toHaveLength(orders.reduce((n, o) => n + o.refunds.reduce((t, r) => t + r.refundLineItems.length, 0), 0));

  // bulk_operations/finish reached the app, signed
  await em.idle();
  const finish = app.received.find((h) => h.path === "/webhooks/bulk_operations/finish");
  expect(finish).toBeDefined();
  const body = JSON.parse(finish?.body ?? "{}");
  expect(body).toMatchObject({ admin_graphql_api_id: op.id, status: "completed", type: "query", error_code: null });
  expect(Object.keys(body).sort()).toEqual([
    "admin_graphql_api_id",
    "completed_at",
    "created_at",
    "error_code",
    "status",
    "type",
  ]);
  expect(finish?.headers["x-shopify-hmac-sha256"]).toBe(
    createHmac("sha256", SECRET)
      .update(finish?.body ?? "")
      .digest("base64"),
  );
});

test("a customers export has every customer once with its fields", async () => {
  const { op } = await runToEnd(
    `{ customers { edges { node { id email tags numberOfOrders amountSpent { amount } defaultAddress { provinceCode } } } } }`,
  );
  const lines = parseJsonl(await (await fetch(op.url)).text());
  const store = em.store(SHOP);
  expect(lines).toHaveLength(store.customers.size);
  for (const line of lines) {
    const customer = store.customers.get(Number(line.id.split("/").pop()));
    expect(line.email).toBe(customer?.email);
    expect(line.tags).toEqual(customer?.tags);
  }
});

test("one bulk query at a time per shop; cancel; invalid bulk queries", async () => {
  em.control.setBulkSwitches({ hold: true });
  const first = await gql(em, TOKEN, RUN, { q: ORDERS_QUERY });
  const id = first.body.data.bulkOperationRunQuery.bulkOperation.id;
  const second = await gql(em, TOKEN, RUN, { q: ORDERS_QUERY });
  expect(second.body.data.bulkOperationRunQuery).toEqual({
    bulkOperation: null,
    userErrors: [
      {
        field: null,
        message: `A bulk query operation for this app and shop is already in progress: ${id}.`,
        code: "OPERATION_IN_PROGRESS",
      },
    ],
  });
  const current = await gql(em, TOKEN, `{ currentBulkOperation { id status } }`);
  expect(current.body.data.currentBulkOperation.id).toBe(id);
  const cancel = await gql(
    em,
    TOKEN,
    `mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { status } userErrors { message } } }`,
    { id },
  );
  expect(cancel.body.data.bulkOperationCancel.bulkOperation.status).toBe("CANCELING");
  await em.idle();
  const after = await gql(em, TOKEN, POLL, { id });
  expect(after.body.data.node.status).toBe("CANCELED");

  const invalid = await gql(em, TOKEN, RUN, { q: "{ shop { name } }" });
  expect(invalid.body.data.bulkOperationRunQuery.userErrors[0]).toMatchObject({
    field: ["query"],
    message: "Bulk queries must contain at least one connection.",
    code: "INVALID",
  });
  const noId = await gql(em, TOKEN, RUN, { q: "{ orders { edges { node { name lineItems { edges { node { id } } } } } } }" });
  expect(noId.body.data.bulkOperationRunQuery.userErrors[0].message).toMatch(
    /must select the 'id' field.*Connection field: 'lineItems'/,
  );
});

test("FAILED switch gives an error code and partial data; expired URLs answer 403", async () => {
  em.control.setBulkSwitches({ failNext: "INTERNAL_SERVER_ERROR" });
  const { op } = await runToEnd(ORDERS_QUERY);
  expect(op).toMatchObject({ status: "FAILED", errorCode: "INTERNAL_SERVER_ERROR", url: null });
  expect(op.partialDataUrl).toMatch(/partial\.jsonl$/);
  const partial = parseJsonl(await (await fetch(op.partialDataUrl)).text());
  expect(partial.filter((l) => !l.__parentId).length).toBe(Math.floor(em.store(SHOP).orders.size / 2));

  const ok = await runToEnd(ORDERS_QUERY);
  expect(ok.op.status).toBe("COMPLETED");
  em.control.setBulkSwitches({ expiredUrls: true });
  const expired = await fetch(ok.op.url);
  expect(expired.status).toBe(403);
  expect(await expired.text()).toContain("ExpiredToken");
});

test("bulk mutation with a staged upload runs each line of variables", async () => {
  const customers = [...em.store(SHOP).customers.values()].slice(0, 3);
  const staged = await gql(
    em,
    TOKEN,
    `mutation { stagedUploadsCreate(input: [{ resource: BULK_MUTATION_VARIABLES, filename: "tags.jsonl", mimeType: "text/jsonl", httpMethod: POST }]) { stagedTargets { url resourceUrl parameters { name value } } userErrors { message } } }`,
  );
  const target = staged.body.data.stagedUploadsCreate.stagedTargets[0];
  const form = new FormData();
  for (const p of target.parameters) form.append(p.name, p.value);
  const jsonl = customers.map((c) => JSON.stringify({ id: `gid://shopify/Customer/${c.id}`, tags: ["bulk-tagged"] })).join("\n");
  form.append("file", new Blob([jsonl]), "tags.jsonl");
  const upload = await fetch(target.url, { method: "POST", body: form });
  expect(upload.status).toBe(201);
  const key = target.parameters.find((p: { name: string }) => p.name === "key").value;
  const run = await gql(
    em,
    TOKEN,
    `mutation($m: String!, $p: String!) { bulkOperationRunMutation(mutation: $m, stagedUploadPath: $p) { bulkOperation { id } userErrors { message code } } }`,
    {
      m: "mutation tag($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id } userErrors { message } } }",
      p: key,
    },
  );
  expect(run.body.data.bulkOperationRunMutation.userErrors).toEqual([]);
  await em.idle();
  const op = await gql(em, TOKEN, POLL, { id: run.body.data.bulkOperationRunMutation.bulkOperation.id });
  expect(op.body.data.node.status).toBe("COMPLETED");
  const lines = parseJsonl(await (await fetch(op.body.data.node.url)).text());
  expect(lines.map((l) => l.__lineNumber)).toEqual([0, 1, 2]);
  for (const c of customers) expect(c.tags).toContain("bulk-tagged");
  const missing = await gql(
    em,
    TOKEN,
    `mutation { bulkOperationRunMutation(mutation: "mutation { shop { id } }", stagedUploadPath: "tmp/nope") { userErrors { code } } }`,
  );
  expect(missing.body.data.bulkOperationRunMutation.userErrors[0].code).toBeDefined();
});

test("exportBulkJsonl streams any iterable of model objects without a server", async () => {
  const { exportBulkJsonl } = await import("../bulk/standalone");
  const { PassThrough } = await import("node:stream");
  const store = tinyStore({ customers: 10 });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  function* orders() {
    yield* store.orders.values();
  }
  const result = await exportBulkJsonl(
    store,
    `{ orders { edges { node { id lineItems { edges { node { id } } } } } } }`,
    orders(),
    out,
  );
  const lines = Buffer.concat(chunks).toString("utf8").trim().split("\n");
  expect(result.rootObjectCount).toBe(store.orders.size);
  expect(lines).toHaveLength(result.objectCount);
});
