/**
 * Workshop exercises, Rustlings-style, against the real broker: every starter fails its check
 * (there is something to do), every shortcut fails it (a wrong program that prints what the check
 * reads: the check must see through it on the broker's side), and every reference solution passes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../sandbox/broker/layout.ts';
import { brokerEndpoints } from '../../sandbox/broker/endpoints.ts';
import { examplesDir } from '../../sandbox/examples.ts';
import { withCell } from '../support/cell-locks.ts';
import { closeSandbox, runCell } from '../support/run-cell.ts';
import { run } from '../support/spawn.ts';

/** Folders under examples/ that hold check.ts. */
function exerciseFolders(dir = examplesDir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return fs.existsSync(path.join(full, 'check.ts')) ? [full] : exerciseFolders(full);
  });
}

/** The shortcuts of an exercise: shortcuts/<what-it-skips>.ts. */
function shortcutsOf(folder: string): string[] {
  const dir = path.join(folder, 'shortcuts');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.endsWith('.ts')).sort().map((name) => `shortcuts/${name}`) : [];
}

/** The check line a shortcut says must fail: its `// Caught by: ✗ …` comment. */
function caughtBy(file: string): string | undefined {
  return /^\/\/ Caught by: (✗ .+)$/m.exec(fs.readFileSync(file, 'utf8'))?.[1];
}

/** `npx tsx check.ts` with EXERCISE_FILE set, as on the command line; never beside another run of the same check (they share its consumer group). */
function check(folder: string, file: string) {
  return withCell(`${path.relative(examplesDir, folder)}/check`, () => run(process.execPath, ['--import', 'tsx', path.join(folder, 'check.ts')], {
    cwd: projectRoot, timeoutMs: 170_000,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ROCKETMQ_ENDPOINTS: brokerEndpoints().grpc,
      ROCKETMQ_NAMESRV: brokerEndpoints().namesrv, EXERCISE_FILE: path.join(folder, file) },
  }));
}

const folders = exerciseFolders();
afterAll(() => closeSandbox());

it('finds the exercises of every chapter, each complete, each with a shortcut that says what catches it', () => {
  const names = folders.map((folder) => path.relative(examplesDir, folder));
  // Chapters 00–06 each have an exercises/ folder; a chapter's check.ts files must be found there.
  const chapters = fs.readdirSync(examplesDir).filter((name) => /^0[0-6]-/.test(name) && fs.existsSync(path.join(examplesDir, name, 'exercises')));
  expect(chapters.length, 'chapters 00–06 with an exercises/ folder').toBe(7);
  for (const chapter of chapters) {
    expect(names.filter((name) => name.startsWith(`${chapter}/exercises/`)).length, `${chapter} has no exercise with a check.ts`).toBeGreaterThanOrEqual(1);
  }
  for (const folder of folders) {
    for (const file of ['starter.ts', 'solution.ts', 'check.ts', 'hints.md']) expect(fs.existsSync(path.join(folder, file)), `${folder}/${file}`).toBe(true);
    expect(fs.readFileSync(path.join(folder, 'starter.ts'), 'utf8')).toContain('// TODO:');
    expect(shortcutsOf(folder).length, `${folder} has no shortcuts/*.ts`).toBeGreaterThanOrEqual(1);
    for (const shortcut of shortcutsOf(folder)) {
      const text = fs.readFileSync(path.join(folder, shortcut), 'utf8');
      expect(text, `${shortcut} starts with a comment saying what it skips`).toMatch(/^\/\/ Shortcut \(must fail the check\): /);
      expect(caughtBy(path.join(folder, shortcut)), `${shortcut} names the check that catches it`).toBeDefined();
    }
  }
});

// Exercises run side by side (up to maxConcurrency checks at once); the checks of one exercise one
// after another, as they share its consumer group (withCell also keeps other files' runs apart).
describe.concurrent.each(folders.map((folder) => [path.relative(examplesDir, folder), folder]))('%s', (_name, folder) => {
  it.sequential('fails the check with the starter and says what is missing', async () => {
    const result = await check(folder, 'starter.ts');
    expect(result.status, result.stdout + result.stderr).not.toBe(0);
    expect(result.stdout).toContain('✗');
  });

  for (const shortcut of shortcutsOf(folder)) {
    it(`fails the check with ${shortcut}, on the broker's side: the program itself ran fine`, async () => {
      const result = await check(folder, shortcut);
      expect(result.status, result.stdout + result.stderr).not.toBe(0);
      expect(result.stdout).toContain('✓ the program ran to the end');
      expect(result.stdout).toContain(caughtBy(path.join(folder, shortcut)));
    });
  }

  it.sequential('passes the check with the reference solution, through the sandbox as the page\'s Check button runs it', async () => {
    // The same run every-cell.test.ts asks for: one run per suite, whichever file comes first.
    const solution = fs.readFileSync(path.join(folder, 'solution.ts'), 'utf8');
    const result = await runCell(`${path.relative(examplesDir, folder)}/check`, { underTest: solution });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).not.toContain('✗');
  });
});
