import { config } from "../../config.server";
import { jobHandlers } from "../../jobs/handlers.server";
import { jobQueue } from "../../jobs/index.server";
import type { CommandIo } from "../io";

export async function run(_args: string[], io: CommandIo): Promise<number> {
  const settings = config();
  const queue = jobQueue();
  await queue.start(jobHandlers);
  io.stdout(`Kizuna worker running (${settings.databaseProvider}); Ctrl-C stops it.`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await queue.stop();
  return 0;
}
