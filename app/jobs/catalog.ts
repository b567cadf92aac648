import { z } from "zod";

/**
 * Every background job by name, with the payload it carries and how it retries. Pure (zod only), so any
 * layer may enqueue by name without importing the handlers; the handlers are in ./registry.server.
 */
const shopPayload = z.object({ shopId: z.number().int().positive() });

export const jobPayloads = {
  "sync.backfill": shopPayload,
  "sync.reconcile": shopPayload,
  /** one stored webhook delivery, applied to the store copy */
  "sync.apply-webhook": shopPayload.extend({ eventId: z.number().int().positive() }),
  "analytics.recompute": shopPayload,
  /** pending Shopify Flow trigger events sent with flowTriggerReceive (decision 026) */
  "flow.send": shopPayload,
  /** Flow triggers evaluated for every customer (tiers) and points expiring found, once a day per shop */
  "flow.daily": shopPayload,
  /** the customers webhooks touched since `since` (an ISO time), re-scored without a full recompute */
  "analytics.incremental": shopPayload.extend({ since: z.iso.datetime() }),
  "pushback.push": shopPayload,
  /** the `$app:kizuna` metafield definitions checked and created, then Shopify's segments kept in step (decision 027) */
  "segments.sync-shopify": shopPayload,
  "campaigns.complete-codes": shopPayload.extend({ campaignId: z.number().int().positive() }),
  "points.apply-order": shopPayload.extend({ orderId: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]) }),
  /** birthdays, expiry, tiers and stuck redemptions, once a day per shop (the scheduler keeps one queued) */
  "points.daily": shopPayload,
  "points.push-metafields": shopPayload,
  "points.recover-redemptions": shopPayload,
  /** applied webhook bodies past the shop's retention are deleted, once a day per shop (decision 008) */
  "sync.purge-payloads": shopPayload,
  /** an applied order: exits journeys it converts, enrols first/n-th order journeys (decision 020) */
  "journeys.enrol-order": shopPayload.extend({ orderId: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]) }),
  /** runs the shop's due journey steps (the scheduler keeps one queued while the shop has active journeys) */
  "journeys.run-due": shopPayload,
  /** date-based journey triggers (birthdays, lapsed customers, segment moves, ...), once a day per shop */
  "journeys.daily": shopPayload,
  /** a customer unsubscribed through a Kizuna mail: their email marketing consent set to UNSUBSCRIBED in Shopify */
  "mail.consent-update": shopPayload.extend({ customerId: z.string().regex(/^\d{1,20}$/) }),
  /** the shop's stored LINE webhook events (follow, unfollow, link codes), applied in order (decision 025) */
  "line.apply-events": shopPayload,
  /** an uploaded order history (a file under data/imports/) imported as one batch (decision 029) */
  "history.import": shopPayload.extend({
    file: z.string().regex(/^[a-z0-9-]+\.csv$/),
    fileName: z.string().min(1).max(300),
    preset: z.string().regex(/^[a-z-]+$/),
    mapping: z.record(z.string(), z.array(z.number().int().nonnegative())).optional(),
  }),
} as const;

export type JobName = keyof typeof jobPayloads;
/** What enqueueing `N` takes: a wrong payload is a type error here and a zod error at run time. */
export type JobPayload<N extends JobName> = z.input<(typeof jobPayloads)[N]>;
export type ParsedJobPayload<N extends JobName> = z.output<(typeof jobPayloads)[N]>;

export const JobNames = {
  backfill: "sync.backfill",
  reconcile: "sync.reconcile",
  applyWebhook: "sync.apply-webhook",
  recompute: "analytics.recompute",
  flowSend: "flow.send",
  flowDaily: "flow.daily",
  incrementalAnalytics: "analytics.incremental",
  push: "pushback.push",
  shopifySegmentsSync: "segments.sync-shopify",
  campaignCodes: "campaigns.complete-codes",
  pointsApplyOrder: "points.apply-order",
  pointsDaily: "points.daily",
  pointsPushMetafields: "points.push-metafields",
  pointsRecoverRedemptions: "points.recover-redemptions",
  purgePayloads: "sync.purge-payloads",
  journeysEnrolOrder: "journeys.enrol-order",
  journeysRunDue: "journeys.run-due",
  journeysDaily: "journeys.daily",
  mailConsentUpdate: "mail.consent-update",
  lineApplyEvents: "line.apply-events",
  historyImport: "history.import",
} as const satisfies Record<string, JobName>;

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobPayloads, name);
}

export class JobPayloadError extends Error {
  override name = "JobPayloadError";
}

/** Checks a payload against its job's schema (at enqueue and again when the job runs). */
export function parseJobPayload<N extends JobName>(name: N, payload: unknown): ParsedJobPayload<N> {
  const parsed = jobPayloads[name].safeParse(payload);
  if (!parsed.success) {
    throw new JobPayloadError(`${name}: invalid payload ${JSON.stringify(payload)}: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data as ParsedJobPayload<N>;
}

/**
 * How a job retries: `maxAttempts` runs in all, the n-th retry `baseDelayMs · 2^(n-1)` later, at most
 * `maxDelayMs`. A running job whose worker died is taken over once its lease (`leaseMs`) has expired.
 * Both queue engines read this, so a job behaves the same on SQLite and PostgreSQL.
 */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  leaseMs: number;
  /**
   * At most one job of this name runs per shop (backfill, reconcile, recompute, push): a second one queued
   * meanwhile waits for it, and queueing more while one waits adds nothing (decision 018).
   */
  exclusive: boolean;
  /**
   * Jobs of different lanes run side by side in the embedded engine (pg-boss runs every job name side by
   * side anyway), so a long recompute never holds up the webhook inbox.
   */
  lane: "inbox" | "default";
}

/**
 * Leases are short and renewed by a heartbeat every `leaseMs / HEARTBEATS_PER_LEASE` while the job runs, so
 * a job of a worker that died is taken over within a lease (decision 018), however long the job itself is.
 */
export const LEASE_MS = 20_000;
export const HEARTBEATS_PER_LEASE = 4;

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 60_000,
  maxDelayMs: 60 * 60_000,
  leaseMs: LEASE_MS,
  exclusive: false,
  lane: "default",
};

const retryPolicies: Partial<Record<JobName, Partial<RetryPolicy>>> = {
  // Webhook deliveries retry quickly at first (a row locked by another write), then park after 8 attempts.
  "sync.apply-webhook": { maxAttempts: 8, baseDelayMs: 2_000, maxDelayMs: 15 * 60_000, lane: "inbox" },
  "sync.backfill": { exclusive: true },
  "sync.reconcile": { exclusive: true },
  "analytics.recompute": { maxAttempts: 3, exclusive: true },
  // one sender per shop (events go out oldest first); each event counts its own attempts (app/flow/sender.server)
  "flow.send": { exclusive: true, baseDelayMs: 30_000 },
  "flow.daily": { exclusive: true },
  // one queued and one running per shop: a burst of webhooks joins the queued run (app/analytics/incremental.server)
  "analytics.incremental": { maxAttempts: 5, baseDelayMs: 5_000, exclusive: true },
  "pushback.push": { exclusive: true },
  // one per shop; each Admin call already waits out the rate limit, a failed run retries after a minute
  "segments.sync-shopify": { exclusive: true, maxAttempts: 5 },
  "points.push-metafields": { exclusive: true },
  "campaigns.complete-codes": { maxAttempts: 10 },
  // one runner per shop at a time (a second would only contend for the same leases)
  "journeys.run-due": { exclusive: true, maxAttempts: 3, baseDelayMs: 10_000 },
  "journeys.daily": { exclusive: true },
  "journeys.enrol-order": { baseDelayMs: 5_000 },
  // Shopify must hear of an unsubscribe: retried for about a day (1 min … 1 h apart) before it parks
  "mail.consent-update": { maxAttempts: 30 },
  // one runner per shop keeps LINE's order (follow before message); the inbox lane, like Shopify webhooks
  "line.apply-events": { exclusive: true, baseDelayMs: 5_000, lane: "inbox" },
  // an import validates the whole file before it writes and removes what it wrote when it fails: shown, not retried
  "history.import": { maxAttempts: 1, exclusive: true },
};

export function retryPolicy(name: string): RetryPolicy {
  return { ...DEFAULT_RETRY, ...(isJobName(name) ? retryPolicies[name] : undefined) };
}

/** Delay before attempt `attempt + 1`, after attempt `attempt` failed. */
export function retryDelayMs(name: string, attempt: number): number {
  const policy = retryPolicy(name);
  return Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
}

/** The key a shop's exclusive job is queued and run under (one queued, one running). */
export function exclusiveKey(name: string, shopId: number): string {
  return `${name}:${shopId}`;
}
