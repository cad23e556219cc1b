import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Browser tests need Chromium: npm run test:browser (vitest.browser.config.ts).
    exclude: ["test/browser/**", "node_modules/**"],
    // Builds dist/ (the CLI, kb.json, the site) when it is missing or stale: the tests run on a fresh clone.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
