import { type CommandIo, processIo } from "./io";

export interface Progress {
  phase: string;
  done: number;
  total: number | null;
}

const BAR_WIDTH = 30;

/**
 * Long CLI work shows progress: a bar redrawn in place with rate and ETA on a terminal; elsewhere (logs,
 * pipes, tests) one line each time the phase changes.
 */
export function progressPrinter(io: CommandIo) {
  const inPlace = io === processIo && process.stderr.isTTY === true;
  const startedAt = Date.now();
  let phase = "";
  let phaseStartedAt = startedAt;
  let lastDraw = 0;
  return {
    update(progress: Progress) {
      if (progress.phase !== phase) {
        phase = progress.phase;
        phaseStartedAt = Date.now();
        if (!inPlace) io.stderr(`${progress.phase}…`);
      }
      if (!inPlace) return;
      const now = Date.now();
      const finished = progress.total !== null && progress.done >= progress.total;
      if (now - lastDraw < 100 && !finished) return;
      lastDraw = now;
      const share = progress.total ? Math.min(1, progress.done / progress.total) : 0;
      const filled = Math.round(share * BAR_WIDTH);
      const seconds = (now - phaseStartedAt) / 1000;
      const rate = seconds > 0 ? progress.done / seconds : 0;
      const eta = progress.total && rate > 0 ? ` ETA ${Math.ceil((progress.total - progress.done) / rate)} s` : "";
      const counts = `${progress.done.toLocaleString("en")}${progress.total ? `/${progress.total.toLocaleString("en")}` : ""}`;
      process.stderr.write(
        `\r${progress.phase.padEnd(22)} [${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${counts}${eta}\u001b[K`,
      );
    },
    done() {
      if (inPlace) process.stderr.write("\n");
    },
  };
}
