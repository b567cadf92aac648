import { defineConfig } from "vitest/config";

/**
 * The scale-out test (decision 023): several `kizuna` processes on one PostgreSQL. Run on PostgreSQL only,
 * by scripts/test.mjs in its PostgreSQL pass: TEST_DATABASE_URL=postgresql://… npx vitest run --config tests/scale/vitest.config.ts
 */
export default defineConfig({
  test: {
    include: ["tests/scale/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: "forks",
    setupFiles: ["tests/support/setup.ts"],
  },
});
