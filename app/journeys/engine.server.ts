import type { Db } from "../db/client.server";
import type { ShopRef } from "../db/shops.server";
import { JobNames } from "../jobs/catalog";
import type { JobQueue } from "../jobs/queue.server";
import type { AdminClient } from "../shopify/admin-client.server";
import type { MessageChannel } from "./channel";
import { runJourneysDaily } from "./daily.server";
import { emailChannelFromEnv } from "./email-channel.server";
import { enrolFromOrder } from "./enrol.server";
import { createLineJourneyChannel } from "./line-channel.server";
import { type RunOutcome, runDueSteps } from "./runner.server";

/**
 * The journey engine's entry points (decision 020): enrolment from orders, the daily scan for date-based
 * triggers, and the step runner. The job registry calls these; tests call them with their own `now`.
 */
export {
  activateJourney,
  createJourneyFromTemplate,
  enrolFromOrder,
  journeysAfterOrderEvent,
  pauseJourney,
} from "./enrol.server";
export { runJourneysDaily } from "./daily.server";
export { runDueSteps } from "./runner.server";

let processChannel: { channel: MessageChannel; close(): void } | null = null;

/** The process's email channel (SMTP_URL, MAIL_FROM; not configured when unset), made once. */
export function defaultJourneyChannel(): MessageChannel {
  processChannel ??= emailChannelFromEnv(process.env, process.env.SHOPIFY_API_SECRET ?? "");
  return processChannel.channel;
}

/** Batches one run-due job works through before it hands over (queueing the next run at once). */
export const RUN_DUE_MAX_BATCHES = 50;

export interface JourneyJobDeps {
  queue: JobQueue;
  channel?: MessageChannel;
  /** the LINE channel (default: the shop's stored LINE credentials, LINE_API_BASE) */
  line?: MessageChannel;
  admin: () => Promise<AdminClient>;
  log?: (line: string) => void;
}

/** journeys.run-due: runs what is due; when it stopped with more still due, queues the next run now. */
export async function runDueJob(client: Db, shop: ShopRef, now: Date, deps: JourneyJobDeps): Promise<RunOutcome> {
  const outcome = await runDueSteps(client, shop, now, {
    channel: deps.channel ?? defaultJourneyChannel(),
    line: deps.line ?? createLineJourneyChannel({ client }),
    admin: deps.admin,
    queue: deps.queue,
    log: deps.log,
    maxBatches: RUN_DUE_MAX_BATCHES,
  });
  if (outcome.claimed >= RUN_DUE_MAX_BATCHES * 200) await queueRunDue(deps.queue, shop);
  return outcome;
}

export async function queueRunDue(queue: JobQueue, shop: ShopRef, runAt?: Date): Promise<void> {
  await queue.enqueue(
    JobNames.journeysRunDue,
    { shopId: shop.id },
    { shopId: shop.id, singletonKey: `${JobNames.journeysRunDue}:${shop.id}`, ...(runAt ? { runAt } : {}) },
  );
}

/** journeys.enrol-order: then runs the shop's due steps soon, so a day-0 step does not wait for the scheduler. */
export async function enrolOrderJob(client: Db, shop: ShopRef, orderId: bigint, now: Date, queue: JobQueue): Promise<void> {
  const outcome = await enrolFromOrder(client, shop, orderId, now);
  if (outcome.enrolled > 0) await queueRunDue(queue, shop);
}

export async function dailyJob(client: Db, shop: ShopRef, now: Date, queue: JobQueue): Promise<void> {
  const outcome = await runJourneysDaily(client, shop, now);
  if (outcome.enrolled > 0) await queueRunDue(queue, shop);
}
