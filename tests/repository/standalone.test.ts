import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CDNOW_DIR } from "../../app/domain/clv/test-support";
import { adminSchemaPath } from "../../emulator/graphql/schema";
import { projectRoot } from "../../app/db/database-url.mjs";
import { prismaEnv } from "../../scripts/prisma.mjs";

/**
 * A fresh clone must run the emulator, the tests and the migrations with nothing beside it (decision 010):
 * every file the code reads by default lives inside the repository.
 */
const inside = (file: string) => !path.relative(projectRoot, path.resolve(file)).startsWith("..");

describe("the repository stands alone", () => {
  it("reads the Admin schema from its own copy", () => {
    const saved = process.env.KIZUNA_SHOPIFY_SCHEMA;
    delete process.env.KIZUNA_SHOPIFY_SCHEMA;
    try {
      const file = adminSchemaPath();
      expect(inside(file)).toBe(true);
      expect(path.relative(projectRoot, file)).toBe("app/shopify/schema/admin_2026-07.json.gz");
      expect(existsSync(file)).toBe(true);
    } finally {
      if (saved !== undefined) process.env.KIZUNA_SHOPIFY_SCHEMA = saved;
    }
  });

  it("keeps the CDNOW reference data with its licence", () => {
    expect(inside(CDNOW_DIR)).toBe(true);
    for (const name of [
      "cdnow_customers_summary_with_transactions.csv",
      "cdnow_sample_transactions.csv",
      "LICENSE.lifetimes.txt",
    ]) {
      expect(existsSync(path.join(CDNOW_DIR, name)), name).toBe(true);
    }
  });

  it("runs Prisma with an engine inside the repository when no native one is installed", () => {
    const env = prismaEnv({ PATH: process.env.PATH, NODE_ENV: "test" }) as Record<string, string | undefined>;
    const engine = env.PRISMA_SCHEMA_ENGINE_BINARY;
    if (engine !== undefined) {
      expect(inside(engine)).toBe(true);
      expect(existsSync(engine)).toBe(true);
    } else {
      expect(existsSync(path.join(projectRoot, "node_modules/@prisma/engines"))).toBe(true);
    }
  });

  it("names no path outside the repository in its code", () => {
    const tracked = execFileSync(
      "git",
      ["ls-files", "app", "emulator", "scripts", "tests", "bench", "bin", "prisma.config.ts", ".ci"],
      {
        cwd: projectRoot,
        encoding: "utf8",
      },
    )
      .split("\n")
      .filter((file) => /\.(ts|tsx|mjs|js|sh)$/.test(file) || file === ".ci/run")
      .filter((file) => file !== "tests/repository/standalone.test.ts" && existsSync(path.join(projectRoot, file)));
    const offenders = tracked.filter((file) =>
      /\.\.\/shared\/|\/work\/|shared\/(data|shopify|tools)/.test(readFileSync(path.join(projectRoot, file), "utf8")),
    );
    expect(offenders).toEqual([]);
  });
});
