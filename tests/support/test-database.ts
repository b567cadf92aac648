import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { projectRoot } from "../../app/db/database-url.mjs";

/**
 * A fresh, migrated database for one test file: an SQLite file under the temp dir, or — when
 * TEST_DATABASE_URL names a PostgreSQL server — a new database on it. The migrations are the
 * project's own SQL files, applied in order, so the tests exercise exactly what `kizuna migrate` creates.
 */
export interface TestDatabase {
  url: string;
  provider: "sqlite" | "postgresql";
  drop(): Promise<void>;
}

function migrationSql(folder: string): string[] {
  const dir = path.join(projectRoot, folder);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
}

export async function createTestDatabase(serverUrl = process.env.TEST_DATABASE_URL): Promise<TestDatabase> {
  const suffix = randomBytes(6).toString("hex");
  if (serverUrl && /^postgres(ql)?:\/\//.test(serverUrl)) {
    const name = `kizuna_test_${suffix}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const client = new pg.Client({ connectionString: url.href });
    await client.connect();
    for (const sql of migrationSql("prisma/postgres/migrations")) await client.query(sql);
    await client.end();
    return {
      url: url.href,
      provider: "postgresql",
      async drop() {
        const dropper = new pg.Client({ connectionString: serverUrl });
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await dropper.end();
      },
    };
  }
  const file = path.join(tmpdir(), `kizuna-test-${suffix}.db`);
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  for (const sql of migrationSql("prisma/migrations")) sqlite.exec(sql);
  sqlite.close();
  return {
    url: `file:${file}`,
    provider: "sqlite",
    async drop() {
      for (const suffixPart of ["", "-wal", "-shm"]) rmSync(`${file}${suffixPart}`, { force: true });
    },
  };
}
