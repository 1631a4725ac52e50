/**
 * Workshop exercises, Rustlings-style: every starter must fail its check (there is something
 * to do) and every reference solution must pass it, against the real broker.
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

/** `npx tsx check.ts` with EXERCISE_FILE set, as on the command line; never beside another run of the same check (they share its consumer group). */
function check(folder: string, file: 'starter.ts' | 'solution.ts') {
  return withCell(`${path.relative(examplesDir, folder)}/check`, () => run(process.execPath, ['--import', 'tsx', path.join(folder, 'check.ts')], {
    cwd: projectRoot, timeoutMs: 170_000,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ROCKETMQ_ENDPOINTS: brokerEndpoints().grpc,
      ROCKETMQ_NAMESRV: brokerEndpoints().namesrv, EXERCISE_FILE: path.join(folder, file) },
  }));
}

const folders = exerciseFolders();
afterAll(() => closeSandbox());

it('finds the exercises of chapters 0 and 1, each complete', () => {
  const names = folders.map((folder) => path.relative(examplesDir, folder));
  expect(names.filter((name) => name.startsWith('00-')).length).toBeGreaterThanOrEqual(1);
  expect(names.filter((name) => name.startsWith('01-')).length).toBeGreaterThanOrEqual(2);
  for (const folder of folders) {
    for (const file of ['starter.ts', 'solution.ts', 'check.ts', 'hints.md']) expect(fs.existsSync(path.join(folder, file)), `${folder}/${file}`).toBe(true);
    expect(fs.readFileSync(path.join(folder, 'starter.ts'), 'utf8')).toContain('// TODO:');
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

  it.sequential('passes the check with the reference solution, through the sandbox as the page\'s Check button runs it', async () => {
    // The same run every-cell.test.ts asks for: one run per suite, whichever file comes first.
    const solution = fs.readFileSync(path.join(folder, 'solution.ts'), 'utf8');
    const result = await runCell(`${path.relative(examplesDir, folder)}/check`, { underTest: solution });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).not.toContain('✗');
  });
});
