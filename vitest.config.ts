import { defineConfig } from 'vitest/config';

// Three kinds of tests, each with what it needs:
//  - unit: no broker, no browser;
//  - integration: a real RocketMQ (started by test/setup/broker.ts when none answers);
//  - browser: Debian's Chromium against the built site served by a real sandbox and broker.
// Integration and browser files run one at a time: they share one broker, and some stop it.
export default defineConfig({
  test: {
    fileParallelism: false,
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/setup/broker.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/setup/broker.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
