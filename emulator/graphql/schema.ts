import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

/** Admin API version the emulator serves (the schema kept in app/shopify/schema). */
export const ADMIN_API_VERSION = "2026-07";

let cached: { path: string; schema: GraphQLSchema } | null = null;

/**
 * The path of the real Admin schema: the repository's own copy (app/shopify/schema, where the app's type
 * generation reads it too); KIZUNA_SHOPIFY_SCHEMA may point at another introspection file.
 */
export function adminSchemaPath(): string {
  const fromEnv = process.env.KIZUNA_SHOPIFY_SCHEMA;
  if (fromEnv) return fromEnv;
  return fileURLToPath(new URL(`../../app/shopify/schema/admin_${ADMIN_API_VERSION}.json.gz`, import.meta.url));
}

/** Loads (once) Shopify's introspected Admin schema; the emulator validates and executes against it. */
export function loadAdminSchema(path: string = adminSchemaPath()): GraphQLSchema {
  if (cached && cached.path === path) return cached.schema;
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (error) {
    throw new Error(
      `Cannot read the Shopify Admin schema at ${path} (${(error as Error).message}). ` +
        "Set KIZUNA_SHOPIFY_SCHEMA to the admin_2026-07.json.gz introspection file.",
    );
  }
  const text = path.endsWith(".gz") ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
  const parsed = JSON.parse(text) as { data?: IntrospectionQuery } & IntrospectionQuery;
  const schema = buildClientSchema(parsed.data ?? parsed);
  cached = { path, schema };
  return schema;
}
