import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globals: true,
    include: ["app/**/*.test.ts", "app/**/*.test.tsx", "emulator/**/*.test.ts", "tests/**/*.test.ts", "extensions/**/*.test.ts"],
    // tests/scale runs on PostgreSQL only, with its own config (scripts/test.mjs)
    exclude: ["tests/e2e/**", "tests/scale/**", "node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    setupFiles: ["tests/support/setup.ts"],
  },
});
