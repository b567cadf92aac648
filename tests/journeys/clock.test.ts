import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { advanceClock, clockOffsetMs } from "../../app/lib/clock.server";

const dir = mkdtempSync(path.join(tmpdir(), "kizuna-clock-"));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("Kizuna's clock", () => {
  it("is the system clock without KIZUNA_CLOCK_FILE and refuses to move", () => {
    expect(clockOffsetMs({})).toBe(0);
    expect(() => advanceClock(1000, {})).toThrow(/KIZUNA_CLOCK_FILE/);
  });

  it("moves forward by what `kizuna clock advance` adds, seen by every reader of the file", () => {
    const env = { KIZUNA_CLOCK_FILE: path.join(dir, "clock.json") };
    expect(clockOffsetMs(env)).toBe(0);
    advanceClock(7 * 86_400_000, env);
    advanceClock(86_400_000, env);
    expect(clockOffsetMs(env)).toBe(8 * 86_400_000);
    expect(() => advanceClock(-1, env)).toThrow(RangeError);
  });
});
