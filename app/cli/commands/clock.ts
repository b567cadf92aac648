import { existsSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../../db/database-url.mjs";
import { advanceClock, clockFile, clockOffsetMs, readClockState } from "../../lib/clock.server";
import { type CommandIo, InputError, runCommand } from "../io";

/**
 * `kizuna clock [show]` / `kizuna clock advance <days>`: Kizuna's clock for the demo and tests
 * (app/lib/clock.server.ts, decision 020). Moves the offset in KIZUNA_CLOCK_FILE forward — or, when that is unset,
 * in the file the running demo uses (data/demo-clock.json) — and, when the demo's emulator is named in the
 * file, moves the emulator's store clock by the same amount (control API advanceTime), so an order made in
 * the emulator afterwards is dated in the same "now" Kizuna's journeys count from.
 */
const USAGE = "usage: kizuna clock [show] | kizuna clock advance <days>   (KIZUNA_CLOCK_FILE, or the running demo's clock)";

/** Where `kizuna demo` keeps its clock (the demo's data folder) unless KIZUNA_CLOCK_FILE names another file. */
export const DEMO_CLOCK_FILE = path.join(projectRoot, "data/demo-clock.json");

/** KIZUNA_CLOCK_FILE, else the demo's clock file when a demo has written one; null otherwise. */
export function commandClockFile(env: Record<string, string | undefined> = process.env): string | null {
  return clockFile(env) ?? (existsSync(DEMO_CLOCK_FILE) ? DEMO_CLOCK_FILE : null);
}

export interface AdvancedTime {
  kizunaNow: Date;
  /** the emulator's store clock after the move; null when no emulator is named in the clock file */
  emulatorNow: Date | null;
}

/**
 * Moves Kizuna's clock in `file` forward by `ms`, and the emulator named there by the same amount.
 * Throws when the emulator does not answer (Kizuna's clock has moved by then: run the emulator's
 * advanceTime by hand, or restart the demo).
 */
export async function advanceTime(file: string, ms: number): Promise<AdvancedTime> {
  const now = advanceClock(ms, { KIZUNA_CLOCK_FILE: file });
  const { emulator } = readClockState(file);
  if (!emulator) return { kizunaNow: now, emulatorNow: null };
  const response = await fetch(new URL("/_emulator/advanceTime", emulator.url), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ shop: emulator.shop, ms }),
    signal: AbortSignal.timeout(10_000),
  }).catch((error: unknown) => {
    throw new Error(`The demo's emulator at ${emulator.url} did not answer (${String(error)}); only Kizuna's clock moved.`);
  });
  if (!response.ok) {
    throw new Error(`The demo's emulator at ${emulator.url} refused advanceTime (${response.status} ${await response.text()}).`);
  }
  const body = (await response.json()) as { now: number };
  return { kizunaNow: now, emulatorNow: new Date(body.now) };
}

export async function run(args: string[], io: CommandIo): Promise<number> {
  return runCommand(io, USAGE, async () => {
    const [action = "show", amount] = args;
    const file = commandClockFile();
    if (action === "show") {
      const offset = file ? clockOffsetMs({ KIZUNA_CLOCK_FILE: file }) : 0;
      io.stdout(`${new Date(Date.now() + offset).toISOString()} (offset ${offset / 86_400_000} days, file ${file ?? "none"})`);
      return;
    }
    if (action !== "advance") throw new InputError(`Unknown action "${action}"`);
    const days = Number(amount);
    if (!amount || !Number.isFinite(days) || days <= 0)
      throw new InputError(`"${amount ?? ""}" is not a positive number of days`);
    if (!file)
      throw new InputError(
        "KIZUNA_CLOCK_FILE is not set and no demo is running: the clock can only be moved in the demo or a test setup.",
      );
    const moved = await advanceTime(file, Math.round(days * 86_400_000));
    io.stdout(`Kizuna's clock now reads ${moved.kizunaNow.toISOString()}`);
    if (moved.emulatorNow) io.stdout(`The emulator's store clock now reads ${moved.emulatorNow.toISOString()}`);
  });
}
