import type { Db } from "./client.server";
import type { ShopRef } from "./shops.server";

export interface ShopOverview {
  shopName: string;
  customers: number;
  orders: number;
  lastSync: {
    kind: string;
    status: string;
    phase: string | null;
    rowsDone: number;
    rowsTotal: number | null;
    error: string | null;
    startedAt: string;
    finishedAt: string | null;
  } | null;
}

/** Headline counts and the latest sync run of one shop. */
export async function shopOverview(client: Db, shop: ShopRef): Promise<ShopOverview> {
  const [record, customers, orders, lastSync] = await Promise.all([
    client.shop.findUniqueOrThrow({ where: { id: shop.id }, select: { name: true } }),
    client.customer.count({ where: { shopId: shop.id, deletedAt: null } }),
    client.order.count({ where: { shopId: shop.id } }),
    client.syncRun.findFirst({ where: { shopId: shop.id }, orderBy: { startedAt: "desc" } }),
  ]);
  return {
    shopName: record.name,
    customers,
    orders,
    lastSync: lastSync && {
      kind: lastSync.kind,
      status: lastSync.status,
      phase: lastSync.phase,
      rowsDone: lastSync.rowsDone,
      rowsTotal: lastSync.rowsTotal,
      error: lastSync.error,
      startedAt: lastSync.startedAt.toISOString(),
      finishedAt: lastSync.finishedAt?.toISOString() ?? null,
    },
  };
}
