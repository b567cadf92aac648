import { type Db, dialectOf } from "../db/client.server";

/** Background jobs by state, over every queue (`kizuna status`): the embedded engine's or pg-boss's table. */
export interface QueueStatus {
  queued: number;
  running: number;
  /** failed for good (attempts used up) in the last 24 hours */
  failedLastDay: number;
  /** the names of those jobs, most failures first */
  failedByName: Record<string, number>;
}

export async function queueStatus(client: Db, now = new Date()): Promise<QueueStatus> {
  const since = new Date(now.getTime() - 86_400_000);
  if (dialectOf(client) === "postgresql") {
    const rows = await client.$queryRawUnsafe<Array<{ name: string; state: string; jobs: number }>>(
      `SELECT name, state::text AS state, count(*)::int AS jobs FROM pgboss.job
       WHERE state IN ('created', 'retry', 'active') OR (state = 'failed' AND completed_on >= $1)
       GROUP BY 1, 2`,
      since,
    );
    return summarise(rows.map((row) => ({ name: row.name, status: pgBossStatus(row.state), jobs: row.jobs })));
  }
  const rows = await client.job.groupBy({
    by: ["name", "status"],
    where: { OR: [{ status: { in: ["queued", "running"] } }, { status: "failed", updatedAt: { gte: since } }] },
    _count: { _all: true },
  });
  return summarise(rows.map((row) => ({ name: row.name, status: row.status, jobs: row._count._all })));
}

function pgBossStatus(state: string): string {
  if (state === "active") return "running";
  if (state === "failed") return "failed";
  return "queued";
}

function summarise(rows: Array<{ name: string; status: string; jobs: number }>): QueueStatus {
  const status: QueueStatus = { queued: 0, running: 0, failedLastDay: 0, failedByName: {} };
  for (const row of rows) {
    if (row.status === "queued") status.queued += row.jobs;
    if (row.status === "running") status.running += row.jobs;
    if (row.status === "failed") {
      status.failedLastDay += row.jobs;
      status.failedByName[row.name] = (status.failedByName[row.name] ?? 0) + row.jobs;
    }
  }
  status.failedByName = Object.fromEntries(Object.entries(status.failedByName).sort((a, b) => b[1] - a[1]));
  return status;
}
