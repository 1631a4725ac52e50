/**
 * The end of every run, after vitest's own summary: where the time went (every file, slowest
 * first, and the slowest tests), so CI logs show the suite's growth chapter by chapter; then the
 * plain closing line CI reads ("Tests: 134 passed, 0 failed").
 */
import path from 'node:path';
import type { Reporter } from 'vitest/reporters';

type Task = {
  type: string;
  name: string;
  mode?: string;
  filepath?: string;
  projectName?: string;
  collectDuration?: number;
  result?: { state?: string; duration?: number };
  tasks?: Task[];
};

/** How many of the slowest tests to list. */
const SLOWEST_TESTS = 10;

function count(tasks: Task[], totals = { passed: 0, failed: 0, skipped: 0 }) {
  for (const task of tasks) {
    if (task.tasks) count(task.tasks, totals);
    if (task.type !== 'test') continue;
    if (task.result?.state === 'pass') totals.passed++;
    else if (task.result?.state === 'fail') totals.failed++;
    else totals.skipped++;
  }
  return totals;
}

/** Every test under `task`, with its "describe > it" name. */
function testsOf(task: Task, prefix = ''): { name: string; ms: number }[] {
  return (task.tasks ?? []).flatMap((child) => {
    const name = prefix ? `${prefix} > ${child.name}` : child.name;
    return child.type === 'test' ? [{ name, ms: child.result?.duration ?? 0 }] : testsOf(child, name);
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1).padStart(6)} s`;

export default class SummaryReporter implements Reporter {
  #startedAt = Date.now();

  onInit(): void {
    this.#startedAt = Date.now();
  }

  onFinished(files: Task[] = [], errors: unknown[] = []): void {
    const wallMs = Date.now() - this.#startedAt;
    const timed = files.map((file) => ({
      file,
      // Importing the file's modules plus running its tests and hooks.
      ms: (file.collectDuration ?? 0) + (file.result?.duration ?? 0),
      name: path.relative(process.cwd(), file.filepath ?? file.name),
    })).sort((a, b) => b.ms - a.ms);
    if (timed.length) {
      const sum = timed.reduce((total, { ms }) => total + ms, 0);
      console.log(`\nTime per file, slowest first (wall ${seconds(wallMs).trim()}; the files add up to ${seconds(sum).trim()} because many run at once):`);
      for (const { file, ms, name } of timed) {
        console.log(`  ${seconds(ms)}  ${(file.projectName ?? '').padEnd(11)} ${name} (${testsOf(file).length} tests)`);
      }
      const slowest = timed.flatMap(({ file, name }) => testsOf(file).map((test) => ({ ...test, name: `${name} > ${test.name}` })))
        .sort((a, b) => b.ms - a.ms).slice(0, SLOWEST_TESTS);
      console.log(`Slowest ${slowest.length} tests:`);
      for (const { name, ms } of slowest) console.log(`  ${seconds(ms)}  ${name}`);
    }
    const { passed, failed, skipped } = count(files);
    // A file whose beforeAll failed has no failed test, only tests that never ran: count the file.
    const brokenFiles = files.filter((file) => file.result?.state === 'fail' && count([file]).failed === 0);
    const failures = failed + brokenFiles.length + errors.length;
    console.log(`\nTests: ${passed} passed, ${failures} failed${skipped ? `, ${skipped} skipped` : ''}`);
    for (const file of brokenFiles) {
      console.log(`  failed before its tests ran (a hook): ${path.relative(process.cwd(), file.filepath ?? file.name)}`);
    }
  }
}
