import { createDb } from "../../db/client.server";
import { checkDatabase } from "../../db/database-check.server";
import { databaseUrl } from "../../db/database-url.mjs";
import { queueStatus } from "../../jobs/queue-status.server";
import { inboxStatus } from "../../sync/inbox-status.server";
import type { CommandIo } from "../io";

/**
 * `kizuna status [--json]`: what to watch in production (docs/deploy.md): the webhook inbox's depth and its
 * oldest unfinished event, parked events, and background jobs queued, running and failed in the last day.
 * Reads the database only, so it runs beside the app with just DATABASE_URL.
 */
export async function run(args: string[], io: CommandIo): Promise<number> {
  await checkDatabase(databaseUrl());
  const client = createDb(databaseUrl());
  try {
    const [inbox, jobs] = await Promise.all([inboxStatus(client), queueStatus(client)]);
    if (args.includes("--json")) {
      io.stdout(JSON.stringify({ inbox, jobs }));
      return 0;
    }
    io.stdout(
      [
        `inbox: ${inbox.pending} pending, ${inbox.processing} being applied, ${inbox.parked} parked; ` +
          `oldest unfinished ${inbox.oldestUnfinishedSeconds} s; ${inbox.appliedLastHour} applied in the last hour`,
        `jobs: ${jobs.queued} queued, ${jobs.running} running, ${jobs.failedLastDay} failed in the last 24 h` +
          (jobs.failedLastDay > 0
            ? ` (${Object.entries(jobs.failedByName)
                .map(([name, failed]) => `${name} ${failed}`)
                .join(", ")})`
            : ""),
      ].join("\n"),
    );
    return 0;
  } finally {
    await client.$disconnect();
  }
}
