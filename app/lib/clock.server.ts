import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Kizuna's clock: real time, moved forward by an offset for the demo and for tests that run weeks of a
 * journey in seconds (decision 020). The offset lives in a small JSON file named by KIZUNA_CLOCK_FILE, so
 * the server, the worker and `kizuna clock advance <days>` (another process) agree; the demo moves it together
 * with the emulator's `advanceTime`, so both sides see the same "now". Without KIZUNA_CLOCK_FILE (production)
 * the clock is the system clock and nothing is read.
 *
 * Services never read the clock themselves: they take `now` as an argument (the job registry passes this
 * clock's reading), so tests pass their own instants.
 */
export interface ClockState {
  offsetMs: number;
  /**
   * The demo's Shopify emulator, written by `kizuna demo` while it runs: `kizuna clock advance` moves its
   * store clock (control API advanceTime) by the same amount, so both sides keep seeing the same "now".
   */
  emulator?: { url: string; shop: string };
}

const RECHECK_MS = 1_000;

let cached: { file: string; checkedAt: number; mtimeMs: number; offsetMs: number } | null = null;

export function clockFile(env: Record<string, string | undefined> = process.env): string | null {
  const file = env.KIZUNA_CLOCK_FILE?.trim();
  return file ? path.resolve(file) : null;
}

function readOffset(file: string): number {
  const real = Date.now();
  if (cached && cached.file === file && real - cached.checkedAt < RECHECK_MS) return cached.offsetMs;
  let mtimeMs = -1;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    cached = { file, checkedAt: real, mtimeMs, offsetMs: 0 };
    return 0;
  }
  if (cached && cached.file === file && cached.mtimeMs === mtimeMs) {
    cached.checkedAt = real;
    return cached.offsetMs;
  }
  let offsetMs = 0;
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<ClockState>;
    if (typeof parsed.offsetMs === "number" && Number.isFinite(parsed.offsetMs)) offsetMs = parsed.offsetMs;
  } catch {
    offsetMs = 0;
  }
  cached = { file, checkedAt: real, mtimeMs, offsetMs };
  return offsetMs;
}

/** The current offset (0 without KIZUNA_CLOCK_FILE). */
export function clockOffsetMs(env: Record<string, string | undefined> = process.env): number {
  const file = clockFile(env);
  return file ? readOffset(file) : 0;
}

/** Kizuna's "now": the system clock plus the offset. */
export function kizunaNow(): Date {
  return new Date(Date.now() + clockOffsetMs());
}

/** The clock file's whole content (offset 0 and no emulator when the file is missing or unreadable). */
export function readClockState(file: string): ClockState {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<ClockState>;
    const offsetMs = typeof parsed.offsetMs === "number" && Number.isFinite(parsed.offsetMs) ? parsed.offsetMs : 0;
    const emulator =
      parsed.emulator && typeof parsed.emulator.url === "string" && typeof parsed.emulator.shop === "string"
        ? { url: parsed.emulator.url, shop: parsed.emulator.shop }
        : undefined;
    return emulator ? { offsetMs, emulator } : { offsetMs };
  } catch {
    return { offsetMs: 0 };
  }
}

export function writeClockState(file: string, state: ClockState): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(state)}\n`);
  cached = null;
}

/** Moves the clock forward by `ms` (writes the file, keeping what else it holds); returns the new now. Needs KIZUNA_CLOCK_FILE. */
export function advanceClock(ms: number, env: Record<string, string | undefined> = process.env): Date {
  const file = clockFile(env);
  if (!file) throw new Error("KIZUNA_CLOCK_FILE is not set: the clock can only be moved in the demo or a test setup.");
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`The clock only moves forward; got ${ms} ms`);
  const state = readClockState(file);
  const offsetMs = state.offsetMs + ms;
  writeClockState(file, { ...state, offsetMs });
  return new Date(Date.now() + offsetMs);
}
