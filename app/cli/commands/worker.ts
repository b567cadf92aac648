import { createServer } from "node:http";
import { config } from "../../config.server";
import { db } from "../../db/client.server";
import { checkDatabase } from "../../db/database-check.server";
import { addReadinessCheck, markDraining, readiness } from "../../jobs/health.server";
import { jobQueue } from "../../jobs/index.server";
import { PgBossJobQueue } from "../../jobs/pg-boss-queue.server";
import { startBackgroundWork } from "../../jobs/runtime.server";
import type { CommandIo } from "../io";
import { exitSoon, SHUTDOWN_MS, untilStopped } from "./serve";

/**
 * `kizuna worker`: runs the background work until SIGINT/SIGTERM, then stops taking jobs at once and exits
 * within SHUTDOWN_MS (running jobs are finished or released for another worker). With KIZUNA_HEALTH_PORT
 * set it answers GET /healthz and /readyz there (README, configuration).
 */
export async function run(_args: string[], io: CommandIo): Promise<number> {
  const settings = config();
  await checkDatabase(settings.databaseUrl);
  const queue = jobQueue();
  if (queue instanceof PgBossJobQueue) addReadinessCheck("queue", () => queue.ping());
  const work = await startBackgroundWork(db(), queue);
  const healthPort = Number(process.env.KIZUNA_HEALTH_PORT);
  const health =
    Number.isInteger(healthPort) && healthPort > 0
      ? createServer(async (req, res) => {
          if (req.url === "/healthz") return void res.writeHead(200, { "content-type": "text/plain" }).end("ok");
          if (req.url !== "/readyz") return void res.writeHead(404).end();
          const result = await readiness(db());
          res.writeHead(result.ready ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify(result));
        }).listen(healthPort, settings.HOST)
      : null;
  io.stdout(`Kizuna worker running (${settings.databaseProvider}); Ctrl-C stops it.`);
  await untilStopped();
  markDraining();
  await work.stop({ graceMs: SHUTDOWN_MS - 3_000 });
  health?.close();
  await db().$disconnect();
  exitSoon();
  return 0;
}
