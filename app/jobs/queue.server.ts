import { hostname } from "node:os";
import type { Db } from "../db/client.server";

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
  maxAttempts?: number;
}

export interface JobContext {
  id: number | string;
  name: string;
  shopId: number | null;
  payload: unknown;
  attempt: number;
}

export type JobHandler = (job: JobContext) => Promise<void>;

export interface JobQueue {
  enqueue(name: string, payload: unknown, options?: EnqueueOptions): Promise<void>;
  /** Starts taking jobs; resolves once the worker is running. */
  start(handlers: Record<string, JobHandler>): Promise<void>;
  /** Stops taking jobs and waits for running ones. */
  stop(): Promise<void>;
  /** Runs due jobs until none is left (tests and the CLI use this instead of waiting on a timer). */
  drain(handlers: Record<string, JobHandler>): Promise<number>;
}

const LEASE_MS = 5 * 60_000;
const POLL_MS = 250;

export function retryDelayMs(attempt: number): number {
  return Math.min(60_000 * 2 ** (attempt - 1), 60 * 60_000);
}

export class EmbeddedJobQueue implements JobQueue {
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly workerId = `${hostname()}:${process.pid}`;

  constructor(
    private readonly client: Db,
    private readonly now: () => Date = () => new Date(),
    private readonly log: (line: string) => void = (line) => console.log(line),
  ) {}

  async enqueue(name: string, payload: unknown, options: EnqueueOptions = {}): Promise<void> {
    const data = {
      name,
      payload: JSON.stringify(payload ?? {}),
      shopId: options.shopId ?? null,
      runAt: options.runAt ?? this.now(),
      maxAttempts: options.maxAttempts ?? 5,
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
    this.loop = (async () => {
      while (this.running) {
        const ran = await this.runOne(handlers).catch((error) => {
          this.log(`[jobs] worker error: ${String(error)}`);
          return false;
        });
        if (!ran) await sleep(POLL_MS);
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    this.loop = null;
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
        lockedUntil: new Date(now.getTime() + LEASE_MS),
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
      });
      await this.client.job.update({ where: { id: candidate.id }, data: { status: "done", lockedUntil: null } });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = attempt >= candidate.maxAttempts;
      this.log(`[jobs] ${candidate.name} #${candidate.id} attempt ${attempt} failed: ${message}`);
      await this.client.job.update({
        where: { id: candidate.id },
        data: {
          status: giveUp ? "failed" : "queued",
          lastError: `${message} (by ${this.workerId})`,
          lockedUntil: null,
          runAt: new Date(this.now().getTime() + retryDelayMs(attempt)),
        },
      });
    }
    return true;
  }
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
