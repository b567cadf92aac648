import { afterAll } from "vitest";
import { TEST_APP } from "./env";
import { createTestDatabase } from "./test-database";

// Each test file gets its own migrated database and a complete app configuration, before any app module
// is imported (they read the environment on first use).
process.env.SHOPIFY_API_KEY = TEST_APP.apiKey;
process.env.SHOPIFY_API_SECRET = TEST_APP.apiSecret;
process.env.SHOPIFY_APP_URL = TEST_APP.appUrl;
process.env.SCOPES = TEST_APP.scopes;
process.env.KIZUNA_WORKER = "off";

const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;

afterAll(async () => {
  const { db } = await import("../../app/db/client.server");
  await db().$disconnect();
  await database.drop();
});
