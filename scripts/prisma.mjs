#!/usr/bin/env node
// Runs the Prisma CLI for the database DATABASE_URL names (see database-url.mjs).
//
// Prisma's CLI needs a schema engine even for `generate`; when PRISMA_SCHEMA_ENGINE_BINARY is unset and no
// native engine was installed (it is downloaded from binaries.prisma.sh, which offline machines cannot
// reach), the WebAssembly stand-in kept beside this file answers instead (scripts/prisma-schema-engine.mjs,
// decision 010). `generate` always generates both clients so either database can be used.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { databaseUrl, projectRoot } from "../app/db/database-url.mjs";

export function prismaEnv(env = process.env) {
  const result = { ...env, DATABASE_URL: databaseUrl(env), PRISMA_HIDE_UPDATE_MESSAGE: "1" };
  if (!result.PRISMA_SCHEMA_ENGINE_BINARY && !hasNativeSchemaEngine()) {
    result.PRISMA_SCHEMA_ENGINE_BINARY = path.join(projectRoot, "scripts/prisma-schema-engine.mjs");
  }
  return result;
}

function hasNativeSchemaEngine() {
  const dir = path.join(projectRoot, "node_modules/@prisma/engines");
  try {
    return readdirSync(dir).some((name) => name.startsWith("schema-engine"));
  } catch {
    return false;
  }
}

export function runPrisma(args, env = process.env) {
  const bin = path.join(projectRoot, "node_modules/prisma/build/index.js");
  const run = (argv, extraEnv = {}) => {
    const child = spawnSync(process.execPath, [bin, ...argv], {
      cwd: projectRoot,
      stdio: "inherit",
      env: { ...prismaEnv(env), ...extraEnv },
    });
    if (child.status !== 0) process.exit(child.status ?? 1);
  };
  if (args[0] === "generate") {
    spawnSync(process.execPath, [path.join(projectRoot, "scripts/generate-postgres-schema.mjs")], {
      stdio: "inherit",
    });
    // The schema is chosen by DATABASE_URL in prisma.config.ts; generate both explicitly.
    run(["generate", "--schema", "prisma/schema.prisma", ...args.slice(1)]);
    run(["generate", "--schema", "prisma/postgres/schema.prisma", ...args.slice(1)]);
    return;
  }
  run(args);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runPrisma(process.argv.slice(2));
}
