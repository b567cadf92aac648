import type { GraphQLSchema } from "graphql";
import { LeakyBucket } from "./graphql/throttle";
import type { Metafield, Order, Store } from "./store/model";

/** Everything the emulator keeps about one shop besides the Store itself. */

export type BulkStatus = "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELING" | "CANCELED" | "EXPIRED";
export type BulkErrorCode = "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT";

export interface BulkOperationRecord {
  id: number;
  type: "QUERY" | "MUTATION";
  status: BulkStatus;
  query: string;
  groupObjects: boolean;
  createdAt: number;
  completedAt: number | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
  errorCode: BulkErrorCode | null;
  /** the finished JSONL, served at /_emulator/bulk/{id}.jsonl */
  file: Buffer | null;
  /** what was written before a failure, served at /_emulator/bulk/{id}.partial.jsonl */
  partialFile: Buffer | null;
  stagedUploadPath: string | null;
}

/** One GraphQL mutation field the app called, in order, with its arguments (variables resolved). */
export interface MutationCall {
  at: number;
  field: string;
  args: Record<string, unknown>;
  userErrors: unknown[];
}

export type FailMode =
  | { kind: "userErrors"; message?: string; errorField?: string[] }
  | { kind: "httpError"; status?: number; body?: string }
  | { kind: "graphqlError"; message?: string; code?: string };

export interface MetafieldDefinitionRecord {
  id: number;
  name: string;
  namespace: string;
  key: string;
  type: string;
  ownerType: string;
  description: string | null;
  /** the admin-filterable capability: the segment editor (and customerSegmentMembers) may filter on it */
  adminFilterable?: boolean;
}

/** A customer segment (segmentCreate / segmentUpdate). */
export interface SegmentRecord {
  id: number;
  name: string;
  query: string;
  createdAt: number;
  updatedAt: number;
}

export interface RedeemCodeBulkCreation {
  id: number;
  discountId: number;
  createdAt: number;
  done: boolean;
  codes: { code: string; redeemCodeId: number | null; errors: { field: string[]; message: string; code: string }[] }[];
}

export interface BulkSwitches {
  /** the next bulk operation (query or mutation) fails with this code */
  failNext: BulkErrorCode | null;
  /** bulk result URLs answer 403 like expired signed URLs */
  expiredUrls: boolean;
  /** keep operations RUNNING until released (tests of polling) */
  hold: boolean;
}

export interface ShopState {
  store: Store;
  bucket: LeakyBucket;
  bulkOperations: Map<number, BulkOperationRecord>;
  bulkSwitches: BulkSwitches;
  metafieldDefinitions: MetafieldDefinitionRecord[];
  segments: SegmentRecord[];
  redeemCodeBulkCreations: Map<number, RedeemCodeBulkCreation>;
  /** key → uploaded bytes for staged uploads (BULK_MUTATION_VARIABLES) */
  stagedUploads: Map<string, Buffer>;
  calls: MutationCall[];
  /** metafields owned by the shop itself (the model keeps only customer metafields) */
  shopMetafields: Metafield[];
  failNext: Map<string, FailMode[]>;
  installed: boolean;
  /** bumped on every change so derived indexes know when to rebuild */
  version: number;
  index: { version: number; ordersByCustomer: Map<number, Order[]> } | null;
}

/** What resolvers need beyond data: bulk operations and webhooks (implemented in bulk/ and webhooks/). */
export interface Services {
  startBulkQuery(
    shop: ShopState,
    query: string,
    groupObjects: boolean,
  ): { operation: BulkOperationRecord | null; userErrors: BulkUserError[] };
  startBulkMutation(
    shop: ShopState,
    mutation: string,
    stagedUploadPath: string,
    clientIdentifier: string | null,
  ): { operation: BulkOperationRecord | null; userErrors: BulkUserError[] };
  cancelBulk(
    shop: ShopState,
    id: number,
  ): { operation: BulkOperationRecord | null; userErrors: { field: string[] | null; message: string }[] };
  /** runs `fn` after the emulator's short asynchronous delay (bulk code creation) */
  later(fn: () => void): void;
  emitWebhook(shop: ShopState, topic: string, payload: unknown): void;
}

export interface BulkUserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

export interface EmulatorCore {
  schema: GraphQLSchema;
  appId: number;
  /** public URL of the emulator, e.g. http://127.0.0.1:4010 */
  baseUrl: () => string;
  shopsByToken: Map<string, ShopState>;
  warnings: string[];
  warn: (message: string) => void;
  log: (line: string) => void;
}

export function createShopState(store: Store, bucketSize: number, restoreRate: number): ShopState {
  return {
    store,
    bucket: new LeakyBucket(bucketSize, restoreRate),
    bulkOperations: new Map(),
    bulkSwitches: { failNext: null, expiredUrls: false, hold: false },
    metafieldDefinitions: [],
    segments: [],
    redeemCodeBulkCreations: new Map(),
    stagedUploads: new Map(),
    calls: [],
    shopMetafields: [],
    failNext: new Map(),
    installed: true,
    version: 0,
    index: null,
  };
}

export function nextId(store: Store): number {
  return store.nextId++;
}

/** Marks the shop changed (derived indexes rebuild lazily). */
export function touch(state: ShopState): void {
  state.version++;
}

export function ordersOfCustomer(state: ShopState, customerId: number): Order[] {
  if (!state.index || state.index.version !== state.version || indexIsStale(state)) {
    const ordersByCustomer = new Map<number, Order[]>();
    for (const order of state.store.orders.values()) {
      if (order.customerId == null) continue;
      const list = ordersByCustomer.get(order.customerId);
      if (list) list.push(order);
      else ordersByCustomer.set(order.customerId, [order]);
    }
    state.index = { version: state.version, ordersByCustomer };
    indexedSize.set(state, state.store.orders.size);
  }
  return state.index.ordersByCustomer.get(customerId) ?? [];
}

const indexedSize = new WeakMap<ShopState, number>();
function indexIsStale(state: ShopState): boolean {
  // a store edited directly (tests, seed) without touch(): detect by size at least
  return indexedSize.get(state) !== state.store.orders.size;
}

/** Numeric shop id for webhooks (Shopify's shop_id), stable per domain. */
export function shopNumericId(domain: string): number {
  let hash = 0;
  for (const ch of domain) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return 60_000_000 + (hash % 9_000_000);
}
