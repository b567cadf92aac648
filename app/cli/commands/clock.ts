import { advanceClock, clockFile, clockOffsetMs, kizunaNow } from "../../lib/clock";
import { type CommandIo, InputError, runCommand } from "../io";

/**
 * `kizuna clock [show]` / `kizuna clock advance <days>`: Kizuna's clock for the demo (app/lib/clock.ts,
 * decision 020). Moves the offset in KIZUNA_CLOCK_FILE forward; move the emulator's store clock by the same
 * amount (its control API `advanceTime`) so both sides agree.
 */
const USAGE = "usage: kizuna clock [show] | kizuna clock advance <days>   (needs KIZUNA_CLOCK_FILE)";

export async function run(args: string[], io: CommandIo): Promise<number> {
  return runCommand(io, USAGE, async () => {
    const [action = "show", amount] = args;
    if (action === "show") {
      io.stdout(`${kizunaNow().toISOString()} (offset ${clockOffsetMs() / 86_400_000} days, file ${clockFile() ?? "none"})`);
      return;
    }
    if (action !== "advance") throw new InputError(`Unknown action "${action}"`);
    const days = Number(amount);
    if (!amount || !Number.isFinite(days) || days <= 0)
      throw new InputError(`"${amount ?? ""}" is not a positive number of days`);
    if (!clockFile())
      throw new InputError("KIZUNA_CLOCK_FILE is not set: the clock can only be moved in the demo or a test setup.");
    io.stdout(`Kizuna's clock now reads ${advanceClock(days * 86_400_000).toISOString()}`);
  });
}
