import type { Db } from "../db/client.server";
import { markShopDataChanged, type ShopRef } from "../db/shops.server";
import { applyOrderVersion, upsertCustomers } from "../db/store-copy.server";
import { finishRun, startRun, updateRun } from "../db/sync-runs.server";
import type { AdminClient } from "../shopify/admin-client.server";
import type { KizunaCustomersUpdatedSinceQuery, KizunaOrdersUpdatedSinceQuery } from "../shopify/generated/admin.generated";
import {
  CUSTOMERS_UPDATED_SINCE_QUERY,
  ORDER_LINE_ITEMS_QUERY,
  ORDERS_UPDATED_SINCE_QUERY,
} from "../shopify/operations/reconcile";
import type { LineItemRecord } from "../domain/store-records";
import { customerFromGraphql, lineItemFromGraphql, orderFromGraphql } from "./records";

/**
 * Webhooks can be lost (an outage longer than Shopify's retries, a bug). Reconciliation asks Shopify for
 * every customer and order updated since the shop's watermark and applies them through the same versioned
 * writes as webhooks, so it only ever fills gaps. The window overlaps the last run a little: re-applying
 * is harmless, missing is not.
 */
const OVERLAP_MS = 5 * 60_000;

export interface ReconcileOptions {
  admin: AdminClient;
  now?: () => Date;
  onProgress?: (progress: { phase: string; done: number }) => void;
}

export async function runReconcile(
  client: Db,
  shop: ShopRef & { currency: string },
  options: ReconcileOptions,
): Promise<{ customers: number; orders: number }> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const record = await client.shop.findUniqueOrThrow({ where: { id: shop.id }, select: { reconciledThrough: true } });
  const since = new Date((record.reconciledThrough ?? new Date(0)).getTime() - OVERLAP_MS);
  const search = `updated_at:>='${since.toISOString()}'`;
  const runId = await startRun(client, shop, "reconcile", "customers", startedAt);
  const counts = { customers: 0, orders: 0 };
  try {
    let after: string | null = null;
    do {
      const page: KizunaCustomersUpdatedSinceQuery = await options.admin.request(
        CUSTOMERS_UPDATED_SINCE_QUERY,
        { query: search, after },
        602,
      );
      await upsertCustomers(client, shop, page.customers.nodes.map(customerFromGraphql));
      counts.customers += page.customers.nodes.length;
      after = page.customers.pageInfo.hasNextPage ? (page.customers.pageInfo.endCursor ?? null) : null;
      await progress(client, shop, runId, "customers", counts, options);
    } while (after);

    after = null;
    do {
      const page: KizunaOrdersUpdatedSinceQuery = await options.admin.request(
        ORDERS_UPDATED_SINCE_QUERY,
        { query: search, after },
        900,
      );
      for (const node of page.orders.nodes) {
        const { order, refunds } = orderFromGraphql(node);
        const lineItems = await allLineItems(options.admin, node.id, node.lineItems, shop.currency);
        await applyOrderVersion(client, shop, order, lineItems, refunds);
        counts.orders++;
      }
      after = page.orders.pageInfo.hasNextPage ? (page.orders.pageInfo.endCursor ?? null) : null;
      await progress(client, shop, runId, "orders", counts, options);
    } while (after);
  } catch (error) {
    await finishRun(
      client,
      shop,
      runId,
      { status: "failed", error: error instanceof Error ? error.message : String(error) },
      now(),
    );
    throw error;
  }
  await client.$transaction(async (tx) => {
    await finishRun(tx as Db, shop, runId, { status: "completed", phase: "done" }, now());
    await tx.shop.update({ where: { id: shop.id }, data: { reconciledThrough: startedAt } });
  });
  if (counts.customers + counts.orders > 0) await markShopDataChanged(client, shop, now());
  return counts;
}

async function progress(
  client: Db,
  shop: ShopRef,
  runId: number,
  phase: string,
  counts: { customers: number; orders: number },
  options: ReconcileOptions,
) {
  const done = counts.customers + counts.orders;
  await updateRun(client, shop, runId, { phase, rowsDone: done });
  options.onProgress?.({ phase, done });
}

async function allLineItems(
  admin: AdminClient,
  orderGid: string,
  first: { pageInfo: { hasNextPage: boolean; endCursor?: string | null }; nodes: unknown[] },
  currency: string,
): Promise<LineItemRecord[]> {
  const items = first.nodes.map((node) => lineItemFromGraphql(node, orderGid, currency));
  let page = first.pageInfo;
  while (page.hasNextPage) {
    const more = await admin.request(ORDER_LINE_ITEMS_QUERY, { id: orderGid, after: page.endCursor }, 500);
    if (!more.order) break;
    items.push(...more.order.lineItems.nodes.map((node) => lineItemFromGraphql(node, orderGid, currency)));
    page = more.order.lineItems.pageInfo;
  }
  return items;
}
