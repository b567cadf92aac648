import type { Db } from "../../app/db/client.server";
import { updateShopSettings } from "../../app/db/settings.server";
import type { ShopRef } from "../../app/db/shops.server";
import type { EnqueueOptions, JobHandler, JobQueue } from "../../app/jobs/queue.server";
import { defaultShopSettings } from "../../app/domain/settings/shop-settings";

/** A queue that only records what was enqueued (the points code never waits for its jobs). */
export class RecordingQueue implements JobQueue {
  readonly jobs: { name: string; payload: unknown; options?: EnqueueOptions }[] = [];
  async enqueue(name: string, payload: unknown, options?: EnqueueOptions): Promise<void> {
    this.jobs.push({ name, payload, options });
  }
  async start(_handlers: Record<string, JobHandler>): Promise<void> {}
  async stop(): Promise<void> {}
  async drain(_handlers: Record<string, JobHandler>): Promise<number> {
    return 0;
  }
  named(name: string) {
    return this.jobs.filter((job) => job.name === name);
  }
}

export async function enablePoints(
  client: Db,
  shop: ShopRef,
  overrides: Partial<(typeof defaultShopSettings)["points"]> = {},
): Promise<void> {
  await updateShopSettings(client, shop, "points", { ...defaultShopSettings.points, enabled: true, ...overrides });
}

export async function createCustomer(client: Db, shop: ShopRef, id: bigint, birthDate: string | null = null): Promise<void> {
  const at = new Date("2026-01-01T00:00:00Z");
  await client.customer.create({
    data: { shopId: shop.id, id, firstName: "Hanako", lastName: "Sato", shopifyCreatedAt: at, shopifyUpdatedAt: at, birthDate },
  });
}

export interface OrderRow {
  id: bigint;
  customerId: bigint | null;
  subtotalMinor: number;
  processedAt: Date;
  financialStatus?: string;
  cancelledAt?: Date | null;
  currency?: string;
}

export async function upsertOrder(client: Db, shop: ShopRef, order: OrderRow): Promise<void> {
  const data = {
    name: `#${order.id}`,
    customerId: order.customerId,
    shopifyCreatedAt: order.processedAt,
    processedAt: order.processedAt,
    shopifyUpdatedAt: new Date(),
    currency: order.currency ?? "JPY",
    presentmentCurrency: order.currency ?? "JPY",
    financialStatus: order.financialStatus ?? "PAID",
    cancelledAt: order.cancelledAt ?? null,
    subtotalMinor: order.subtotalMinor,
    totalMinor: order.subtotalMinor + 500,
    presentmentTotalMinor: order.subtotalMinor + 500,
  };
  await client.order.upsert({
    where: { shopId_id: { shopId: shop.id, id: order.id } },
    create: { shopId: shop.id, id: order.id, ...data },
    update: data,
  });
}

export async function addRefund(
  client: Db,
  shop: ShopRef,
  refund: { id: bigint; orderId: bigint; totalMinor: number; lines?: number[]; at: Date },
): Promise<void> {
  await client.refund.create({
    data: {
      shopId: shop.id,
      id: refund.id,
      orderId: refund.orderId,
      shopifyCreatedAt: refund.at,
      totalMinor: refund.totalMinor,
      lineItems: JSON.stringify(
        (refund.lines ?? []).map((subtotalMinor, index) => ({ lineItemId: String(index + 1), quantity: 1, subtotalMinor })),
      ),
    },
  });
}
