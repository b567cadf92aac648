/** Every kind of background job, by name. Payloads are validated by each handler. */
export const JobNames = {
  backfill: "sync.backfill",
  applyWebhooks: "sync.apply-webhooks",
  reconcile: "sync.reconcile",
  recompute: "analytics.recompute",
  push: "pushback.push",
} as const;

export type JobName = (typeof JobNames)[keyof typeof JobNames];
