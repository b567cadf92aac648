import { config } from "../config.server";
import { db } from "../db/client.server";
import { PgBossJobQueue } from "./pg-boss-queue.server";
import { EmbeddedJobQueue, type JobQueue } from "./queue.server";

// For routes: the job names through a server-only module, so the catalogue's zod schemas stay out of the browser.
export { JobNames } from "./catalog";

let queue: JobQueue | undefined;

/** The process's job queue: the embedded engine on SQLite, pg-boss on PostgreSQL. */
export function jobQueue(): JobQueue {
  const settings = config();
  queue ??=
    settings.databaseProvider === "postgresql"
      ? new PgBossJobQueue(settings.databaseUrl, undefined, { poolMax: poolSize(process.env.KIZUNA_QUEUE_POOL_MAX, 4) })
      : new EmbeddedJobQueue(db());
  return queue;
}

/** A pool size from the environment (the README has the sizing), or the default. */
export function poolSize(value: string | undefined, fallback: number): number {
  const size = Number(value);
  return Number.isInteger(size) && size > 0 ? size : fallback;
}
