// Where the database is: the single rule shared by the app, the CLI, the scripts, prisma.config.ts and the tests.
// Plain JavaScript so the node scripts in scripts/ can import it without a TypeScript loader.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder holding Kizuna's package.json. Found by walking up from this module, so it is the same whether the
 * module runs from app/db (tsx, scripts, tests) or bundled into build/server (the production build).
 */
export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

function findProjectRoot(start) {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "prisma"))) return dir;
    if (path.dirname(dir) === dir)
      throw new Error(`Kizuna's project folder (with package.json and prisma/) not found above ${start}`);
  }
}

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
