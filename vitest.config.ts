import { defineConfig } from 'vitest/config';

// Three projects: pure core (fast, no I/O), server (a real PostgreSQL), e2e (real Chromium).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'core', include: ['packages/core/src/**/*.test.ts', 'packages/cli/src/**/*.test.ts', 'packages/web/src/**/*.test.ts'] } },
      {
        test: {
          name: 'server',
          include: ['packages/server/src/**/*.test.ts'],
          globalSetup: ['packages/server/src/testing/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['packages/server/src/testing/global-setup.ts'],
          // Generous: a slow machine must not fail a browser test that would pass (the first one installs the app).
          testTimeout: 240_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
