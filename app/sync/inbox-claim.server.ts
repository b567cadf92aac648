import { type Db, dialectOf } from "../db/client.server";

/**
 * Claims on the webhook inbox (decision 023). A worker claims a batch of due events in one statement: the
 * events turn `processing`, their `attempts` go up by one (the claim's fencing token) and `nextAttemptAt`
 * becomes the end of the claim's lease. PostgreSQL skips rows another worker is claiming at that moment
 * (`FOR UPDATE SKIP LOCKED`); on SQLite, one writer at a time, the conditional update is the claim. A worker
 * that dies leaves its claim to expire: after INBOX_LEASE_MS any worker claims the events again.
 *
 * Per-resource order: only the oldest unfinished event of a resource (an order with its refunds, a customer)
 * is ever claimed, so a later event of an order waits until the earlier one is applied (or parked).
 */
export const INBOX_LEASE_MS = 5_000;
/** how far past the oldest unfinished events a claim looks for the first event of each resource */
const WINDOW = 2_000;

export interface InboxClaim {
  id: number;
  shopId: number;
  /** the attempt this claim is: the claim holds while the row still has this number */
  attempts: number;
}

export async function claimInboxBatch(
  client: Db,
  options: { now: Date; limit: number; leaseMs?: number; shopId?: number },
): Promise<InboxClaim[]> {
  const { now, limit } = options;
  // Every unfinished event (due or not) in id order: the first of each resource in this window is the
  // resource's oldest unfinished event, since any older one would sort before it.
  const window = await client.webhookEvent.findMany({
    where: { status: { in: ["pending", "processing"] }, ...(options.shopId ? { shopId: options.shopId } : {}) },
    select: { id: true, shopId: true, resourceId: true, nextAttemptAt: true },
    orderBy: { id: "asc" },
    take: WINDOW,
  });
  const firstOfResource = new Set<string>();
  const candidates: number[] = [];
  for (const event of window) {
    const key = event.resourceId === null ? null : `${event.shopId}:${event.resourceId}`;
    const first = key === null || !firstOfResource.has(key);
    if (key !== null) firstOfResource.add(key);
    if (first && event.nextAttemptAt <= now) candidates.push(event.id);
    if (candidates.length >= limit) break;
  }
  if (candidates.length === 0) return [];
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? INBOX_LEASE_MS));
  if (dialectOf(client) === "postgresql") {
    const claimed = await client.$queryRawUnsafe<InboxClaim[]>(
      `UPDATE "WebhookEvent" SET status = 'processing', attempts = attempts + 1, "nextAttemptAt" = $1
       WHERE id IN (SELECT id FROM "WebhookEvent"
                    WHERE id = ANY($2::int[]) AND status IN ('pending', 'processing') AND "nextAttemptAt" <= $3
                    ORDER BY id FOR UPDATE SKIP LOCKED)
       RETURNING id, "shopId", attempts`,
      leaseUntil,
      candidates,
      now,
    );
    return claimed.sort((a, b) => a.id - b.id);
  }
  const rows = await client.$queryRawUnsafe<Array<{ id: number | bigint; shopId: number | bigint; attempts: number | bigint }>>(
    `UPDATE "WebhookEvent" SET status = 'processing', attempts = attempts + 1, "nextAttemptAt" = ?
     WHERE id IN (${candidates.map(() => "?").join(", ")}) AND status IN ('pending', 'processing') AND "nextAttemptAt" <= ?
     RETURNING id, "shopId", attempts`,
    leaseUntil.getTime(),
    ...candidates,
    now.getTime(),
  );
  return rows
    .map((row) => ({ id: Number(row.id), shopId: Number(row.shopId), attempts: Number(row.attempts) }))
    .sort((a, b) => a.id - b.id);
}

/**
 * Re-takes the claims inside the batch's transaction and returns the ids still held (a claim whose lease ran
 * out may have been claimed again by another worker, which raised `attempts`). The update locks the rows
 * (PostgreSQL) or takes the write lock (SQLite) until the batch commits, so no other worker claims them meanwhile.
 */
export async function retakeClaims(tx: Db, claims: InboxClaim[], leaseUntil: Date): Promise<Set<number>> {
  if (claims.length === 0) return new Set();
  const postgres = dialectOf(tx) === "postgresql";
  const params: unknown[] = [postgres ? leaseUntil : leaseUntil.getTime()];
  const held = claims
    .map((claim) => {
      params.push(claim.id, claim.attempts);
      return postgres ? `(id = $${params.length - 1} AND attempts = $${params.length})` : "(id = ? AND attempts = ?)";
    })
    .join(" OR ");
  const rows = await tx.$queryRawUnsafe<Array<{ id: number | bigint }>>(
    `UPDATE "WebhookEvent" SET "nextAttemptAt" = ${postgres ? "$1" : "?"} WHERE status = 'processing' AND (${held}) RETURNING id`,
    ...params,
  );
  return new Set(rows.map((row) => Number(row.id)));
}
