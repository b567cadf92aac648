import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Kind, NoUnusedFragmentsRule, parse, specifiedRules, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { loadAdminSchema } from "../../emulator/graphql/schema";
import { projectRoot } from "../../app/db/database-url.mjs";

/**
 * Every GraphQL document Kizuna sends to Shopify lives in app/shopify/operations and is validated here
 * against the real Admin API schema of the pinned version (app/shopify/schema): a query that would fail on
 * Shopify fails this test first. Fragments (operations/fields.ts) are validated on their own and must be
 * spread by some operation; an operation carries the text of the fragments it spreads.
 */
const operationsDir = path.join(projectRoot, "app/shopify/operations");
const generatedDir = path.join(projectRoot, "app/shopify/generated");

function appSourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return appSourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.includes(".test.") ? [full] : [];
  });
}

interface Document {
  name: string;
  source: string;
  operations: string[];
  fragments: string[];
  spreads: string[];
}

const modules = readdirSync(operationsDir).filter((name) => name.endsWith(".ts") && !name.includes(".test."));
const documents: Document[] = [];
for (const file of modules) {
  const exported = (await import(path.join(operationsDir, file))) as Record<string, unknown>;
  for (const [name, value] of Object.entries(exported)) {
    if (typeof value !== "string" || !value.includes("#graphql")) continue;
    const parsed = parse(value);
    const operations: string[] = [];
    const fragments: string[] = [];
    for (const definition of parsed.definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition.name?.value ?? "(anonymous)");
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.push(definition.name.value);
    }
    const spreads = [...value.matchAll(/\.\.\.\s*([A-Za-z_]\w*)/g)].map((match) => match[1]).filter((spread) => spread !== "on");
    documents.push({ name: `${file}:${name}`, source: value, operations, fragments, spreads });
  }
}
const operationDocuments = documents.filter((document) => document.operations.length > 0);
const fragmentDocuments = documents.filter((document) => document.operations.length === 0);

describe("GraphQL documents sent to Shopify", () => {
  const schema = loadAdminSchema();

  it("are all found in app/shopify/operations, and nowhere else in app/", () => {
    expect(operationDocuments.length).toBeGreaterThanOrEqual(20);
    const elsewhere = appSourceFiles(path.join(projectRoot, "app"))
      .filter((file) => !file.startsWith(operationsDir + path.sep) && !file.startsWith(generatedDir + path.sep))
      .filter((file) => readFileSync(file, "utf8").includes("#graphql"));
    expect(elsewhere).toEqual([]);
  });

  it("include the push-back and discount documents", () => {
    const names = new Set(operationDocuments.flatMap((document) => document.operations));
    for (const name of [
      "KizunaTagsAdd",
      "KizunaTagsRemove",
      "KizunaMetafieldsSet",
      "KizunaCustomerMetafieldDefinitionsDetail",
      "KizunaMetafieldDefinitionCreateFilterable",
      "KizunaMetafieldDefinitionUpdate",
      "KizunaSegmentCreate",
      "KizunaSegmentUpdate",
      "KizunaStagedUploadsCreate",
      "KizunaBulkMutationRun",
      "KizunaBulkTagsAdd",
      "KizunaBulkTagsRemove",
      "KizunaBulkMetafieldsSet",
      "KizunaDiscountCodeBasicCreate",
      "KizunaDiscountCodeDeactivate",
      "KizunaDiscountCodeActivate",
      "KizunaDiscountRedeemCodeBulkAdd",
      "KizunaDiscountRedeemCodeBulkCreation",
    ]) {
      expect(names, name).toContain(name);
    }
  });

  it("name every operation once, except the bulk export queries Shopify runs as a string", () => {
    const names = operationDocuments.flatMap((document) => document.operations);
    expect(names.filter((name) => name === "(anonymous)")).toHaveLength(2);
    const named = names.filter((name) => name !== "(anonymous)");
    expect(new Set(named).size).toBe(named.length);
  });

  it.each(operationDocuments.map((document) => [document.name, document] as const))(
    "%s is valid against the Admin API 2026-07 schema",
    (_name, { source }) => {
      expect(validate(schema, parse(source)).map((error) => error.message)).toEqual([]);
    },
  );

  it.each(fragmentDocuments.map((document) => [document.name, document] as const))(
    "fragment %s is valid against the schema and spread by an operation",
    (_name, { source, fragments }) => {
      expect(fragments.length).toBeGreaterThan(0);
      const rules = specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule);
      expect(validate(schema, parse(source), rules).map((error) => error.message)).toEqual([]);
      for (const fragment of fragments) {
        expect(
          operationDocuments.some((document) => document.spreads.includes(fragment)),
          fragment,
        ).toBe(true);
      }
    },
  );
});
