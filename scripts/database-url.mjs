// Where the database is: the single rule shared by the app, the CLI, prisma.config.ts and the tests.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** DATABASE_URL, or the embedded default: an SQLite file under data/. */
export function databaseUrl(env = process.env) {
  const configured = env.DATABASE_URL?.trim();
  if (configured) return configured;
  const dir = path.join(projectRoot, "data");
  mkdirSync(dir, { recursive: true });
  return `file:${path.join(dir, "kizuna.db")}`;
}

/** @returns {"sqlite" | "postgresql"} */
export function databaseProvider(url) {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL); got "${url.split(":")[0]}:…"`);
}

export function schemaPaths(url) {
  return databaseProvider(url) === "postgresql"
    ? { schema: "prisma/postgres/schema.prisma", migrations: "prisma/postgres/migrations" }
    : { schema: "prisma/schema.prisma", migrations: "prisma/migrations" };
}
