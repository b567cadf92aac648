import type { JobHandler } from "./queue.server";

/**
 * Every job the worker runs, by name. Modules register their handlers here so the embedded worker,
 * `kizuna worker` and the tests share one table.
 */
export const jobHandlers: Record<string, JobHandler> = {};
