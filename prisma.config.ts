import { defineConfig } from "prisma/config";
import { databaseUrl, schemaPaths } from "./app/db/database-url.mjs";

// One config for both databases: DATABASE_URL picks SQLite (default: a file under data/) or PostgreSQL,
// and with it the schema and migrations folder generated for that provider.
const url = databaseUrl();
const paths = schemaPaths(url);

export default defineConfig({
  schema: paths.schema,
  migrations: { path: paths.migrations },
  datasource: { url },
});
