import { hostname } from "node:os";
import type { Db } from "../db/client.server";
import { type JobName, type JobPayload, type ParsedJobPayload, parseJobPayload, retryDelayMs, retryPolicy } from "./catalog";

/**
 * Background work behind one interface. The embedded engine (this file) keeps jobs in the `Job` table and
 * runs them in-process: the default for SQLite. On PostgreSQL the pg-boss engine takes over so several
 * processes on several machines can share the work.
 */
export interface EnqueueOptions {
  shopId?: number;
  /** While a job with this key is still queued, enqueueing again does nothing (debounce / singleton). */
  singletonKey?: string;
  runAt?: Date;
  /** overrides the job's retry policy (./catalog) */
  maxAttempts?: number;
}

export interface JobContext {
  id: number | string;
  name: string;
  shopId: number | null;
  payload: unknown;
  attempt: number;
  /** the last attempt the queue will make; a handler failing on it is given up */
  maxAttempts: number;
}

export type JobHandler = (job: JobContext) => Promise<void>;

export interface JobQueue {
  /** Validates the payload against the job's schema (./catalog) and queues it. */
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options?: EnqueueOptions): Promise<void>;
  /** Starts taking jobs; resolves once the worker is running. */
  start(handlers: Record<string, JobHandler>): Promise<void>;
  /** Stops taking jobs and waits for running ones. */
  stop(): Promise<void>;
  /** Runs due jobs until none is left (tests and the CLI use this instead of waiting on a timer). */
  drain(handlers: Record<string, JobHandler>): Promise<number>;
}

const POLL_MS = 250;

export class EmbeddedJobQueue implements JobQueue {
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly workerId = `${hostname()}:${process.pid}`;

  constructor(
    private readonly client: Db,
    private readonly now: () => Date = () => new Date(),
    private readonly log: (line: string) => void = (line) => console.log(line),
  ) {}

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options: EnqueueOptions = {}): Promise<void> {
    const data = {
      name,
      payload: JSON.stringify(parseJobPayload(name, payload)),
      shopId: options.shopId ?? null,
      runAt: options.runAt ?? this.now(),
      maxAttempts: options.maxAttempts ?? retryPolicy(name).maxAttempts,
    };
    if (!options.singletonKey) {
      await this.client.job.create({ data });
      return;
    }
    // The key is released when the job starts, so a change during a run still queues one more run.
    await this.client.job.upsert({
      where: { singletonKey: options.singletonKey },
      create: { ...data, singletonKey: options.singletonKey },
      update: {},
    });
  }

  async start(handlers: Record<string, JobHandler>): Promise<void> {
    if (this.running) return;
    this.running = true;
    const lanes = new Map<string, Record<string, JobHandler>>();
    for (const [name, handler] of Object.entries(handlers)) {
      const lane = retryPolicy(name).lane;
      lanes.set(lane, { ...lanes.get(lane), [name]: handler });
    }
    this.loops = [...lanes.values()].map(async (laneHandlers) => {
      while (this.running) {
        const ran = await this.runOne(laneHandlers).catch((error) => {
          this.log(`[jobs] worker error: ${String(error)}`);
          return false;
        });
        if (!ran) await sleep(POLL_MS);
      }
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    this.loops = [];
  }

  async drain(handlers: Record<string, JobHandler>): Promise<number> {
    let count = 0;
    while (await this.runOne(handlers)) count++;
    return count;
  }

  /** Claims the next due job (or one whose lease expired because its worker died) and runs it. */
  private async runOne(handlers: Record<string, JobHandler>): Promise<boolean> {
    const now = this.now();
    const names = Object.keys(handlers);
    const candidate = await this.client.job.findFirst({
      where: {
        name: { in: names },
        OR: [
          { status: "queued", runAt: { lte: now } },
          { status: "running", lockedUntil: { lt: now } },
        ],
      },
      orderBy: [{ runAt: "asc" }, { id: "asc" }],
    });
    if (!candidate) return false;
    const claimed = await this.client.job.updateMany({
      where: { id: candidate.id, status: candidate.status, attempts: candidate.attempts },
      data: {
        status: "running",
        attempts: candidate.attempts + 1,
        lockedUntil: new Date(now.getTime() + retryPolicy(candidate.name).leaseMs),
        singletonKey: null,
        lastError: null,
      },
    });
    if (claimed.count !== 1) return true; // another worker took it; look again
    const attempt = candidate.attempts + 1;
    const handler = handlers[candidate.name];
    try {
      await handler({
        id: candidate.id,
        name: candidate.name,
        shopId: candidate.shopId,
        payload: JSON.parse(candidate.payload),
        attempt,
        maxAttempts: candidate.maxAttempts,
      });
      // Conditional on this claim: the row may be gone (its shop erased) or re-claimed after a lost lease.
      await this.client.job.updateMany({
        where: { id: candidate.id, attempts: attempt },
        data: { status: "done", lockedUntil: null },
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = attempt >= candidate.maxAttempts;
      this.log(`[jobs] ${candidate.name} #${candidate.id} attempt ${attempt} failed: ${message}`);
      await this.client.job.updateMany({
        where: { id: candidate.id, attempts: attempt },
        data: {
          status: giveUp ? "failed" : "queued",
          lastError: `${message} (by ${this.workerId})`,
          lockedUntil: null,
          runAt: new Date(this.now().getTime() + retryDelayMs(candidate.name, attempt)),
        },
      });
    }
    return true;
  }
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A queue handler for job `name`: the payload is checked against the job's schema before `run` sees it,
 * and `onGiveUp` runs when the last attempt fails (both engines decide "last" the same way: attempt ≥
 * maxAttempts), before the failure goes back to the queue.
 */
export function jobHandler<N extends JobName>(
  name: N,
  run: (payload: ParsedJobPayload<N>, job: JobContext) => Promise<void>,
  onGiveUp?: (payload: ParsedJobPayload<N>, error: unknown, job: JobContext) => Promise<void>,
): JobHandler {
  return async (job) => {
    const payload = parseJobPayload(name, job.payload);
    try {
      await run(payload, job);
    } catch (error) {
      if (onGiveUp && job.attempt >= job.maxAttempts) await onGiveUp(payload, error, job);
      throw error;
    }
  };
}
