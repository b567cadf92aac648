import { db } from "../db/client.server";
import { readiness } from "../jobs/health.server";

/** Readiness: the database (and the job queue where this process runs jobs) answers; 503 while shutting down. */
export async function loader() {
  const result = await readiness(db());
  return Response.json(result, { status: result.ready ? 200 : 503, headers: { "cache-control": "no-store" } });
}
