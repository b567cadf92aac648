/**
 * Delivers webhooks the way Shopify does: POST of the raw JSON body to `${appUrl}/webhooks/${topic}` with the
 * X-Shopify-* headers and an HMAC-SHA256 (base64) of the exact body. Fault injection for the app's inbox:
 * duplicates (same webhook id), reordering within a window, delay, and retries of non-2xx answers that
 * reuse the webhook id.
 */
import { createHmac, randomUUID } from "node:crypto";

export interface WebhookFaults {
  /** share (0..1) of deliveries sent twice with the same X-Shopify-Webhook-Id */
  duplicateRate?: number;
  /** deliveries are shuffled within groups of this many */
  reorderWindow?: number;
  /** wait before each delivery */
  delayMs?: number;
  /** total attempts per delivery (first included) and the base backoff, doubled each retry */
  retry?: { attempts: number; backoffMs: number };
  /** seed of the fault dice, for reproducible runs */
  seed?: number;
}

export interface WebhookConfig {
  appUrl: string;
  apiSecret: string;
  apiVersion?: string;
  faults?: WebhookFaults;
  /** only these topics are delivered (default: all) */
  topics?: string[];
}

export interface WebhookAttempt {
  at: string;
  status: number | null;
  error?: string;
}

export interface WebhookDelivery {
  webhookId: string;
  eventId: string;
  topic: string;
  shopDomain: string;
  url: string;
  body: string;
  triggeredAt: string;
  /** true for the extra copy made by duplicateRate */
  duplicate: boolean;
  attempts: WebhookAttempt[];
  state: "queued" | "delivered" | "failed";
}

function hmac(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

/** mulberry32: small deterministic PRNG for the fault dice */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class WebhookSender {
  readonly log: WebhookDelivery[] = [];
  private config: WebhookConfig | null;
  private random: () => number;
  private window: WebhookDelivery[] = [];
  private windowTimer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  private outstanding = 0;
  private waiters: (() => void)[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  /** Shopify's X-Shopify-Triggered-At is finer than a millisecond: two events never share one here either */
  private lastTriggeredAt = 0;

  constructor(
    config: WebhookConfig | null,
    private readonly defaultApiVersion: string,
    private readonly logLine: (line: string) => void,
  ) {
    this.config = config;
    this.random = prng(config?.faults?.seed ?? 42);
  }

  /** where the app is and its secret (Flow action requests are signed with it too) */
  get appConfig(): WebhookConfig | null {
    return this.config;
  }

  configure(config: WebhookConfig | null) {
    this.config = config;
    this.random = prng(config?.faults?.seed ?? 42);
  }

  setFaults(faults: WebhookFaults | undefined) {
    if (!this.config) throw new Error("Webhooks are not configured: set appUrl and apiSecret first.");
    this.config = { ...this.config, faults };
    this.random = prng(faults?.seed ?? 42);
  }

  get configuration(): WebhookConfig | null {
    return this.config;
  }

  /** Queues a delivery of `payload` for `topic`; a no-op when no app URL is configured. */
  enqueue(shopDomain: string, topic: string, payload: unknown): WebhookDelivery | null {
    const config = this.config;
    if (!config || this.stopped) return null;
    if (config.topics && !config.topics.includes(topic)) return null;
    const delivery: WebhookDelivery = {
      webhookId: randomUUID(),
      eventId: randomUUID(),
      topic,
      shopDomain,
      url: `${config.appUrl.replace(/\/$/, "")}/webhooks/${topic}`,
      body: JSON.stringify(payload),
      triggeredAt: this.nextTriggeredAt(),
      duplicate: false,
      attempts: [],
      state: "queued",
    };
    this.log.push(delivery);
    const copies = [delivery];
    const faults = config.faults ?? {};
    if (faults.duplicateRate && this.random() < faults.duplicateRate) {
      const copy = { ...delivery, duplicate: true, attempts: [] };
      this.log.push(copy);
      copies.push(copy);
    }
    for (const copy of copies) this.schedule(copy);
    return delivery;
  }

  private nextTriggeredAt(): string {
    this.lastTriggeredAt = Math.max(Date.now(), this.lastTriggeredAt + 1);
    return new Date(this.lastTriggeredAt).toISOString();
  }

  private schedule(delivery: WebhookDelivery) {
    this.outstanding++;
    const windowSize = this.config?.faults?.reorderWindow ?? 0;
    if (windowSize > 1) {
      this.window.push(delivery);
      if (this.window.length >= windowSize) this.releaseWindow();
      else if (!this.windowTimer) this.windowTimer = setTimeout(() => this.releaseWindow(), 20);
      return;
    }
    this.dispatch([delivery]);
  }

  private releaseWindow() {
    if (this.windowTimer) clearTimeout(this.windowTimer);
    this.windowTimer = null;
    const batch = this.window;
    this.window = [];
    for (let i = batch.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [batch[i], batch[j]] = [batch[j], batch[i]];
    }
    // a shuffle that happens to keep the order proves nothing: rotate once so the window is out of order
    if (batch.length > 1 && batch.every((d, i) => i === 0 || this.log.indexOf(batch[i - 1]) < this.log.indexOf(d)))
      batch.push(batch.shift() as WebhookDelivery);
    this.dispatch(batch);
  }

  /** Deliveries go out one after another, in the (possibly shuffled) queue order. */
  private dispatch(batch: WebhookDelivery[]) {
    for (const delivery of batch) {
      this.chain = this.chain.then(() => this.attempt(delivery, 1));
    }
  }

  private wait(ms: number) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async attempt(delivery: WebhookDelivery, attemptNumber: number): Promise<void> {
    const config = this.config;
    if (!config || this.stopped) return this.done(delivery, "failed");
    const delay = config.faults?.delayMs ?? 0;
    if (delay > 0 && attemptNumber === 1) await this.wait(delay);
    let status: number | null = null;
    let error: string | undefined;
    try {
      const response = await fetch(delivery.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "X-Shopify-Topic": delivery.topic,
          "X-Shopify-Shop-Domain": delivery.shopDomain,
          "X-Shopify-API-Version": config.apiVersion ?? this.defaultApiVersion,
          "X-Shopify-Webhook-Id": delivery.webhookId,
          "X-Shopify-Event-Id": delivery.eventId,
          "X-Shopify-Triggered-At": delivery.triggeredAt,
          "X-Shopify-Hmac-Sha256": hmac(delivery.body, config.apiSecret),
          "User-Agent": "Shopify-Captain-Hook",
        },
        body: delivery.body,
        signal: AbortSignal.timeout(5000),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (e) {
      error = (e as Error).message;
    }
    delivery.attempts.push({ at: new Date().toISOString(), status, ...(error ? { error } : {}) });
    if (status != null && status >= 200 && status < 300) return this.done(delivery, "delivered");
    const retry = config.faults?.retry;
    const attempts = retry?.attempts ?? 1;
    if (attemptNumber < attempts && !this.stopped) {
      this.logLine(
        `webhook ${delivery.topic} ${delivery.webhookId} got ${status ?? error}; retry ${attemptNumber + 1}/${attempts}`,
      );
      // retries are not part of the ordered chain: later deliveries overtake them as with Shopify
      const backoff = (retry?.backoffMs ?? 1000) * 2 ** (attemptNumber - 1);
      void this.wait(backoff).then(() => this.attempt(delivery, attemptNumber + 1));
      return;
    }
    this.logLine(`webhook ${delivery.topic} ${delivery.webhookId} failed: ${status ?? error}`);
    return this.done(delivery, "failed");
  }

  private done(delivery: WebhookDelivery, state: "delivered" | "failed") {
    delivery.state = state;
    this.outstanding--;
    if (this.outstanding === 0) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  /** Resolves once every queued delivery (and its retries) has finished. */
  flush(): Promise<void> {
    if (this.window.length > 0) this.releaseWindow();
    if (this.outstanding === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  stop() {
    this.stopped = true;
    if (this.windowTimer) clearTimeout(this.windowTimer);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

export function verifyWebhookHmac(body: string, secret: string, header: string): boolean {
  return hmac(body, secret) === header;
}
