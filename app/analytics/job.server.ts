/**
 * The background job around recomputeShopAnalytics. The sync worker marks Shop.dataChangedAt when
 * customers or orders change and calls queueRecompute (or sweeps shopsNeedingRecompute); the singleton key
 * debounces a burst of webhooks into one run a little later.
 */
import { z } from "zod";
import { db } from "../db/client.server";
import { shopsNeedingRecompute } from "../db/analytics.server";
import { JobNames } from "../jobs/names";
import type { JobHandler, JobQueue } from "../jobs/queue.server";
import { runDailyPointsMaintenance } from "../points/service.server";
import { recomputeShopAnalytics } from "./recompute.server";

export { shopsNeedingRecompute };

const payloadSchema = z.object({ shopId: z.number().int().positive() });

export const recomputeJob: { name: typeof JobNames.recompute; handler: JobHandler } = {
  name: JobNames.recompute,
  handler: async (job) => {
    const parsed = payloadSchema.safeParse(job.payload);
    if (!parsed.success)
      throw new Error(`analytics.recompute needs a payload {"shopId": number}, got ${JSON.stringify(job.payload)}`);
    const client = db();
    const shop = await client.shop.findUnique({
      where: { id: parsed.data.shopId },
      select: { id: true, domain: true, installState: true },
    });
    if (shop?.installState !== "installed") return; // uninstalled or gone since it was queued: nothing to do
    const ref = { id: shop.id, domain: shop.domain };
    const now = new Date();
    await recomputeShopAnalytics(client, ref, { now });
    // Member tiers follow the same data (rolling 12-month spend); a no-op when the points program is off.
    await runDailyPointsMaintenance(client, ref, now);
    // New segments and scores go out to Shopify as tags and metafields (only what changed).
    const { jobQueue } = await import("../jobs/index.server");
    await jobQueue().enqueue(JobNames.push, { shopId: shop.id }, { shopId: shop.id, singletonKey: `push:${shop.id}` });
  },
};

/** Queues a recompute `delayMs` from now unless one is already queued for the shop (debounce). */
export async function queueRecompute(queue: JobQueue, shopId: number, delayMs = 30_000, now = new Date()): Promise<void> {
  await queue.enqueue(
    JobNames.recompute,
    { shopId },
    { shopId, singletonKey: `recompute:${shopId}`, runAt: new Date(now.getTime() + delayMs), maxAttempts: 3 },
  );
}
