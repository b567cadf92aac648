import { defineConfig } from "vitest/config";

// Browser tests: a real demo (emulator + seeded store + production build) driven by Chromium.
export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.e2e.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    fileParallelism: false,
  },
});
