import type { Db } from "../db/client.server";

/**
 * Liveness and readiness of a Kizuna process (GET /healthz, /readyz; `kizuna worker` answers them on
 * KIZUNA_HEALTH_PORT). Live: the process answers. Ready: it is not shutting down and its database (and,
 * where it runs jobs, its queue) answers. A process that got SIGTERM turns unready at once, so a load
 * balancer stops sending it requests while it finishes what it has.
 */
let draining = false;
const checks = new Map<string, () => Promise<void>>();

export function markDraining(): void {
  draining = true;
}

/** Adds a readiness check (e.g. the job queue's database), named in /readyz's answer. */
export function addReadinessCheck(name: string, check: () => Promise<void>): void {
  checks.set(name, check);
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, "ok" | string>;
}

export async function readiness(client: Db, timeoutMs = 2_000): Promise<Readiness> {
  const all = new Map<string, () => Promise<void>>([
    ["database", async () => void (await client.$queryRawUnsafe("SELECT 1"))],
    ...checks,
  ]);
  const results: Record<string, string> = {};
  await Promise.all(
    [...all].map(async ([name, check]) => {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), timeoutMs).unref());
      results[name] = await Promise.race([check(), timeout]).then(
        () => "ok",
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
    }),
  );
  if (draining) results.process = "shutting down";
  return { ready: Object.values(results).every((result) => result === "ok"), checks: results };
}
