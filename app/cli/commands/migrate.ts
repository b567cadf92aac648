import { spawnSync } from "node:child_process";
import path from "node:path";
import { createDb, tuneDatabase } from "../../db/client.server";
import { databaseUrl, projectRoot } from "../../db/database-url.mjs";
import type { CommandIo } from "../io";

/** `prisma migrate deploy` for the configured database, then the SQLite settings that persist in the file. */
export async function run(_args: string[], io: CommandIo): Promise<number> {
  const url = databaseUrl();
  const child = spawnSync(process.execPath, [path.join(projectRoot, "scripts/prisma.mjs"), "migrate", "deploy"], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  if (child.status !== 0) {
    io.stderr(`Migration failed:\n${child.stdout}\n${child.stderr}`);
    return 1;
  }
  const client = createDb(url);
  try {
    await tuneDatabase(client, url);
  } finally {
    await client.$disconnect();
  }
  io.stdout(`Database is up to date (${url.startsWith("file:") ? url : url.replace(/\/\/[^@]*@/, "//***@")}).`);
  return 0;
}
