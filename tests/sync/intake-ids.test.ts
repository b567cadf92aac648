import { describe, expect, it } from "vitest";
import { db } from "../../app/db/client.server";
import { BulkFileError, importBulkLines } from "../../app/sync/bulk-import.server";
import { lineItemFromGraphql, orderFromGraphql, RecordError } from "../../app/sync/records";
import { deliver, installedShop, orderBody, storedEvent } from "./intake-support";

// Issue 11.6: a Shopify id beyond 64 bits was a 500 with nothing stored (and Shopify retried it forever).
// Ids are validated as the 64-bit integers the database holds (1 … 2^63−1); anything else is parked.
const BEYOND_64_BITS = "18446744073709551616"; // 2^64
const BEYOND_BIGINT = "9223372036854775808"; // 2^63: an unsigned 64-bit value no BIGINT column holds

describe("webhook intake: Shopify ids", () => {
  it("parks an order whose id is beyond 64 bits (string id, gid, JSON number, line item product) with the reason, answering 200", async () => {
    const shop = await installedShop("ids");
    const cases = {
      "wh-string-id": orderBody({ id: BEYOND_64_BITS, admin_graphql_api_id: null }),
      "wh-gid": orderBody({ admin_graphql_api_id: `gid://shopify/Order/${BEYOND_BIGINT}` }),
      "wh-number": orderBody({ id: 1e20, admin_graphql_api_id: undefined }),
      "wh-product": orderBody({
        line_items: [{ id: 1, title: "茶", quantity: 1, price: "100", product_id: Number(BEYOND_64_BITS) }],
      }),
    };
    for (const [webhookId, body] of Object.entries(cases)) {
      const response = await deliver("orders/create", body, { shop: shop.domain, webhookId });
      expect(response.status, webhookId).toBe(200);
      const event = await storedEvent(shop.id, webhookId);
      expect(event?.status, webhookId).toBe("parked");
      expect(event?.lastError, webhookId).toMatch(/must be a Shopify (GraphQL )?id/);
    }
  });

  it("parks a customers/redact naming an order id beyond 64 bits", async () => {
    const shop = await installedShop("ids");
    const body = { shop_domain: shop.domain, customer: { id: 5 }, orders_to_redact: [BEYOND_64_BITS] };
    expect((await deliver("customers/redact", body, { shop: shop.domain, webhookId: "wh-redact" })).status).toBe(200);
    const event = await storedEvent(shop.id, "wh-redact");
    expect(event?.status).toBe("parked");
    expect(event?.lastError).toContain("orders_to_redact.0");
  });

  it("stores the largest id the database holds, exactly", async () => {
    const shop = await installedShop("ids");
    const body = orderBody({ id: 1, admin_graphql_api_id: "gid://shopify/Order/9223372036854775807" });
    expect((await deliver("orders/create", body, { shop: shop.domain, webhookId: "wh-max" })).status).toBe(200);
    expect(await storedEvent(shop.id, "wh-max")).toMatchObject({ status: "pending", resourceId: 9223372036854775807n });
  });
});

describe("bulk lines and reconciliation records: Shopify ids", () => {
  const customerLine = (id: string) =>
    JSON.stringify({
      id: `gid://shopify/Customer/${id}`,
      firstName: "A",
      lastName: "B",
      email: null,
      phone: null,
      tags: [],
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-01T00:00:00Z",
    });

  it("a bulk line with an id beyond 64 bits stops the import with the line number and the reason, keeping earlier batches", async () => {
    const shop = await installedShop("bulk-ids");
    const lines = [customerLine("1"), customerLine("2"), customerLine(BEYOND_64_BITS), customerLine("4")];
    const run = importBulkLines(db(), { ...shop, currency: "JPY" }, "customers", lines, { batchSize: 2 });
    await expect(run).rejects.toThrow(BulkFileError);
    await expect(importBulkLines(db(), { ...shop, currency: "JPY" }, "customers", lines, { batchSize: 2 })).rejects.toThrow(
      /^Line 3 of the customers export: Invalid customer: id must be a Customer id/,
    );
    expect(await db().customer.count({ where: { shopId: shop.id } })).toBe(2);
  });

  it("a reconciliation order or line item with an id beyond 64 bits is a RecordError naming the field", () => {
    const order = {
      id: `gid://shopify/Order/${BEYOND_64_BITS}`,
      name: "#1",
      email: null,
      createdAt: "2026-01-01T00:00:00Z",
      processedAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-01T00:00:00Z",
      cancelledAt: null,
      cancelReason: null,
      currencyCode: "JPY",
      presentmentCurrencyCode: "JPY",
      displayFinancialStatus: "PAID",
      sourceName: "web",
      tags: [],
      discountCodes: [],
      test: false,
      customer: null,
      subtotalPriceSet: null,
      totalDiscountsSet: null,
      totalShippingPriceSet: { shopMoney: { amount: "0" } },
      totalTaxSet: null,
      totalPriceSet: { shopMoney: { amount: "100" }, presentmentMoney: { amount: "100" } },
      totalRefundedSet: { shopMoney: { amount: "0" } },
      shippingAddress: null,
      refunds: [],
    };
    expect(() => orderFromGraphql(order)).toThrow(RecordError);
    expect(() => orderFromGraphql(order)).toThrow(/Invalid order: id must be a Order id/);
    expect(orderFromGraphql({ ...order, id: "gid://shopify/Order/42" }).order.id).toBe(42n);
    const lineItem = {
      id: "gid://shopify/LineItem/7",
      title: "茶",
      variantTitle: null,
      sku: null,
      quantity: 1,
      product: null,
      variant: null,
      originalUnitPriceSet: { shopMoney: { amount: "100" } },
      discountedTotalSet: { shopMoney: { amount: "100" } },
      totalDiscountSet: { shopMoney: { amount: "0" } },
    };
    expect(() => lineItemFromGraphql(lineItem, `gid://shopify/Order/${BEYOND_BIGINT}`, "JPY")).toThrow(RecordError);
  });
});
