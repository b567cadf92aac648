/**
 * A per-channel pace: at most `perSecond` requests a second, spaced evenly, shared by everything in the
 * process that calls LINE with that channel. LINE allows 2,000 pushes a second per channel; Kizuna stays
 * well below (LINE_RATE_PER_SECOND, default 100) and backs off on 429 (client.server).
 */
export function createPacer(perSecond: number, now: () => number = Date.now): () => Promise<void> {
  const gap = 1000 / Math.max(1, perSecond);
  let next = 0;
  return async () => {
    const at = Math.max(now(), next);
    next = at + gap;
    const wait = at - now();
    if (wait > 0) await new Promise<void>((resolve) => setTimeout(resolve, wait));
  };
}

export function lineRatePerSecond(env: Record<string, string | undefined> = process.env): number {
  const value = Number(env.LINE_RATE_PER_SECOND ?? "");
  return Number.isFinite(value) && value > 0 ? Math.min(value, 2000) : 100;
}
