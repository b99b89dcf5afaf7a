import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "app/**/*.test.ts",
      "infra/**/*.test.ts",
      "monitoring/**/*.test.ts",
      "runbooks/**/*.test.ts",
      "test/**/*.test.ts",
    ],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // 2-core machines: more workers only add contention.
    maxWorkers: 2,
  },
});
