import { randomUUID } from "node:crypto";
import PgBoss from "pg-boss";
import { type JobName, type JobPayload, parseJobPayload, retryPolicy } from "./catalog";
import type { EnqueueOptions, JobContext, JobHandler, JobQueue } from "./queue.server";

/**
 * The job queue on PostgreSQL: pg-boss, so several app and worker processes on several machines share the
 * work with PostgreSQL's own locking (SKIP LOCKED), never ours. Queues use the "short" policy: at most one
 * queued job per singleton key, the same debounce the embedded engine gives. Jobs without a key get a
 * unique one so they never collapse into each other.
 */
interface Envelope {
  shopId: number | null;
  payload: unknown;
}

export class PgBossJobQueue implements JobQueue {
  private readonly boss: PgBoss;
  private started: Promise<void> | null = null;
  private readonly queues = new Set<string>();
  private workers: string[] = [];

  constructor(
    connectionString: string,
    private readonly log: (line: string) => void = (line) => console.log(line),
  ) {
    // Maintenance (which retries jobs whose lease expired with their worker) every 30 s instead of 120 s.
    this.boss = new PgBoss({ connectionString, schema: "pgboss", max: 4, maintenanceIntervalSeconds: 30 });
    this.boss.on("error", (error) => this.log(`[pg-boss] ${String(error)}`));
  }

  private async ready(): Promise<void> {
    this.started ??= this.boss.start().then(() => undefined);
    await this.started;
  }

  private async queue(name: string): Promise<string> {
    await this.ready();
    if (!this.queues.has(name)) {
      const existing = await this.boss.getQueue(name);
      if (!existing) await this.boss.createQueue(name, { name, policy: "short" });
      this.queues.add(name);
    }
    return name;
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options: EnqueueOptions = {}): Promise<void> {
    const envelope: Envelope = { shopId: options.shopId ?? null, payload: parseJobPayload(name, payload) };
    const queue = await this.queue(name);
    const policy = retryPolicy(name);
    const attempts = options.maxAttempts ?? policy.maxAttempts;
    await this.boss.send(queue, envelope as object, {
      singletonKey: options.singletonKey ?? randomUUID(),
      startAfter: options.runAt ?? new Date(),
      retryLimit: attempts - 1,
      // pg-boss doubles this on each retry, as the embedded engine does (./catalog has the policy)
      retryDelay: Math.max(1, Math.round(policy.baseDelayMs / 1000)),
      retryBackoff: true,
      expireInSeconds: Math.round(policy.leaseMs / 1000),
    });
  }

  async start(handlers: Record<string, JobHandler>): Promise<void> {
    for (const [name, handler] of Object.entries(handlers)) {
      const queue = await this.queue(name);
      // pg-boss waits a polling interval after every fetch, found or not: small jobs (one webhook each) are
      // fetched many at a time, or the inbox would apply two a second.
      const batchSize = retryPolicy(name).lane === "inbox" ? 50 : 1;
      const id = await this.boss.work<Envelope>(
        queue,
        { includeMetadata: true, pollingIntervalSeconds: 0.5, batchSize },
        async (jobs) => {
          if (jobs.length === 1) {
            await handler(context(name, jobs[0]));
            return;
          }
          // One job's failure is its own: it is failed (and retried) alone; pg-boss completes the others.
          for (const job of jobs) {
            try {
              await handler(context(name, job));
            } catch (error) {
              await this.boss.fail(queue, job.id, { message: error instanceof Error ? error.message : String(error) });
            }
          }
        },
      );
      this.workers.push(id);
    }
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    await this.boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    this.started = null;
    this.queues.clear();
    this.workers = [];
  }

  async drain(handlers: Record<string, JobHandler>): Promise<number> {
    let count = 0;
    for (;;) {
      let ran = false;
      for (const [name, handler] of Object.entries(handlers)) {
        const queue = await this.queue(name);
        const [job] = await this.boss.fetch<Envelope>(queue, { includeMetadata: true, batchSize: 1 });
        if (!job) continue;
        ran = true;
        count++;
        try {
          await handler(context(name, job));
          await this.boss.complete(queue, job.id);
        } catch (error) {
          await this.boss.fail(queue, job.id, { message: error instanceof Error ? error.message : String(error) });
        }
      }
      if (!ran) return count;
    }
  }
}

function context(name: string, job: PgBoss.JobWithMetadata<Envelope>): JobContext {
  return {
    id: job.id,
    name,
    shopId: job.data.shopId,
    payload: job.data.payload,
    attempt: job.retryCount + 1,
    maxAttempts: job.retryLimit + 1,
  };
}
