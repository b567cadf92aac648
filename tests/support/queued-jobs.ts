import { db, dialectOf } from "../../app/db/client.server";

export interface QueuedJob {
  shopId: number | null;
  payload: unknown;
}

/**
 * The jobs queued under `name`, in whichever engine the test database runs: the embedded queue's Job table on
 * SQLite, pg-boss's own table on PostgreSQL. Tests that check "this action queued one job" read them here.
 */
export async function queuedJobsNamed(name: string): Promise<QueuedJob[]> {
  if (dialectOf(db()) === "sqlite") {
    const rows = await db().job.findMany({ where: { name }, orderBy: { id: "asc" } });
    return rows.map((row) => ({ shopId: row.shopId, payload: JSON.parse(row.payload) }));
  }
  const rows = await db().$queryRaw<{ data: unknown }[]>`
    SELECT data FROM pgboss.job WHERE name = ${name} ORDER BY created_on`;
  return rows.map((row) => {
    const payload = typeof row.data === "string" ? JSON.parse(row.data) : row.data;
    const shopId = (payload as { shopId?: unknown } | null)?.shopId;
    return { shopId: typeof shopId === "number" ? shopId : null, payload };
  });
}
