import { createRequire } from "node:module";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { databaseProvider, databaseUrl } from "./database-url.mjs";

export type Db = PrismaClient;

const require = createRequire(import.meta.url);

/**
 * Opens the database DATABASE_URL names with the matching driver adapter. Both generated clients have the
 * same model API; PostgreSQL's is generated from the SQLite schema into node_modules/.prisma/client-postgres.
 */
const dialects = new WeakMap<Db, "sqlite" | "postgresql">();
const urls = new WeakMap<Db, string>();

/** The URL a root client was opened with (undefined for a transaction client). */
export function urlOf(client: Db): string | undefined {
  return urls.get(client);
}

/** Which SQL dialect a client speaks, for the few statements written by hand (bulk upserts). */
export function dialectOf(client: Db): "sqlite" | "postgresql" {
  return dialects.get(client) ?? databaseProvider(databaseUrl());
}

export function createDb(url = databaseUrl()): Db {
  const client = openClient(url);
  dialects.set(client, databaseProvider(url));
  urls.set(client, url);
  return client;
}

function openClient(url: string): Db {
  if (databaseProvider(url) === "postgresql") {
    const clientDir = path.join(path.dirname(require.resolve("@prisma/client/package.json")), "../../.prisma/client-postgres");
    const { PrismaClient: PostgresClient } = require(clientDir) as { PrismaClient: typeof PrismaClient };
    // KIZUNA_DB_POOL_MAX: connections per process (the README has the sizing). A PgBouncer in transaction mode
    // works: node-pg sends unnamed statements, which a transaction-mode pooler passes through.
    const max = Number(process.env.KIZUNA_DB_POOL_MAX);
    // Every session runs in UTC: the driver sends timestamps without an offset, and a server whose own time zone is
    // Asia/Tokyo would otherwise read them nine hours off (docs/deploy.md, tests/db/timestamptz.test.ts).
    return new PostgresClient({
      adapter: new PrismaPg({
        connectionString: url,
        max: Number.isInteger(max) && max > 0 ? max : 10,
        options: "-c TimeZone=UTC",
      }),
    });
  }
  // unixepoch-ms keeps times as integers: smaller rows and fast range scans over millions of orders.
  const adapter = new PrismaBetterSqlite3({ url, timeout: 10_000 }, { timestampFormat: "unixepoch-ms" });
  return new PrismaClient({ adapter });
}

let shared: Db | undefined;

/** The process-wide client. */
export function db(): Db {
  shared ??= createDb();
  return shared;
}

/** SQLite settings that must hold on every connection: WAL so the worker and the web process don't block each other. */
export async function tuneDatabase(client: Db, url = databaseUrl()): Promise<void> {
  if (databaseProvider(url) !== "sqlite") return;
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await client.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
}
