#!/usr/bin/env node
// Creates a migration for both databases from the current schema: `npm run db:migration -- add_points`.
// SQLite uses a throwaway file; PostgreSQL a throwaway database on the local test server (scripts/postgres.sh).
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { projectRoot } from "../app/db/database-url.mjs";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name_in_snake_case>");
  process.exit(2);
}
const prisma = (url, ...args) => {
  const child = spawnSync(process.execPath, [path.join(projectRoot, "scripts/prisma.mjs"), ...args], {
    cwd: projectRoot,
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: url },
  });
  if (child.status !== 0) process.exit(child.status ?? 1);
};

// The PostgreSQL schema is generated from the SQLite one: refresh it before diffing.
spawnSync(process.execPath, [path.join(projectRoot, "scripts/generate-postgres-schema.mjs")], { stdio: "inherit" });
prisma(
  "file:" + path.join(mkdtempSync(path.join(tmpdir(), "kizuna-mig-")), "m.db"),
  "migrate",
  "dev",
  "--name",
  name,
  "--create-only",
);

const server = spawnSync("bash", [path.join(projectRoot, "scripts/postgres.sh"), "start"], { encoding: "utf8" });
if (server.status !== 0) {
  console.error(server.stderr);
  process.exit(1);
}
const serverUrl = server.stdout.trim().split("\n").pop();
const database = `kizuna_migration_${Date.now()}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${database}`);
const url = new URL(serverUrl);
url.pathname = `/${database}`;
prisma(url.href, "migrate", "dev", "--name", name, "--create-only");
await admin.query(`DROP DATABASE ${database} WITH (FORCE)`);
await admin.end();
prisma("file:" + path.join(mkdtempSync(path.join(tmpdir(), "kizuna-gen-")), "g.db"), "generate");
