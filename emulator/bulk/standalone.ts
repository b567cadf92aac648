/**
 * Bulk JSONL export without a running emulator, for benchmark files (e.g. 1M orders streamed from
 * the seed's iterateStore): `exportBulkJsonl(store, query, nodes, out)` where `nodes` yields model
 * objects of the query's top connection (Order, Customer or Product) or ready views.
 */
import type { Writable } from "node:stream";
import { loadAdminSchema } from "../graphql/schema";
import { CustomerView, OrderView, ProductView, type ResolverContext } from "../graphql/views";
import { type EmulatorCore, type Services, createShopState } from "../state";
import type { Customer, Order, Product, Store } from "../store/model";
import { type BulkWriteOptions, type BulkWriteResult, planBulkQuery, writeBulkJsonl } from "./jsonl";

const noServices: Services = {
  startBulkQuery: () => ({
    operation: null,
    userErrors: [{ field: null, message: "not available in a standalone export", code: "INVALID" }],
  }),
  startBulkMutation: () => ({
    operation: null,
    userErrors: [{ field: null, message: "not available in a standalone export", code: "INVALID" }],
  }),
  cancelBulk: () => ({ operation: null, userErrors: [] }),
  later: (fn) => fn(),
  emitWebhook: () => undefined,
};

function toView(node: unknown): unknown {
  if (node instanceof OrderView || node instanceof CustomerView || node instanceof ProductView) return node;
  const value = node as Partial<Order & Customer & Product>;
  if (Array.isArray(value.lineItems)) return new OrderView(value as Order);
  if (Array.isArray(value.variants)) return new ProductView(value as Product);
  if ("emailMarketing" in value) return new CustomerView(value as Customer);
  return node;
}

async function* views(nodes: Iterable<unknown> | AsyncIterable<unknown>) {
  for await (const node of nodes as AsyncIterable<unknown>) yield toView(node);
}

export async function exportBulkJsonl(
  store: Store,
  query: string,
  nodes: Iterable<unknown> | AsyncIterable<unknown>,
  out: Writable,
  options: BulkWriteOptions & { appId?: number } = {},
): Promise<BulkWriteResult> {
  const warnings: string[] = [];
  const core: EmulatorCore = {
    schema: loadAdminSchema(),
    appId: options.appId ?? 1234567,
    baseUrl: () => "http://127.0.0.1",
    shopsByToken: new Map(),
    warnings,
    warn: (message) => {
      if (!warnings.includes(message)) warnings.push(message);
    },
    log: () => undefined,
  };
  const planned = planBulkQuery(core, query);
  if ("errors" in planned) throw new Error(`Invalid bulk query: ${planned.errors.join("; ")}`);
  const ctx: ResolverContext = { core, shop: createShopState(store, 1000, 100), bulk: true, services: noServices };
  return writeBulkJsonl(ctx, planned.plan, views(nodes), out, options);
}
