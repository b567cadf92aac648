import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { loadAdminSchema } from "../../emulator/graphql/schema";
import { projectRoot } from "../../scripts/database-url.mjs";

/**
 * Every GraphQL document Kizuna sends to Shopify lives in app/shopify/operations and is validated here
 * against the real Admin API schema of the pinned version (../shared/shopify): a query that would fail on
 * Shopify fails this test first.
 */
const operationsDir = path.join(projectRoot, "app/shopify/operations");

function appSourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return appSourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.includes(".test.") ? [full] : [];
  });
}

const modules = readdirSync(operationsDir).filter((name) => name.endsWith(".ts") && !name.includes(".test."));
const documents: { name: string; source: string }[] = [];
for (const file of modules) {
  const exported = (await import(path.join(operationsDir, file))) as Record<string, unknown>;
  for (const [name, value] of Object.entries(exported)) {
    if (typeof value === "string" && value.includes("#graphql")) documents.push({ name: `${file}:${name}`, source: value });
  }
}

describe("GraphQL documents sent to Shopify", () => {
  const schema = loadAdminSchema();

  it("are all found in app/shopify/operations, and nowhere else", () => {
    expect(documents.length).toBeGreaterThanOrEqual(10);
    const elsewhere = appSourceFiles(path.join(projectRoot, "app"))
      .filter((file) => !file.startsWith(operationsDir))
      .filter((file) => readFileSync(file, "utf8").includes("#graphql"));
    expect(elsewhere).toEqual([]);
  });

  it.each(documents)("$name is valid against the Admin API 2026-07 schema", ({ source }) => {
    const errors = validate(schema, parse(source)).map((error) => error.message);
    expect(errors).toEqual([]);
  });
});
