import { hostname } from "node:os";
import type { Db } from "../db/client.server";
import {
  exclusiveKey,
  HEARTBEATS_PER_LEASE,
  type JobName,
  type JobPayload,
  type ParsedJobPayload,
  parseJobPayload,
  retryDelayMs,
  retryPolicy,
} from "./catalog";

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
  /**
   * Stops taking jobs at once and waits for running ones up to `graceMs`; what is still running then is
   * released (queued again without counting the attempt) for another worker.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
  /** Runs due jobs until none is left (tests and the CLI use this instead of waiting on a timer). */
  drain(handlers: Record<string, JobHandler>): Promise<number>;
}

const POLL_MS = 250;
/** How long `stop()` lets running jobs finish before releasing them: well inside a 30 s deploy grace period. */
export const STOP_GRACE_MS = 7_000;
/** the running-key prefix: the Job table's unique singletonKey holds a shop's exclusive job while it runs */
const RUNNING = "running:";

export class EmbeddedJobQueue implements JobQueue {
  private running = false;
  private loops: Promise<void>[] = [];
  /** wakes the lanes' idle waits at stop() */
  private readonly wakers = new Set<() => void>();
  /** jobs this worker is running: id → attempt */
  private readonly inFlight = new Map<number, number>();
  private readonly workerId = `${hostname()}:${process.pid}`;

  constructor(
    private readonly client: Db,
    private readonly now: () => Date = () => new Date(),
    private readonly log: (line: string) => void = (line) => console.log(line),
  ) {}

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options: EnqueueOptions = {}): Promise<void> {
    const parsed = parseJobPayload(name, payload) as { shopId?: number };
    // A shop's exclusive job is always deduplicated: one queued per shop (and one running, see runOne).
    const singletonKey =
      options.singletonKey ?? (retryPolicy(name).exclusive && parsed.shopId ? exclusiveKey(name, parsed.shopId) : undefined);
    const data = {
      name,
      payload: JSON.stringify(parsed),
      shopId: options.shopId ?? null,
      runAt: options.runAt ?? this.now(),
      maxAttempts: options.maxAttempts ?? retryPolicy(name).maxAttempts,
    };
    if (!singletonKey) {
      await this.client.job.create({ data });
      return;
    }
    // The key is released when the job starts, so a change during a run still queues one more run.
    await this.client.job.upsert({
      where: { singletonKey },
      create: { ...data, singletonKey },
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
        if (!ran && this.running) await this.idle();
      }
    });
  }

  async stop(options: { graceMs?: number } = {}): Promise<void> {
    this.running = false;
    for (const wake of this.wakers) wake();
    const finished = Promise.all(this.loops);
    const grace = new Promise<"timeout">((resolve) =>
      setTimeout(() => resolve("timeout"), options.graceMs ?? STOP_GRACE_MS).unref(),
    );
    if ((await Promise.race([finished, grace])) === "timeout") {
      // Still running: hand the jobs back (the attempt does not count) so another worker takes them now.
      for (const [id, attempt] of this.inFlight) {
        await this.client.job.updateMany({
          where: { id, attempts: attempt, status: "running" },
          data: { status: "queued", attempts: attempt - 1, lockedUntil: null, singletonKey: null, runAt: this.now() },
        });
        this.log(`[jobs] released job #${id} at shutdown`);
      }
      this.inFlight.clear();
    }
    this.loops = [];
  }

  private idle(): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, POLL_MS);
      this.wakers.add(wake);
    });
  }

  async drain(handlers: Record<string, JobHandler>): Promise<number> {
    let count = 0;
    while (await this.runOne(handlers)) count++;
    return count;
  }

  /**
   * Claims the next due job (or one whose lease expired because its worker died) and runs it, renewing
   * its lease while it runs. A shop's exclusive job is claimed under its running key, which the Job table
   * holds once (a unique column): while the shop's previous run holds it, the job waits.
   */
  private async runOne(handlers: Record<string, JobHandler>): Promise<boolean> {
    const now = this.now();
    const names = Object.keys(handlers);
    const candidates = await this.client.job.findMany({
      where: {
        name: { in: names },
        OR: [
          { status: "queued", runAt: { lte: now } },
          { status: "running", lockedUntil: { lt: now } },
        ],
      },
      orderBy: [{ runAt: "asc" }, { id: "asc" }],
      take: 20,
    });
    for (const candidate of candidates) {
      const policy = retryPolicy(candidate.name);
      const shopId = candidate.shopId ?? (JSON.parse(candidate.payload) as { shopId?: number }).shopId;
      const runningKey = policy.exclusive && shopId ? `${RUNNING}${exclusiveKey(candidate.name, shopId)}` : null;
      let claimed: { count: number };
      try {
        claimed = await this.client.job.updateMany({
          where: { id: candidate.id, status: candidate.status, attempts: candidate.attempts },
          data: {
            status: "running",
            attempts: candidate.attempts + 1,
            lockedUntil: new Date(now.getTime() + policy.leaseMs),
            singletonKey: runningKey,
            lastError: null,
          },
        });
      } catch (error) {
        if (runningKey && isUniqueViolation(error)) continue; // the shop's previous run still holds it
        throw error;
      }
      if (claimed.count !== 1) return true; // another worker took it; look again
      await this.run(candidate, handlers[candidate.name], candidate.attempts + 1);
      return true;
    }
    return false;
  }

  private async run(
    candidate: { id: number; name: string; shopId: number | null; payload: string; maxAttempts: number },
    handler: JobHandler,
    attempt: number,
  ): Promise<void> {
    const policy = retryPolicy(candidate.name);
    const mine = { id: candidate.id, attempts: attempt, status: "running" };
    this.inFlight.set(candidate.id, attempt);
    const heartbeat = setInterval(() => {
      this.client.job
        .updateMany({ where: mine, data: { lockedUntil: new Date(this.now().getTime() + policy.leaseMs) } })
        .then((renewed) => {
          if (renewed.count === 0) this.log(`[jobs] ${candidate.name} #${candidate.id} lost its lease`);
        })
        .catch((error) => this.log(`[jobs] heartbeat of #${candidate.id}: ${String(error)}`));
    }, policy.leaseMs / HEARTBEATS_PER_LEASE);
    try {
      await handler({
        id: candidate.id,
        name: candidate.name,
        shopId: candidate.shopId,
        payload: JSON.parse(candidate.payload),
        attempt,
        maxAttempts: candidate.maxAttempts,
      });
      clearInterval(heartbeat);
      // Conditional on this claim: the row may be gone (its shop erased), re-claimed after a lost lease or
      // released at shutdown.
      await this.client.job.updateMany({
        where: mine,
        data: { status: "done", lockedUntil: null, singletonKey: null },
      });
    } catch (error) {
      clearInterval(heartbeat);
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = attempt >= candidate.maxAttempts;
      this.log(`[jobs] ${candidate.name} #${candidate.id} attempt ${attempt} failed: ${message}`);
      await this.client.job.updateMany({
        where: mine,
        data: {
          status: giveUp ? "failed" : "queued",
          lastError: `${message} (by ${this.workerId})`,
          lockedUntil: null,
          singletonKey: null,
          runAt: new Date(this.now().getTime() + retryDelayMs(candidate.name, attempt)),
        },
      });
    } finally {
      this.inFlight.delete(candidate.id);
    }
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === "P2002" || /unique constraint/i.test(error instanceof Error ? error.message : String(error));
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
