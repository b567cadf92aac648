/**
 * Emulator store objects → the records the sync pipeline stores (app/sync/records.ts), so analytics tests
 * and the recompute benchmark can put a seeded store into the database without a full bulk sync.
 */
import type { Db } from "../../app/db/client.server";
import type { ShopRef } from "../../app/db/shops.server";
import { insertLineItems, upsertCustomers, upsertOrders } from "../../app/db/store-copy.server";
import type { CustomerRecord, LineItemRecord, OrderRecord } from "../../app/domain/store-records";
import type { Customer, Order } from "../../emulator/store/model";

export function customerRecordOf(customer: Customer): CustomerRecord {
  return {
    id: BigInt(customer.id),
    firstName: customer.firstName,
    lastName: customer.lastName,
    email: customer.email,
    phone: customer.phone,
    locale: customer.locale,
    state: customer.state,
    tags: customer.tags.join(", "),
    emailMarketing: customer.emailMarketing,
    smsMarketing: customer.smsMarketing,
    birthDate: customer.birthDate,
    city: customer.defaultAddress?.city ?? null,
    provinceCode: customer.defaultAddress?.provinceCode ?? null,
    countryCode: customer.defaultAddress?.countryCode ?? null,
    shopifyCreatedAt: new Date(customer.createdAt),
    shopifyUpdatedAt: new Date(customer.updatedAt),
  };
}

export function orderRecordOf(order: Order): OrderRecord {
  const refunded = order.refunds.reduce((sum, refund) => sum + refund.totalRefunded.shop, 0);
  return {
    id: BigInt(order.id),
    name: order.name,
    customerId: order.customerId === null ? null : BigInt(order.customerId),
    email: order.email,
    shopifyCreatedAt: new Date(order.createdAt),
    processedAt: new Date(order.processedAt),
    shopifyUpdatedAt: new Date(order.updatedAt),
    cancelledAt: order.cancelledAt === null ? null : new Date(order.cancelledAt),
    cancelReason: order.cancelReason,
    currency: order.currency,
    presentmentCurrency: order.presentmentCurrency,
    financialStatus: order.financialStatus,
    sourceName: order.sourceName,
    tags: order.tags.join(", "),
    discountCodes: order.discountCodes.join(","),
    subtotalMinor: order.subtotal.shop,
    totalDiscountsMinor: order.totalDiscounts.shop,
    totalShippingMinor: order.totalShipping.shop,
    totalTaxMinor: order.totalTax.shop,
    totalMinor: order.total.shop,
    totalRefundedMinor: refunded,
    presentmentTotalMinor: order.total.presentment,
    shippingProvinceCode: order.shippingAddress?.provinceCode ?? null,
    shippingCountryCode: order.shippingAddress?.countryCode ?? null,
    test: order.test,
  };
}

export function lineItemRecordsOf(order: Order): LineItemRecord[] {
  return order.lineItems.map((line) => ({
    id: BigInt(line.id),
    orderId: BigInt(order.id),
    productId: line.productId === null ? null : BigInt(line.productId),
    variantId: line.variantId === null ? null : BigInt(line.variantId),
    title: line.title,
    variantTitle: line.variantTitle,
    sku: line.sku,
    quantity: line.quantity,
    originalUnitPriceMinor: line.originalUnitPrice.shop,
    discountedTotalMinor: line.discountedTotal.shop,
    totalDiscountMinor: line.totalDiscount.shop,
  }));
}

/** Buffers customers, orders and line items and writes them in batches through the store-copy upserts. */
export class StoreWriter {
  private customers: CustomerRecord[] = [];
  private orders: OrderRecord[] = [];
  private lineItems: LineItemRecord[] = [];
  written = { customers: 0, orders: 0, lineItems: 0 };

  constructor(
    private readonly client: Db,
    private readonly shop: ShopRef,
    private readonly batchSize = 20_000,
  ) {}

  async add(customer: Customer, orders: readonly Order[]): Promise<void> {
    this.customers.push(customerRecordOf(customer));
    for (const order of orders) {
      this.orders.push(orderRecordOf(order));
      for (const line of lineItemRecordsOf(order)) this.lineItems.push(line);
    }
    if (this.lineItems.length >= this.batchSize || this.orders.length >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    const { customers, orders, lineItems } = this;
    this.customers = [];
    this.orders = [];
    this.lineItems = [];
    await this.client.$transaction(
      async (tx) => {
        this.written.customers += await upsertCustomers(tx as Db, this.shop, customers);
        this.written.orders += await upsertOrders(tx as Db, this.shop, orders);
        this.written.lineItems += await insertLineItems(tx as Db, this.shop, lineItems);
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }
}
