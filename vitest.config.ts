import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Three layers (see STYLE.md §8): unit (pure, no database), integration
// (real PostgreSQL or PGlite), e2e (real Chromium against a real server).
export default defineConfig({
  resolve: {
    alias: [
      { find: /^#app\/(.*)$/, replacement: r("./app/$1") },
      { find: /^#db\/(.*)$/, replacement: r("./db/$1") },
      { find: /^#server\/(.*)$/, replacement: r("./server/$1") },
      { find: /^#tests\/(.*)$/, replacement: r("./tests/$1") },
    ],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: [
            "app/**/*.test.ts",
            "app/**/*.test.tsx",
            "cli/**/*.test.ts",
            "server/**/*.test.ts",
            "tests/unit/**/*.test.ts",
          ],
          setupFiles: ["tests/setup/console.ts"],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          setupFiles: ["tests/setup/console.ts"],
          globalSetup: ["tests/setup/global-db.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: process.env.MEDVIRK_TEST_SERIAL !== "1",
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/setup/global-e2e.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
