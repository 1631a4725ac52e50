/**
 * `npm run bench:suite`: issue 15's suite goal, "npm test at today's content ≥ 40 % faster", where
 * "today" is the content the issue was filed against: chapters 0 and 1 (commit 76513a4). It runs
 * today's tests of that content — the same five unit files, the broker files, chapter 0 and 1's
 * integration, outage and browser files, and every-cell and exercises limited to chapters 0 and 1
 * (a test-name filter: their describe blocks are named after the chapter folder) — and prints
 * the wall time beside that commit's whole `npm test`, measured on this machine.
 * Today's tests of chapters 0 and 1 assert more than 76513a4's did, and today's site has all the
 * chapters, so the comparison is cautious. As in a fresh clone (and as 76513a4's run was measured),
 * the site is built during the run: the bench deletes both built editions first.
 * Needs what `npm test` needs (it starts the broker when none answers).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { projectRoot } from '../sandbox/broker/layout.ts';
import { sandboxEdition } from '../sandbox/site-build.ts';
import { staticEdition } from '../test/support/site-editions.ts';

/** `npm test` of 76513a4, on this machine, nothing else running (2026-11-29, see the issue 15 note). */
const BEFORE = { commit: '76513a4', seconds: 794 };

const files = [
  // the unit files 76513a4 had
  'test/unit/broker-errors.test.ts', 'test/unit/docker-compose.test.ts', 'test/unit/sandbox-limits.test.ts',
  'test/unit/sandbox-security.test.ts', 'test/unit/site-helpers.test.ts',
  // the broker, chapters 0 and 1
  'test/integration/broker.test.ts', 'test/integration/broker-lifecycle.test.ts',
  'test/integration/chapter-00.test.ts', 'test/integration/chapter-01.test.ts', 'test/integration/chapter-01-outage.test.ts',
  'test/integration/every-cell.test.ts', 'test/integration/exercises.test.ts',
  'test/browser/chapter-00.test.ts', 'test/browser/chapter-01.test.ts', 'test/browser/chapter-01-outage.test.ts',
];
/** Leaves out every test under a describe block named after chapters 2–9 ("02-sending > runs …"). */
const chaptersZeroAndOne = '^(?!0[2-9]-)';

for (const edition of [sandboxEdition, staticEdition]) fs.rmSync(edition.outDir, { recursive: true, force: true });
const started = performance.now();
const vitest = spawn('npx', ['vitest', 'run', ...files, '-t', chaptersZeroAndOne], { cwd: projectRoot, stdio: 'inherit' });
const exitCode: number = await new Promise((resolve) => vitest.on('exit', (code) => resolve(code ?? 1)));
const seconds = (performance.now() - started) / 1000;

console.log(`\nbench:suite — chapters 0 and 1, as when issue 15 was filed`);
console.log(`  today's tests:        ${seconds.toFixed(0)} s${exitCode === 0 ? '' : ` (vitest exited ${exitCode}: a failed run's time says little)`}`);
console.log(`  ${BEFORE.commit}'s npm test: ${BEFORE.seconds} s`);
console.log(`  faster by ${(100 * (1 - seconds / BEFORE.seconds)).toFixed(0)} % (goal: ≥ 40 %)`);
process.exit(exitCode);
