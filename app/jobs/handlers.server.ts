import type { Db } from "../db/client.server";
import { recomputeJob } from "../analytics/job.server";
import { campaignCodesJob } from "../campaigns/campaigns.server";
import { pointsJobHandlers } from "../points/service.server";
import { pushJob } from "../pushback/push.server";
import { syncJobHandlers } from "../sync/jobs.server";
import type { JobHandler } from "./queue.server";

/**
 * Every job the worker runs, by name: one table shared by the embedded worker, `kizuna worker` and tests.
 */
export function jobHandlers(client: Db): Record<string, JobHandler> {
  return {
    ...syncJobHandlers(client),
    ...pointsJobHandlers(client),
    [recomputeJob.name]: recomputeJob.handler,
    [pushJob.name]: pushJob.handler,
    [campaignCodesJob.name]: campaignCodesJob.handler,
  };
}
