import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseProvider, projectRoot, schemaPaths } from "./database-url.mjs";

/**
 * Start-up's look at the database before anything listens (issue 11.9): can it be opened, written, and does
 * it hold every migration? Each failure says which database (a SQLite path, or PostgreSQL's host and database
 * without the password), what is wrong and what to do, instead of "serving" and a later crash.
 */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

/** A URL fit to print: PostgreSQL without user and password, SQLite as its resolved path. */
export function describeDatabase(url: string): string {
  if (databaseProvider(url) === "sqlite") return `SQLite database ${sqliteFile(url)}`;
  const parsed = new URL(url);
  return `PostgreSQL database ${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
}

function sqliteFile(url: string): string {
  return path.resolve(url.replace(/^file:/, "").split("?")[0]);
}

const MIGRATE = "Run `npx kizuna migrate` with the same DATABASE_URL, then start Kizuna again.";

export async function checkDatabase(url: string): Promise<void> {
  const applied = databaseProvider(url) === "sqlite" ? checkSqlite(url) : await checkPostgres(url);
  const expected = readdirSync(path.join(projectRoot, schemaPaths(url).migrations), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  // Databases created from the migration SQL without Prisma's bookkeeping (tests) have no record to compare.
  if (applied === null) return;
  const pending = expected.filter((name) => !applied.includes(name));
  if (pending.length > 0) {
    throw new DatabaseUnavailableError(
      `Kizuna cannot start: the ${describeDatabase(url)} lacks ${pending.length} migration(s) (${pending.join(", ")}). ${MIGRATE}`,
    );
  }
}

/** The names of the applied migrations, or null when Prisma's record is absent but the tables are there. */
function checkSqlite(url: string): string[] | null {
  const file = sqliteFile(url);
  const cannot = (cause: string) => new DatabaseUnavailableError(`Kizuna cannot open the SQLite database ${file}: ${cause}`);
  const dir = path.dirname(file);
  if (!existsSync(dir)) {
    throw cannot(`the directory ${dir} does not exist. Create it, or set DATABASE_URL to file:/a/path/in/an/existing/dir.db.`);
  }
  if (!existsSync(file)) throw cannot(`there is no database file yet. ${MIGRATE}`);
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { fileMustExist: true });
  } catch (error) {
    throw cannot(`${(error as Error).message} (check the file's and its directory's permissions).`);
  }
  try {
    try {
      // A write that is rolled back: a read-only file, directory or mount fails here instead of on the first request.
      sqlite.exec('BEGIN IMMEDIATE; CREATE TABLE "_kizuna_write_check" ("x" INTEGER); ROLLBACK;');
    } catch (error) {
      const code = (error as { code?: string }).code ?? "";
      const cause =
        code === "SQLITE_READONLY" || code.startsWith("SQLITE_CANTOPEN") || code.startsWith("SQLITE_IOERR")
          ? "the file is read-only for this process (a read-only mount, or the file or its directory not writable by this user); Kizuna must write it, and SQLite also creates -wal and -shm files beside it"
          : (error as Error).message;
      throw cannot(`${cause}.`);
    }
    const tables = new Set(
      (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name),
    );
    if (!tables.has("Session") || !tables.has("Shop")) throw cannot(`it has no Kizuna tables yet. ${MIGRATE}`);
    if (!tables.has("_prisma_migrations")) return null;
    return (
      sqlite
        .prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL")
        .all() as {
        migration_name: string;
      }[]
    ).map((row) => row.migration_name);
  } finally {
    sqlite.close();
  }
}

async function checkPostgres(url: string): Promise<string[] | null> {
  const where = describeDatabase(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const cause =
      code === "3D000"
        ? "the database does not exist. Create it (CREATE DATABASE), then run `npx kizuna migrate`."
        : code === "28P01" || code === "28000"
          ? "the server refused the user name or password in DATABASE_URL."
          : code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ETIMEDOUT"
            ? `the server cannot be reached (${code}). Check the host and port in DATABASE_URL and that PostgreSQL is running.`
            : message.replaceAll(new URL(url).password || "\u0000", "***");
    await client.end().catch(() => {});
    throw new DatabaseUnavailableError(`Kizuna cannot open the ${where}: ${cause}`);
  }
  try {
    const tables = await client.query<{ session: string | null; shop: string | null; migrations: string | null }>(
      `SELECT to_regclass('"Session"') AS session, to_regclass('"Shop"') AS shop, to_regclass('_prisma_migrations') AS migrations`,
    );
    const found = tables.rows[0];
    if (!found.session || !found.shop)
      throw new DatabaseUnavailableError(`Kizuna cannot use the ${where}: it has no Kizuna tables yet. ${MIGRATE}`);
    if (!found.migrations) return null;
    const applied = await client.query<{ migration_name: string }>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    return applied.rows.map((row) => row.migration_name);
  } finally {
    await client.end();
  }
}
