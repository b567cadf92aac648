/**
 * Hand-built shops for the recompute tests: customers and orders described in a line each, written through
 * the same store-copy upserts the sync uses.
 */
import type { Db } from "../../app/db/client.server";
import { registerShop, type ShopRef } from "../../app/db/shops.server";
import { insertLineItems, upsertCustomers, upsertOrders } from "../../app/db/store-copy.server";
import type { CustomerRecord, LineItemRecord, OrderRecord } from "../../app/domain/store-records";

export interface OrderSpec {
  id: number;
  customerId: number | null;
  /** ISO instant */
  at: string;
  total: number;
  refunded?: number;
  cancelled?: boolean;
  test?: boolean;
  source?: string;
  codes?: string;
  province?: string;
  /** product ids bought (one line each), titled `Product <id>` */
  products?: number[];
}

export async function createShop(client: Db, domain: string, settings?: object): Promise<ShopRef> {
  const shop = await registerShop(client, domain, { name: domain, currency: "JPY", timezone: "Asia/Tokyo" });
  if (settings) await client.shop.update({ where: { id: shop.id }, data: { settings: JSON.stringify(settings) } });
  return { id: shop.id, domain: shop.domain };
}

export function customerRecord(id: number, extra: Partial<CustomerRecord> = {}): CustomerRecord {
  const at = new Date("2024-01-01T00:00:00Z");
  return {
    id: BigInt(id),
    firstName: `C${id}`,
    lastName: "Test",
    email: `c${id}@example.jp`,
    phone: null,
    locale: "ja",
    state: "ENABLED",
    tags: "",
    emailMarketing: "SUBSCRIBED",
    smsMarketing: null,
    city: null,
    provinceCode: "JP-13",
    countryCode: "JP",
    shopifyCreatedAt: at,
    shopifyUpdatedAt: at,
    ...extra,
  };
}

export function orderRecord(spec: OrderSpec): OrderRecord {
  const at = new Date(spec.at);
  return {
    id: BigInt(spec.id),
    name: `#${spec.id}`,
    customerId: spec.customerId === null ? null : BigInt(spec.customerId),
    email: null,
    shopifyCreatedAt: at,
    processedAt: at,
    shopifyUpdatedAt: at,
    cancelledAt: spec.cancelled ? at : null,
    cancelReason: spec.cancelled ? "CUSTOMER" : null,
    currency: "JPY",
    presentmentCurrency: "JPY",
    financialStatus: "PAID",
    sourceName: spec.source ?? "web",
    tags: "",
    discountCodes: spec.codes ?? "",
    subtotalMinor: spec.total,
    totalDiscountsMinor: 0,
    totalShippingMinor: 0,
    totalTaxMinor: 0,
    totalMinor: spec.total,
    totalRefundedMinor: spec.refunded ?? 0,
    presentmentTotalMinor: spec.total,
    shippingProvinceCode: spec.province ?? null,
    shippingCountryCode: "JP",
    test: spec.test ?? false,
  };
}

export async function writeShopData(
  client: Db,
  shop: ShopRef,
  data: { customers?: CustomerRecord[]; orders?: OrderSpec[] },
): Promise<void> {
  if (data.customers?.length) await upsertCustomers(client, shop, data.customers);
  const orders = data.orders ?? [];
  if (orders.length) await upsertOrders(client, shop, orders.map(orderRecord));
  const lines: LineItemRecord[] = [];
  for (const order of orders) {
    (order.products ?? []).forEach((productId, k) => {
      lines.push({
        id: BigInt(order.id * 100 + k),
        orderId: BigInt(order.id),
        productId: BigInt(productId),
        variantId: null,
        title: `Product ${productId}`,
        variantTitle: null,
        sku: null,
        quantity: 1,
        originalUnitPriceMinor: 1000,
        discountedTotalMinor: 1000,
        totalDiscountMinor: 0,
      });
    });
  }
  if (lines.length) await insertLineItems(client, shop, lines);
}
