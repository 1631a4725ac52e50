import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Three kinds of tests, each with what it needs:
//  - unit: no broker, no browser;
//  - integration: a real RocketMQ (started by test/setup/broker.ts when none answers);
//  - browser: Debian's Chromium against the built site served by a real sandbox and broker.
//
// What runs at the same time. Most files spend their time waiting on the broker (long polls,
// delays, check-backs), not on the CPU, so they run side by side where they can, in three steps:
//  1. unit files, up to MAX_FILES_AT_ONCE at a time, then the integration files one after
//     another (and their tests one at a time) on one broker. Vitest 3.2's forks pool runs the
//     files of single-fork projects after the others, one project after another: the units do
//     not overlap the integration files, nor would a second single-fork project. With all seven
//     chapters, integration files side by side interfered: cells of one topic read each other's messages
//     (chapter 0's first-receive drained the exercise's greetings), and on 2 cores gRPC calls
//     passed the client's 3 s deadline and transactions were checked back before their commit
//     arrived. A cell still runs once per suite (test/support/cell-locks.ts): every-cell and the
//     chapter tests share its result, so a new test file runs cells through runCell()
//     (test/support/run-cell.ts) and uses consumer groups of its own;
//  2. browser files, one after another (each drives the same page cells a reader would, and
//     first-send → first-receive must not be interleaved with other runs of those cells); the
//     site they serve is built in the background during step 1 (test/setup/site.ts);
//  3. files that stop or restart the broker, one after another, alone: name them
//     `*outage*.test.ts` (every outage demonstration, any chapter), or add them to
//     `stopsTheBroker` below.
// A new chapter's test file needs nothing here: `test/integration/chapter-NN.test.ts` joins
// step 1, `chapter-NN-outage.test.ts` step 3.
const stopsTheBroker = [
  'test/**/*outage*.test.ts',
  'test/integration/broker-lifecycle.test.ts',
  'test/integration/broker-fault.test.ts', // pauses the broker (SIGSTOP), from issue 17
  'test/integration/chaos.test.ts', // npm run chaos restarts the broker mid-run (issue 11)
];
/** Files of step 1 at once: measured on 2 cores, more only adds CPU contention (see the issue 15 note). */
const MAX_FILES_AT_ONCE = 4;

// One folder per `npm test` where the worker processes coordinate cell runs (cell-locks.ts).
if (!process.env.WORKBOOK_SUITE_DIR) {
  const suiteDir = (process.env.WORKBOOK_SUITE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'workbook-suite-')));
  process.on('exit', () => fs.rmSync(suiteDir, { recursive: true, force: true }));
}
// Checks run by the tests record their results (sandbox/workshop/progress.ts): never in the reader's own record.
process.env.WORKBOOK_PROGRESS_FILE ||= path.join(process.env.WORKBOOK_SUITE_DIR, 'progress.json');

const broker = { globalSetup: ['test/setup/broker.ts'], testTimeout: 180_000, hookTimeout: 300_000 };
export default defineConfig({
  test: {
    maxWorkers: MAX_FILES_AT_ONCE,
    minWorkers: 1,
    // Tests marked concurrent (every-cell, exercises) still run one at a time: see step 1 above.
    maxConcurrency: 1,
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
      {
        test: {
          name: 'integration', include: ['test/integration/**/*.test.ts'], exclude: stopsTheBroker, ...broker,
          poolOptions: { forks: { singleFork: true } },
        },
      },
      {
        test: {
          name: 'browser', include: ['test/browser/**/*.test.ts'], exclude: stopsTheBroker, ...broker,
          // Builds the site in the background during step 1 (test/setup/site.ts).
          globalSetup: [...broker.globalSetup, 'test/setup/site.ts'],
          sequence: { groupOrder: 1 }, poolOptions: { forks: { singleFork: true } },
        },
      },
      {
        test: {
          name: 'stops-broker', include: stopsTheBroker, ...broker,
          sequence: { groupOrder: 2 }, poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
