/**
 * The control API: how tests and the demo change a shop "from the outside" (as a buyer or merchant would),
 * move time, read what the app pushed, and switch failures on. Every store change bumps updatedAt and emits
 * the webhook(s) Shopify would send. The HTTP layer (/_emulator/...) calls exactly these methods.
 */
import type { Address, CodeDiscount, Customer, LineItem, MarketingState, Order, Refund, Store } from "../store/model";
import {
  type BulkErrorCode,
  type FailMode,
  type ShopState,
  type MutationCall,
  createShopState,
  nextId,
  ordersOfCustomer,
  touch,
} from "../state";
import { type FlowActionPlay, type FlowTriggerReceived, flowTriggersOf, playFlowAction } from "../graphql/flow";
import { gid } from "../graphql/format";
import { discountStatus } from "../graphql/views";
import {
  customerDeletePayload,
  customerPayload,
  customersDataRequestPayload,
  customersRedactPayload,
  orderPayload,
  refundPayload,
  shopPayload,
  shopRedactPayload,
} from "../webhooks/payloads";
import type { WebhookConfig, WebhookDelivery, WebhookFaults, WebhookSender } from "../webhooks/sender";

/** A mistake in a control call (unknown id, impossible refund…): HTTP 400/404 with this message. */
export class ControlError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** The seed generator's contract (emulator/seed/generate.ts). */
export interface SeedOptions {
  seed: number;
  customers: number;
  currency?: string;
  shopDomain?: string;
  accessToken?: string;
  now?: number;
  years?: number;
  locale?: "ja" | "en";
  truth?: Partial<{ r: number; alpha: number; a: number; b: number; p: number; q: number; v: number }>;
}

export interface ControlHost {
  shopsByToken: Map<string, ShopState>;
  bucketSize: number;
  restoreRate: number;
  webhooks: WebhookSender;
  emit(shop: ShopState, topic: string, payload: unknown): void;
}

type ShopRef = { shop?: string };

export interface CustomerInput extends ShopRef {
  firstName?: string;
  lastName?: string;
  email?: string | null;
  phone?: string | null;
  locale?: string;
  note?: string | null;
  tags?: string[];
  emailMarketing?: MarketingState;
  smsMarketing?: MarketingState;
  birthDate?: string | null;
  defaultAddress?: Address | null;
  verifiedEmail?: boolean;
  state?: Customer["state"];
}

export type OrderLineInput =
  | { variantId: number; quantity?: number }
  | { title: string; price: number; quantity?: number; sku?: string; productId?: number | null; variantId?: number | null };

export interface OrderInput extends ShopRef {
  customerId: number | null;
  lineItems?: OrderLineInput[];
  processedAt?: number;
  /** order-level discount in minor units, allocated over the lines */
  discount?: number;
  discountCodes?: string[];
  shipping?: number;
  tax?: number;
  tags?: string[];
  note?: string | null;
  sourceName?: string;
  financialStatus?: Order["financialStatus"];
  fulfillmentStatus?: Order["fulfillmentStatus"];
  test?: boolean;
  email?: string | null;
}

export interface RefundInput extends ShopRef {
  id: number;
  /** default: every remaining quantity (a full refund) */
  lineItems?: { lineItemId: number; quantity: number }[];
  note?: string | null;
  /** refund shipping too (default: only on a full refund) */
  shipping?: boolean;
}

export interface PushedState {
  calls: MutationCall[];
  /** tags of every customer the app changed with tagsAdd/tagsRemove, by customer gid */
  customerTags: Record<string, string[]>;
  metafields: { ownerId: string; namespace: string; key: string; type: string; value: string }[];
  metafieldDefinitions: ShopState["metafieldDefinitions"];
  discounts: (Omit<CodeDiscount, "codes"> & { gid: string; codes: string[]; status: CodeDiscount["status"] })[];
}

function sumBags(a: { shop: number; presentment: number }, b: { shop: number; presentment: number }) {
  return { shop: a.shop + b.shop, presentment: a.presentment + b.presentment };
}

export class EmulatorControl {
  private dataRequests = 0;

  constructor(private readonly host: ControlHost) {}

  // ------------------------------------------------------------------------------------------ shops

  /** The shop addressed by domain (or the only/first one). */
  shopState(domain?: string): ShopState {
    for (const state of this.host.shopsByToken.values()) if (!domain || state.store.shop.domain === domain) return state;
    throw new ControlError(
      domain ? `No shop ${domain} is served by this emulator.` : "The emulator serves no shop yet: add one with addShop.",
      404,
    );
  }

  shops(): { shopDomain: string; accessToken: string; customers: number; orders: number; installed: boolean }[] {
    return [...this.host.shopsByToken.values()].map((s) => ({
      shopDomain: s.store.shop.domain,
      accessToken: s.store.accessToken,
      customers: s.store.customers.size,
      orders: s.store.orders.size,
      installed: s.installed,
    }));
  }

  /** Serves another shop: a ready Store, or one generated by the seed generator. */
  async addShop(
    input: { store?: Store; seed?: SeedOptions } & Partial<SeedOptions>,
  ): Promise<{ shopDomain: string; accessToken: string }> {
    let store = input.store;
    if (!store) {
      const options: SeedOptions = input.seed ?? {
        seed: input.seed ?? 1,
        customers: input.customers ?? 100,
        ...(input as Partial<SeedOptions>),
      };
      const generate = await loadSeedGenerator();
      store = generate(options);
    }
    if (this.host.shopsByToken.has(store.accessToken))
      throw new ControlError(`A shop with access token ${store.accessToken} is already served.`);
    for (const s of this.host.shopsByToken.values())
      if (s.store.shop.domain === store.shop.domain) throw new ControlError(`Shop ${store.shop.domain} is already served.`);
    this.host.shopsByToken.set(store.accessToken, createShopState(store, this.host.bucketSize, this.host.restoreRate));
    return { shopDomain: store.shop.domain, accessToken: store.accessToken };
  }

  // ------------------------------------------------------------------------------------------ time

  /** Moves the store's clock: by `ms`, or `to` an epoch-ms instant. Returns the new now. */
  advanceTime(input: ShopRef & { ms?: number; to?: number }): { now: number } {
    const state = this.shopState(input.shop);
    if (input.to != null) state.store.now = input.to;
    else state.store.now += input.ms ?? 0;
    return { now: state.store.now };
  }

  // ------------------------------------------------------------------------------------------ customers

  createCustomer(input: CustomerInput): Customer {
    const state = this.shopState(input.shop);
    const store = state.store;
    if (input.email && [...store.customers.values()].some((c) => c.email?.toLowerCase() === input.email?.toLowerCase())) {
      throw new ControlError(`Email has already been taken: ${input.email}`);
    }
    const customer: Customer = {
      id: nextId(store),
      firstName: input.firstName ?? "",
      lastName: input.lastName ?? "",
      email: input.email ?? null,
      phone: input.phone ?? null,
      locale: input.locale ?? store.shop.primaryLocale,
      note: input.note ?? null,
      tags: input.tags ?? [],
      emailMarketing: input.emailMarketing ?? "NOT_SUBSCRIBED",
      smsMarketing: input.smsMarketing ?? "NOT_SUBSCRIBED",
      birthDate: input.birthDate ?? null,
      defaultAddress: input.defaultAddress ?? null,
      verifiedEmail: input.verifiedEmail ?? input.email != null,
      state: input.state ?? "DISABLED",
      createdAt: store.now,
      updatedAt: store.now,
      metafields: [],
    };
    store.customers.set(customer.id, customer);
    touch(state);
    this.host.emit(state, "customers/create", customerPayload(store, customer));
    return customer;
  }

  private customer(state: ShopState, id: number): Customer {
    const customer = state.store.customers.get(Number(id));
    if (!customer) throw new ControlError(`Customer ${id} does not exist in ${state.store.shop.domain}.`, 404);
    return customer;
  }

  updateCustomer(input: CustomerInput & { id: number }): Customer {
    const state = this.shopState(input.shop);
    const customer = this.customer(state, input.id);
    const { shop: _shop, id: _id, ...patch } = input;
    for (const [key, value] of Object.entries(patch))
      if (value !== undefined) (customer as unknown as Record<string, unknown>)[key] = value;
    customer.updatedAt = state.store.now;
    touch(state);
    this.host.emit(state, "customers/update", customerPayload(state.store, customer));
    return customer;
  }

  /** Shopify refuses to delete a customer with orders; `force` detaches the orders instead. */
  deleteCustomer(input: ShopRef & { id: number; force?: boolean }): { deleted: number } {
    const state = this.shopState(input.shop);
    const customer = this.customer(state, input.id);
    const orders = ordersOfCustomer(state, customer.id);
    if (orders.length > 0 && !input.force)
      throw new ControlError(
        `Customer ${customer.id} can't be deleted because they have ${orders.length} orders (pass force: true to detach them).`,
      );
    for (const order of orders) order.customerId = null;
    state.store.customers.delete(customer.id);
    touch(state);
    this.host.emit(state, "customers/delete", customerDeletePayload(customer));
    return { deleted: customer.id };
  }

  // ------------------------------------------------------------------------------------------ orders

  private order(state: ShopState, id: number): Order {
    const order = state.store.orders.get(Number(id));
    if (!order) throw new ControlError(`Order ${id} does not exist in ${state.store.shop.domain}.`, 404);
    return order;
  }

  private lineFromCatalog(store: Store, input: OrderLineInput): Omit<LineItem, "id" | "discountedTotal" | "totalDiscount"> {
    const quantity = input.quantity ?? 1;
    if ("title" in input) {
      return {
        productId: input.productId ?? null,
        variantId: input.variantId ?? null,
        title: input.title,
        variantTitle: null,
        sku: input.sku ?? null,
        quantity,
        originalUnitPrice: { shop: input.price, presentment: input.price },
      };
    }
    for (const product of store.products.values()) {
      const variant = product.variants.find((v) => v.id === input.variantId);
      if (variant) {
        return {
          productId: product.id,
          variantId: variant.id,
          title: product.title,
          variantTitle: variant.title === "Default Title" ? null : variant.title,
          sku: variant.sku,
          quantity,
          originalUnitPrice: { shop: variant.price, presentment: variant.price },
        };
      }
    }
    throw new ControlError(`Variant ${input.variantId} does not exist in the catalog.`, 404);
  }

  createOrder(input: OrderInput): Order {
    const state = this.shopState(input.shop);
    const store = state.store;
    const customer = input.customerId != null ? this.customer(state, input.customerId) : null;
    let lines = input.lineItems;
    if (!lines || lines.length === 0) {
      const variant = [...store.products.values()].flatMap((p) => p.variants)[0];
      if (!variant) throw new ControlError("The shop has no products: pass lineItems with title and price.");
      lines = [{ variantId: variant.id, quantity: 1 }];
    }
    const drafts = lines.map((line) => this.lineFromCatalog(store, line));
    const gross = drafts.reduce((sum, d) => sum + d.originalUnitPrice.shop * d.quantity, 0);
    const discount = Math.min(input.discount ?? 0, gross);
    let allocated = 0;
    const lineItems: LineItem[] = drafts.map((draft, index) => {
      const lineGross = draft.originalUnitPrice.shop * draft.quantity;
      const share =
        index === drafts.length - 1 ? discount - allocated : gross > 0 ? Math.round((discount * lineGross) / gross) : 0;
      allocated += share;
      return {
        ...draft,
        id: nextId(store),
        discountedTotal: { shop: lineGross - share, presentment: lineGross - share },
        totalDiscount: { shop: share, presentment: share },
      };
    });
    const subtotal = gross - discount;
    const shipping = input.shipping ?? 0;
    const tax = input.tax ?? 0;
    const bag = (n: number) => ({ shop: n, presentment: n });
    const numbers = [...store.orders.values()].map((o) => Number(o.name.replace(/\D/g, "")) || 0);
    const number = Math.max(1000, ...numbers) + 1;
    const processedAt = input.processedAt ?? store.now;
    const order: Order = {
      id: nextId(store),
      name: `#${number}`,
      customerId: customer?.id ?? null,
      email: input.email ?? customer?.email ?? null,
      createdAt: store.now,
      processedAt,
      updatedAt: store.now,
      cancelledAt: null,
      cancelReason: null,
      closedAt: null,
      currency: store.shop.currency,
      presentmentCurrency: store.shop.currency,
      financialStatus: input.financialStatus ?? "PAID",
      fulfillmentStatus: input.fulfillmentStatus ?? "UNFULFILLED",
      sourceName: input.sourceName ?? "web",
      tags: input.tags ?? [],
      note: input.note ?? null,
      discountCodes: input.discountCodes ?? [],
      subtotal: bag(subtotal),
      totalDiscounts: bag(discount),
      totalShipping: bag(shipping),
      totalTax: bag(tax),
      total: bag(subtotal + shipping + tax),
      shippingAddress: customer?.defaultAddress ?? null,
      lineItems,
      refunds: [],
      test: input.test ?? false,
    };
    store.orders.set(order.id, order);
    touch(state);
    const payload = orderPayload(store, order);
    this.host.emit(state, "orders/create", payload);
    if (order.financialStatus === "PAID") this.host.emit(state, "orders/paid", payload);
    return order;
  }

  updateOrder(input: ShopRef & { id: number; tags?: string[]; note?: string | null }): Order {
    const state = this.shopState(input.shop);
    const order = this.order(state, input.id);
    if (input.tags) order.tags = [...input.tags];
    if (input.note !== undefined) order.note = input.note;
    order.updatedAt = state.store.now;
    touch(state);
    this.host.emit(state, "orders/updated", orderPayload(state.store, order));
    return order;
  }

  cancelOrder(input: ShopRef & { id: number; reason?: NonNullable<Order["cancelReason"]>; refund?: boolean }): Order {
    const state = this.shopState(input.shop);
    const order = this.order(state, input.id);
    if (order.cancelledAt != null) throw new ControlError(`Order ${order.id} is already cancelled.`);
    if (input.refund) this.refundOrder({ shop: input.shop, id: order.id, note: "Order cancelled" });
    order.cancelledAt = state.store.now;
    order.cancelReason = input.reason ?? "CUSTOMER";
    order.closedAt = state.store.now;
    if (!input.refund && (order.financialStatus === "PENDING" || order.financialStatus === "AUTHORIZED"))
      order.financialStatus = "VOIDED";
    order.updatedAt = state.store.now;
    touch(state);
    const payload = orderPayload(state.store, order);
    this.host.emit(state, "orders/cancelled", payload);
    this.host.emit(state, "orders/updated", payload);
    return order;
  }

  refundOrder(input: RefundInput): Refund {
    const state = this.shopState(input.shop);
    const store = state.store;
    const order = this.order(state, input.id);
    const refundedQty = new Map<number, number>();
    for (const r of order.refunds)
      for (const rli of r.refundLineItems) refundedQty.set(rli.lineItemId, (refundedQty.get(rli.lineItemId) ?? 0) + rli.quantity);
    const remaining = (li: LineItem) => li.quantity - (refundedQty.get(li.id) ?? 0);
    const requested =
      input.lineItems ??
      order.lineItems.filter((li) => remaining(li) > 0).map((li) => ({ lineItemId: li.id, quantity: remaining(li) }));
    if (requested.length === 0) throw new ControlError(`Order ${order.id} has nothing left to refund.`);
    const refundLineItems = requested.map((req) => {
      const li = order.lineItems.find((item) => item.id === req.lineItemId);
      if (!li) throw new ControlError(`Line item ${req.lineItemId} is not on order ${order.id}.`, 404);
      if (req.quantity <= 0 || req.quantity > remaining(li))
        throw new ControlError(`Line item ${li.id} has ${remaining(li)} refundable, not ${req.quantity}.`);
      const amount = (n: number) => Math.round((n * req.quantity) / li.quantity);
      return {
        id: nextId(store),
        lineItemId: li.id,
        quantity: req.quantity,
        subtotal: { shop: amount(li.discountedTotal.shop), presentment: amount(li.discountedTotal.presentment) },
      };
    });
    const full = order.lineItems.every((li) => remaining(li) === (requested.find((r) => r.lineItemId === li.id)?.quantity ?? 0));
    const alreadyRefunded = order.refunds.reduce((acc, r) => sumBags(acc, r.totalRefunded), { shop: 0, presentment: 0 });
    let total = refundLineItems.reduce((acc, rli) => sumBags(acc, rli.subtotal), { shop: 0, presentment: 0 });
    if (input.shipping ?? full) total = sumBags(total, order.totalShipping);
    // a full refund returns exactly what is left (tax and rounding included), as Shopify's suggested refund does
    if (full)
      total = {
        shop: order.total.shop - alreadyRefunded.shop,
        presentment: order.total.presentment - alreadyRefunded.presentment,
      };
    const refund: Refund = {
      id: nextId(store),
      orderId: order.id,
      createdAt: store.now,
      note: input.note ?? null,
      totalRefunded: total,
      refundLineItems,
    };
    order.refunds.push(refund);
    const refundedTotal = alreadyRefunded.shop + total.shop;
    order.financialStatus = refundedTotal >= order.total.shop ? "REFUNDED" : "PARTIALLY_REFUNDED";
    order.updatedAt = store.now;
    touch(state);
    this.host.emit(state, "refunds/create", refundPayload(store, order, refund));
    this.host.emit(state, "orders/updated", orderPayload(store, order));
    return refund;
  }

  // ------------------------------------------------------------------------------------------ compliance & lifecycle

  requestCustomerRedaction(input: ShopRef & { customerId: number }) {
    const state = this.shopState(input.shop);
    const customer = this.customer(state, input.customerId);
    const payload = customersRedactPayload(
      state.store,
      customer,
      ordersOfCustomer(state, customer.id).map((o) => o.id),
    );
    this.host.emit(state, "customers/redact", payload);
    return payload;
  }

  requestCustomerData(input: ShopRef & { customerId: number }) {
    const state = this.shopState(input.shop);
    const customer = this.customer(state, input.customerId);
    const payload = customersDataRequestPayload(
      state.store,
      customer,
      ordersOfCustomer(state, customer.id).map((o) => o.id),
      ++this.dataRequests,
    );
    this.host.emit(state, "customers/data_request", payload);
    return payload;
  }

  redactShop(input: ShopRef = {}) {
    const state = this.shopState(input.shop);
    const payload = shopRedactPayload(state.store);
    this.host.emit(state, "shop/redact", payload);
    return payload;
  }

  /** The app is uninstalled: app/uninstalled is sent and the access token stops working (401). */
  uninstallApp(input: ShopRef = {}) {
    const state = this.shopState(input.shop);
    this.host.emit(state, "app/uninstalled", shopPayload(state.store));
    state.installed = false;
    return { uninstalled: state.store.shop.domain };
  }

  reinstallApp(input: ShopRef = {}) {
    const state = this.shopState(input.shop);
    state.installed = true;
    return { installed: state.store.shop.domain };
  }

  // ------------------------------------------------------------------------------------------ what the app did

  pushed(input: ShopRef = {}): PushedState {
    const state = this.shopState(input.shop);
    const store = state.store;
    const customerTags: Record<string, string[]> = {};
    for (const call of state.calls) {
      if ((call.field === "tagsAdd" || call.field === "tagsRemove") && typeof call.args.id === "string") {
        const match = /Customer\/(\d+)/.exec(call.args.id);
        const customer = match ? store.customers.get(Number(match[1])) : undefined;
        if (customer) customerTags[call.args.id] = [...customer.tags];
      }
    }
    const metafields: PushedState["metafields"] = [];
    for (const customer of store.customers.values()) {
      for (const m of customer.metafields)
        metafields.push({
          ownerId: gid("Customer", customer.id),
          namespace: m.namespace,
          key: m.key,
          type: m.type,
          value: m.value,
        });
    }
    for (const m of state.shopMetafields)
      metafields.push({ ownerId: "shop", namespace: m.namespace, key: m.key, type: m.type, value: m.value });
    const discounts = [...store.discounts.values()].map((d) => ({
      ...d,
      gid: gid("DiscountCodeNode", d.id),
      status: discountStatus(d, store.now),
      codes: d.codes.map((c) => c.code),
    }));
    return { calls: state.calls, customerTags, metafields, metafieldDefinitions: state.metafieldDefinitions, discounts };
  }

  calls(input: ShopRef & { field?: string } = {}): MutationCall[] {
    const state = this.shopState(input.shop);
    return input.field ? state.calls.filter((c) => c.field === input.field) : state.calls;
  }

  // ------------------------------------------------------------------------------------------ switches

  /** The next call(s) of mutation `field` fail: with userErrors, a GraphQL error, or an HTTP error status. */
  failNext(input: ShopRef & { field: string; times?: number } & FailMode): { field: string; queued: number } {
    const state = this.shopState(input.shop);
    const { shop: _shop, field, times, ...mode } = input;
    const queue = state.failNext.get(field) ?? [];
    for (let i = 0; i < (times ?? 1); i++) queue.push(mode as FailMode);
    state.failNext.set(field, queue);
    return { field, queued: queue.length };
  }

  setBulkSwitches(input: ShopRef & { failNext?: BulkErrorCode | null; expiredUrls?: boolean; hold?: boolean }) {
    const state = this.shopState(input.shop);
    if (input.failNext !== undefined) state.bulkSwitches.failNext = input.failNext;
    if (input.expiredUrls !== undefined) state.bulkSwitches.expiredUrls = input.expiredUrls;
    if (input.hold !== undefined) state.bulkSwitches.hold = input.hold;
    return { ...state.bulkSwitches };
  }

  /** Sets the shop's throttle bucket to `available` points (e.g. 0 to force THROTTLED). */
  setBucket(input: ShopRef & { available: number }) {
    const state = this.shopState(input.shop);
    state.bucket.set(input.available);
    return state.bucket.status();
  }

  // ------------------------------------------------------------------------------------------ webhooks

  configureWebhooks(config: WebhookConfig | null) {
    this.host.webhooks.configure(config);
    return { configured: config != null };
  }

  setWebhookFaults(faults: WebhookFaults | undefined) {
    this.host.webhooks.setFaults(faults);
    return { faults: faults ?? {} };
  }

  webhookLog(input: { topic?: string } = {}): WebhookDelivery[] {
    return input.topic ? this.host.webhooks.log.filter((d) => d.topic === input.topic) : this.host.webhooks.log;
  }

  flushWebhooks(): Promise<void> {
    return this.host.webhooks.flush();
  }

  /** The Flow triggers the app sent (flowTriggerReceive) and the emulator accepted, oldest first. */
  flowTriggers(input: ShopRef & { handle?: string } = {}): FlowTriggerReceived[] {
    const all = flowTriggersOf(this.shopState(input.shop));
    return input.handle ? all.filter((entry) => entry.handle === input.handle) : all;
  }

  /**
   * Plays a Flow action request to the app (signed with the app's secret from configureWebhooks, like Shopify):
   * `{ handle: "kizuna-award-points", properties: { customer_id, points, reason } }`. Returns the app's answer.
   */
  async playFlowAction(input: ShopRef & FlowActionPlay): Promise<{ status: number; body: unknown; actionRunId: string }> {
    const app = this.host.webhooks.appConfig;
    if (!app) throw new ControlError("configureWebhooks first: the app's URL and secret are needed to sign the request");
    try {
      return await playFlowAction(this.shopState(input.shop), app, input);
    } catch (error) {
      throw new ControlError((error as Error).message);
    }
  }

  /** Forgets the app's calls, switches and webhook log; refills the bucket. Store data stays. */
  reset(input: ShopRef = {}) {
    const states = input.shop ? [this.shopState(input.shop)] : [...this.host.shopsByToken.values()];
    for (const state of states) {
      state.calls.length = 0;
      flowTriggersOf(state).length = 0;
      state.failNext.clear();
      state.bulkSwitches.failNext = null;
      state.bulkSwitches.expiredUrls = false;
      state.bulkSwitches.hold = false;
      state.bucket.set(state.bucket.maximumAvailable);
      state.installed = true;
    }
    this.host.webhooks.log.length = 0;
    return { reset: states.map((s) => s.store.shop.domain) };
  }
}

type GenerateStore = (options: SeedOptions) => Store;

async function loadSeedGenerator(): Promise<GenerateStore> {
  const path = "../seed/generate.ts";
  try {
    const mod = (await import(/* @vite-ignore */ path)) as { generateStore?: GenerateStore };
    if (typeof mod.generateStore !== "function") throw new Error("emulator/seed/generate.ts does not export generateStore");
    return mod.generateStore;
  } catch (error) {
    throw new ControlError(`The seed generator is not available (${(error as Error).message}); pass a ready store instead.`, 501);
  }
}

export type { Customer, Order };
