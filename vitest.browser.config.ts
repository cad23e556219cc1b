import { defineConfig } from "vitest/config";

// The browser tests: the built site in a real headless Chromium (Debian's chromium, via playwright-core).
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
