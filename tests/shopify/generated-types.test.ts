import { readFileSync } from "node:fs";
import path from "node:path";
import { generate } from "@graphql-codegen/cli";
import { describe, expect, it } from "vitest";
import config from "../../codegen";
import { projectRoot } from "../../app/db/database-url.mjs";

/**
 * The Admin API reply types in app/shopify/generated are committed; this regenerates them in memory from the
 * schema and the documents (no file is written, nothing is downloaded) and fails when a document changed
 * without `npm run codegen`. The same check runs as `npm run codegen:check`.
 */
describe("generated Admin API types", () => {
  it("match the documents in app/shopify/operations and the pinned schema", { timeout: 120_000 }, async () => {
    const outputs: { filename: string; content: string }[] = await generate({ ...config, cwd: projectRoot, silent: true }, false);
    expect(outputs.map((output) => path.relative(projectRoot, path.resolve(projectRoot, output.filename))).sort()).toEqual([
      "app/shopify/generated/admin.generated.d.ts",
      "app/shopify/generated/admin.types.d.ts",
    ]);
    for (const output of outputs) {
      const committed = readFileSync(path.resolve(projectRoot, output.filename), "utf8");
      expect(committed === output.content, `${output.filename} is stale: run npm run codegen`).toBe(true);
    }
  });
});
