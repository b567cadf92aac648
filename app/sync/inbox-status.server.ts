import type { Db } from "../db/client.server";

/** The webhook inbox's numbers an operator watches (`kizuna status`, docs/deploy.md), over every shop. */
export interface InboxStatus {
  /** stored and not yet applied: waiting, or claimed by a worker right now */
  pending: number;
  processing: number;
  /** given up on (or refused at intake), waiting for a replay on the Sync health page */
  parked: number;
  /** how long the oldest unfinished event has waited, in seconds (0 when there is none) */
  oldestUnfinishedSeconds: number;
  /** applied in the last hour */
  appliedLastHour: number;
}

export async function inboxStatus(client: Db, now = new Date()): Promise<InboxStatus> {
  const [counts, oldest, appliedLastHour] = await Promise.all([
    client.webhookEvent.groupBy({
      by: ["status"],
      where: { status: { in: ["pending", "processing", "parked"] } },
      _count: { _all: true },
    }),
    client.webhookEvent.findFirst({
      where: { status: { in: ["pending", "processing"] } },
      orderBy: { id: "asc" },
      select: { receivedAt: true },
    }),
    client.webhookEvent.count({ where: { status: "applied", processedAt: { gte: new Date(now.getTime() - 3_600_000) } } }),
  ]);
  const of = (status: string) => counts.find((row) => row.status === status)?._count._all ?? 0;
  return {
    pending: of("pending"),
    processing: of("processing"),
    parked: of("parked"),
    oldestUnfinishedSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.receivedAt.getTime()) / 1000)) : 0,
    appliedLastHour,
  };
}
