import { db } from "../db/client.server";
import { EmbeddedJobQueue, type JobQueue } from "./queue.server";

let queue: JobQueue | undefined;

/** The process's job queue. */
export function jobQueue(): JobQueue {
  queue ??= new EmbeddedJobQueue(db());
  return queue;
}
