import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { CodegenConfig } from "@graphql-codegen/cli";
import { ApiType, pluckConfig, preset } from "@shopify/api-codegen-preset";
import { buildClientSchema, parse, printSchema } from "graphql";

/**
 * Admin API reply types for every `#graphql` document in app/shopify/operations, generated with Shopify's
 * preset. The preset's `shopifyApiProject` downloads the schema from shopify.dev; this config uses the
 * preset's own `generates` steps (the ones shopifyApiTypes builds) with the schema kept in the repository,
 * so generation runs offline. `npm run codegen` writes app/shopify/generated; tests/shopify/generated-types
 * fails when those files are stale. See docs/decisions/014-generated-admin-types-and-import-rules.md.
 */
const schemaFile = "app/shopify/schema/admin_2026-07.json.gz";
const documents = ["app/shopify/operations/*.ts", "!app/shopify/operations/*.test.ts"];
const outputDir = "app/shopify/generated";

/**
 * The introspection JSON is gzipped and graphql-codegen's file loaders read only plain files. The schema is
 * handed over as a document, not a GraphQLSchema object, because the loader may run under another copy of
 * graphql-js (ESM here, CommonJS there) whose instanceof checks would refuse it.
 */
function loadGzippedIntrospection(path: string) {
  const introspection = JSON.parse(gunzipSync(readFileSync(path)).toString("utf8"));
  return parse(printSchema(buildClientSchema(introspection.data ?? introspection)));
}

const schema = [{ [schemaFile]: { loader: loadGzippedIntrospection } }] as unknown as CodegenConfig["schema"];

const config: CodegenConfig = {
  overwrite: true,
  silent: true,
  // the preset's hooks find `#graphql` templates and resolve `${FRAGMENT}` interpolations; codegen's type lacks them
  pluckConfig: pluckConfig as CodegenConfig["pluckConfig"],
  generates: {
    [`${outputDir}/admin.types.d.ts`]: {
      schema,
      plugins: ["typescript"],
      // As shopifyApiTypes configures it (Shopify's custom scalars — DateTime, Money, URL, … — arrive as strings),
      // plus enums as string unions: a .d.ts enum has no value to compare with at run time.
      config: { defaultScalarType: "string", scalars: { JSON: "unknown" }, enumsAsTypes: true },
    },
    [`${outputDir}/admin.generated.d.ts`]: {
      schema,
      documents,
      preset,
      presetConfig: { apiType: ApiType.Admin },
    },
  },
};

export default config;
