/**
 * Kizuna's local Shopify Admin API emulator: GraphQL (validated and executed against the real 2026-07 schema),
 * cost and throttling, bulk operations, push-back mutations, outgoing webhooks and a control API.
 */
import type { AddressInfo } from "node:net";
import { BulkRunner } from "./bulk/operations";
import { EmulatorControl } from "./control/control";
import { ADMIN_API_VERSION, loadAdminSchema } from "./graphql/schema";
import type { ResolverContext } from "./graphql/views";
import { createEmulatorServer } from "./server/http";
import { type EmulatorCore, type Services, type ShopState, createShopState } from "./state";
import type { Store } from "./store/model";
import { type WebhookDelivery, type WebhookFaults, WebhookSender } from "./webhooks/sender";

export type { WebhookFaults, WebhookDelivery } from "./webhooks/sender";
export { EmulatorControl, ControlError } from "./control/control";
export { ADMIN_API_VERSION } from "./graphql/schema";

export interface EmulatorOptions {
  /** 0 = a free port (tests) */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** shops served; each identified by its access token */
  stores?: Store[];
  /** default 2000 points */
  bucketSize?: number;
  /** default 100 points/s */
  restoreRate?: number;
  /** default 1 */
  maxConcurrentBulkPerShop?: number;
  /** how fast bulk operations move CREATED → RUNNING → COMPLETED (default 50 ms per step) */
  bulkStepMs?: number;
  /** where webhooks are delivered (none when absent) */
  webhooks?: { appUrl: string; apiSecret: string; apiVersion?: string; faults?: WebhookFaults; topics?: string[] };
  /** the app's id: `$app:kizuna` resolves to `app--<appId>--kizuna` (default 1234567) */
  appId?: number;
  log?: (line: string) => void;
}

export interface Emulator {
  /** e.g. http://127.0.0.1:4010 */
  url: string;
  /** GraphQL endpoint for the emulated API version */
  graphqlUrl: string;
  apiVersion: string;
  stop(): Promise<void>;
  /** the live Store of a shop (tests may read and change it directly) */
  store(shopDomain: string): Store;
  control: EmulatorControl;
  /** "Type.field not emulated" and similar notes, once each */
  warnings: string[];
  /** deliveries so far (webhook id, topic, body, attempts) */
  webhookLog: WebhookDelivery[];
  /** resolves once every queued webhook delivery is done */
  flush(): Promise<void>;
  /** resolves once bulk operations, asynchronous jobs and webhooks are all done */
  idle(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const log = options.log ?? (() => undefined);
  const bucketSize = options.bucketSize ?? 2000;
  const restoreRate = options.restoreRate ?? 100;
  const stepMs = options.bulkStepMs ?? 50;
  let baseUrl = "";
  const seen = new Set<string>();
  const shopsByToken = new Map<string, ShopState>();
  const core: EmulatorCore = {
    schema: loadAdminSchema(),
    appId: options.appId ?? 1234567,
    baseUrl: () => baseUrl,
    shopsByToken,
    warnings: [],
    warn: (message) => {
      if (seen.has(message)) return;
      seen.add(message);
      core.warnings.push(message);
      log(`warning: ${message}`);
    },
    log,
  };
  for (const store of options.stores ?? []) shopsByToken.set(store.accessToken, createShopState(store, bucketSize, restoreRate));

  const webhooks = new WebhookSender(options.webhooks ?? null, options.webhooks?.apiVersion ?? ADMIN_API_VERSION, log);
  const emit = (shop: ShopState, topic: string, payload: unknown) => {
    webhooks.enqueue(shop.store.shop.domain, topic, payload);
  };
  const laterTimers = new Set<NodeJS.Timeout>();
  const laterPending = new Set<Promise<void>>();
  const context = (shop: ShopState): ResolverContext => ({ core, shop, bulk: false, services });
  const bulk = new BulkRunner(core, { stepMs, maxConcurrentPerShop: options.maxConcurrentBulkPerShop ?? 1 }, context, emit);
  const services: Services = {
    startBulkQuery: (shop, query, groupObjects) => bulk.startQuery(shop, query, groupObjects),
    startBulkMutation: (shop, mutation, path, clientIdentifier) => bulk.startMutation(shop, mutation, path, clientIdentifier),
    cancelBulk: (shop, id) => bulk.cancel(shop, id),
    emitWebhook: emit,
    later: (fn) => {
      const promise = new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          laterTimers.delete(timer);
          try {
            fn();
          } finally {
            resolve();
          }
        }, stepMs);
        laterTimers.add(timer);
      });
      laterPending.add(promise);
      void promise.then(() => laterPending.delete(promise));
    },
  };
  const control = new EmulatorControl({ shopsByToken, bucketSize, restoreRate, webhooks, emit });
  const server = createEmulatorServer({ core, control, context });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
  log(`Shopify Admin emulator listening on ${baseUrl}`);

  return {
    url: baseUrl,
    graphqlUrl: `${baseUrl}/admin/api/${ADMIN_API_VERSION}/graphql.json`,
    apiVersion: ADMIN_API_VERSION,
    control,
    warnings: core.warnings,
    webhookLog: webhooks.log,
    store(shopDomain: string) {
      return control.shopState(shopDomain).store;
    },
    flush: () => webhooks.flush(),
    async idle() {
      for (;;) {
        await bulk.idle();
        await Promise.all([...laterPending]);
        await webhooks.flush();
        if (laterPending.size === 0) return;
      }
    },
    async stop() {
      bulk.stop();
      webhooks.stop();
      for (const timer of laterTimers) clearTimeout(timer);
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
