import { randomUUID } from "node:crypto";
import PgBoss from "pg-boss";
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
    this.boss = new PgBoss({ connectionString, schema: "pgboss", max: 4 });
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

  async enqueue(name: string, payload: unknown, options: EnqueueOptions = {}): Promise<void> {
    const queue = await this.queue(name);
    const attempts = options.maxAttempts ?? 5;
    const envelope: Envelope = { shopId: options.shopId ?? null, payload: payload ?? {} };
    await this.boss.send(queue, envelope as object, {
      singletonKey: options.singletonKey ?? randomUUID(),
      startAfter: options.runAt ?? new Date(),
      retryLimit: attempts - 1,
      retryDelay: 60,
      retryBackoff: true,
      expireInMinutes: 30,
    });
  }

  async start(handlers: Record<string, JobHandler>): Promise<void> {
    for (const [name, handler] of Object.entries(handlers)) {
      const queue = await this.queue(name);
      const id = await this.boss.work<Envelope>(
        queue,
        { includeMetadata: true, pollingIntervalSeconds: 0.5, batchSize: 1 },
        async (jobs) => {
          for (const job of jobs) await handler(context(name, job));
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
  };
}
