import { randomUUID } from "node:crypto";
import pg from "pg";
import PgBoss from "pg-boss";
import {
  exclusiveKey,
  HEARTBEATS_PER_LEASE,
  type JobName,
  type JobPayload,
  LEASE_MS,
  parseJobPayload,
  retryPolicy,
} from "./catalog";
import { type EnqueueOptions, type JobContext, type JobHandler, type JobQueue, STOP_GRACE_MS } from "./queue.server";

/**
 * The job queue on PostgreSQL: pg-boss, so several app and worker processes on several machines share the
 * work with PostgreSQL's own locking (SKIP LOCKED), never ours. Queues use the "short" policy: at most one
 * queued job per singleton key, the same debounce the embedded engine gives. Jobs without a key get a
 * unique one so they never collapse into each other. A shop's exclusive job (./catalog) is queued under
 * its shop key in a "stately" queue: one queued and one running per shop, enforced by pg-boss's unique index.
 *
 * pg-boss 10 has no heartbeat: while a job runs its lease (`expire_in`) is renewed here, and a worker
 * takes over jobs whose lease ran out at once instead of waiting for pg-boss's maintenance and retry delay
 * (decision 018). Both touch pg-boss's job table directly (`pgboss.job`); pg-boss is pinned to 10.x.
 */
interface Envelope {
  shopId: number | null;
  payload: unknown;
}

export interface PgBossQueueOptions {
  /** connections this queue's pool may open (KIZUNA_QUEUE_POOL_MAX) */
  poolMax?: number;
}

const SCHEMA = "pgboss";

export class PgBossJobQueue implements JobQueue {
  private readonly pool: pg.Pool;
  private readonly boss: PgBoss;
  private started: Promise<void> | null = null;
  private readonly queues = new Set<string>();
  private workerNames: string[] = [];
  /** jobs this process is running: id → queue name */
  private readonly inFlight = new Map<string, string>();
  private ticker: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    connectionString: string,
    private readonly log: (line: string) => void = (line) => console.log(line),
    options: PgBossQueueOptions = {},
  ) {
    this.pool = new pg.Pool({ connectionString, max: options.poolMax ?? 4 });
    this.pool.on("error", (error) => this.log(`[pg-boss] ${String(error)}`));
    const pool = this.pool;
    // Maintenance (archiving, and expiry of jobs no running worker renews) every 30 s.
    this.boss = new PgBoss({
      db: { executeSql: (text: string, values?: unknown[]) => pool.query(text, values) },
      schema: SCHEMA,
      maintenanceIntervalSeconds: 30,
    });
    this.boss.on("error", (error) => this.log(`[pg-boss] ${String(error)}`));
  }

  private async ready(): Promise<void> {
    if (this.stopped) throw new Error("the job queue is stopped");
    this.started ??= this.boss.start().then(() => undefined);
    await this.started;
  }

  private async queue(name: string): Promise<string> {
    await this.ready();
    if (!this.queues.has(name)) {
      const policy: PgBoss.QueuePolicy = retryPolicy(name).exclusive ? "stately" : "short";
      const existing = await this.createQueueOnce(name, policy);
      if (existing && existing.policy !== policy)
        await this.pool.query(`UPDATE ${SCHEMA}.queue SET policy = $2 WHERE name = $1`, [name, policy]);
      this.queues.add(name);
    }
    return name;
  }

  /**
   * The queue as stored, created first if missing. Workers started together on a fresh database create the
   * same queues at once, and pg-boss's createQueue (a partition per queue) can then deadlock or collide with
   * the other's; the loser reads the winner's queue instead of crashing at start-up (decision 023).
   */
  private async createQueueOnce(name: string, policy: PgBoss.QueuePolicy): Promise<{ policy?: string | null } | null> {
    for (let attempt = 1; ; attempt++) {
      const existing = await this.boss.getQueue(name);
      if (existing) return existing;
      try {
        await this.boss.createQueue(name, { name, policy });
        return null;
      } catch (error) {
        const code = (error as { code?: string }).code;
        // 40P01 deadlock, 23505 unique violation, 42P07 the partition exists: another process was creating it
        if (attempt >= 5 || !["40P01", "23505", "42P07"].includes(code ?? "")) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options: EnqueueOptions = {}): Promise<void> {
    const parsed = parseJobPayload(name, payload) as { shopId?: number };
    const envelope: Envelope = { shopId: options.shopId ?? null, payload: parsed };
    const queue = await this.queue(name);
    const policy = retryPolicy(name);
    const attempts = options.maxAttempts ?? policy.maxAttempts;
    // The stately queue's unique index is per key: a shop's exclusive job always uses its shop key.
    const singletonKey =
      policy.exclusive && parsed.shopId ? exclusiveKey(name, parsed.shopId) : (options.singletonKey ?? randomUUID());
    await this.boss.send(queue, envelope as object, {
      singletonKey,
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
      await this.boss.work<Envelope>(queue, { includeMetadata: true, pollingIntervalSeconds: 0.5, batchSize }, async (jobs) => {
        for (const job of jobs) this.inFlight.set(job.id, queue);
        try {
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
            } finally {
              this.inFlight.delete(job.id);
            }
          }
        } finally {
          for (const job of jobs) this.inFlight.delete(job.id);
        }
      });
      this.workerNames.push(queue);
    }
    this.ticker ??= setInterval(() => {
      this.tick([...this.queues]).catch((error) => this.log(`[pg-boss] heartbeat: ${String(error)}`));
    }, LEASE_MS / HEARTBEATS_PER_LEASE);
  }

  /** Renews the leases of the jobs running here, and puts jobs whose lease ran out back in line at once. */
  private async tick(names: string[]): Promise<void> {
    const ids = [...this.inFlight.keys()];
    if (ids.length > 0) {
      await this.pool.query(
        `UPDATE ${SCHEMA}.job SET expire_in = (now() - started_on) + make_interval(secs => $2)
         WHERE id = ANY($1::uuid[]) AND state = 'active'`,
        [ids, LEASE_MS / 1000],
      );
    }
    // A job on its last attempt is left to pg-boss's maintenance, which fails it.
    await this.pool.query(
      `UPDATE ${SCHEMA}.job SET state = 'retry', start_after = now()
       WHERE id IN (SELECT id FROM ${SCHEMA}.job
                    WHERE name = ANY($1::text[]) AND state = 'active' AND started_on + expire_in < now()
                      AND retry_count < retry_limit
                    FOR UPDATE SKIP LOCKED)`,
      [names],
    );
  }

  async stop(options: { graceMs?: number } = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (!this.started) {
      await this.pool.end().catch(() => undefined);
      return;
    }
    // No new fetches from here on.
    await Promise.all(this.workerNames.map((name) => this.boss.offWork(name)));
    const deadline = Date.now() + (options.graceMs ?? STOP_GRACE_MS);
    while (this.inFlight.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    const left = [...this.inFlight.keys()];
    this.inFlight.clear();
    // pg-boss fails what its workers still hold (a retry after the backoff, or failed on a last attempt) ...
    await this.boss.stop({ graceful: false, wait: true, close: false });
    if (left.length > 0) {
      // ... which is handed back here instead: due at once, the attempt not counted (started_on cleared).
      await this.pool
        .query(
          `UPDATE ${SCHEMA}.job SET state = 'retry', started_on = NULL, start_after = now(), completed_on = NULL
           WHERE id = ANY($1::uuid[]) AND state IN ('active', 'retry', 'failed')`,
          [left],
        )
        .catch((error) => this.log(`[pg-boss] releasing ${left.length} jobs: ${String(error)}`));
      this.log(`[jobs] released ${left.length} running jobs at shutdown`);
    }
    await this.pool.end();
    this.started = null;
    this.queues.clear();
    this.workerNames = [];
  }

  /** Answers when the queue's database does (for /readyz). */
  async ping(): Promise<void> {
    await this.pool.query("SELECT 1");
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
