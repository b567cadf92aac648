import { config } from "../../config.server";
import { db } from "../../db/client.server";
import { checkDatabase } from "../../db/database-check.server";
import { startBackgroundWork } from "../../jobs/runtime.server";
import { jobQueue } from "../../jobs/index.server";
import type { CommandIo } from "../io";

export async function run(_args: string[], io: CommandIo): Promise<number> {
  const settings = config();
  await checkDatabase(settings.databaseUrl);
  const work = await startBackgroundWork(db(), jobQueue());
  io.stdout(`Kizuna worker running (${settings.databaseProvider}); Ctrl-C stops it.`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await work.stop();
  return 0;
}
