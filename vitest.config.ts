import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^#app\/(.*)$/, replacement: `${here("./app/")}$1` },
      { find: /^#emulator\/(.*)$/, replacement: `${here("./emulator/")}$1` },
      { find: /^#tests\/(.*)$/, replacement: `${here("./tests/")}$1` },
    ],
  },
  test: {
    globals: true,
    include: ["app/**/*.test.ts", "app/**/*.test.tsx", "emulator/**/*.test.ts", "tests/**/*.test.ts", "extensions/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    setupFiles: ["tests/support/setup.ts"],
  },
});
