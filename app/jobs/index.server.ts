import { config } from "../config.server";
import { db } from "../db/client.server";
import { PgBossJobQueue } from "./pg-boss-queue.server";
import { EmbeddedJobQueue, type JobQueue } from "./queue.server";

let queue: JobQueue | undefined;

/** The process's job queue: the embedded engine on SQLite, pg-boss on PostgreSQL. */
export function jobQueue(): JobQueue {
  const settings = config();
  queue ??= settings.databaseProvider === "postgresql" ? new PgBossJobQueue(settings.databaseUrl) : new EmbeddedJobQueue(db());
  return queue;
}
