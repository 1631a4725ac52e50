/** The workshop's pieces that need no broker: finding exercises, moving imports, the diff, the progress record, crash lines, keys. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyPatch } from 'diff';
import { afterAll, describe, expect, it } from 'vitest';
import { crashOf } from '../../examples/lib/exercise.ts';
import { projectRoot } from '../../sandbox/broker/layout.ts';
import { findExercise, relocateImports, workshopExercises } from '../../sandbox/workshop/exercises.ts';
import { readProgress, recordCheck, resetProgress } from '../../sandbox/workshop/progress.ts';
import { solutionDiff } from '../../sandbox/workshop/solution-diff.ts';
import { shortcutOf } from '../../src/lib/shortcuts.ts';

describe('exercises', () => {
  const exercises = workshopExercises();

  it('are found by name, chapter/name or folder; an ambiguous or unknown name says what to do', () => {
    const tagFilter = exercises.find((exercise) => exercise.name === 'tag-filter')!;
    for (const given of ['tag-filter', '01-why-mq/tag-filter', '01-why-mq/exercises/tag-filter/']) expect(findExercise(exercises, given)).toBe(tagFilter);
    expect(findExercise(exercises, 'no-such')).toEqual({ error: expect.stringContaining('npm run workshop -- list') });
    const twins = [tagFilter, { ...tagFilter, id: '09-x/exercises/tag-filter', chapter: '09-x' }];
    expect(findExercise(twins, 'tag-filter')).toEqual({ error: expect.stringContaining('01-why-mq/tag-filter, 09-x/tag-filter') });
  });

  it('keep their relative imports working from the attendee\'s folder', () => {
    const folder = path.join(projectRoot, 'examples/04-consuming/exercises/idempotent-stock');
    const code = "import { connection } from '../../../lib/workbook.ts';\nimport { createInventory } from './inventory-db.ts';\nimport { Producer } from 'rocketmq-client-nodejs';\nconst later = await import('../../lib.ts');";
    expect(relocateImports(code, folder, path.join(projectRoot, 'my-work/04-consuming'))).toBe(
      "import { connection } from '../../examples/lib/workbook.ts';\nimport { createInventory } from '../../examples/04-consuming/exercises/idempotent-stock/inventory-db.ts';\n"
      + "import { Producer } from 'rocketmq-client-nodejs';\nconst later = await import('../../examples/04-consuming/lib.ts');");
  });
});

it('the solution diff turns the attendee\'s code into the solution, and is empty when they are the same', () => {
  const mine = 'a\nb\nc\n// TODO: d\ne\n';
  const solution = 'a\nb\nc\nd();\ne\n';
  const diff = solutionDiff(mine, solution, 'mine.ts', 'solution.ts');
  expect(diff).toMatch(/^--- mine\.ts/m);
  expect(diff).toMatch(/^-\/\/ TODO: d$/m);
  expect(diff).toMatch(/^\+d\(\);$/m);
  expect(applyPatch(mine, diff)).toBe(solution);
  expect(solutionDiff(solution, solution, 'a', 'b')).toBe('');
});

describe('the progress record', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workbook-progress-'));
  const saved = process.env.WORKBOOK_PROGRESS_FILE;
  process.env.WORKBOOK_PROGRESS_FILE = path.join(dir, 'nested', 'progress.json');
  afterAll(() => {
    process.env.WORKBOOK_PROGRESS_FILE = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts empty, records checks, keeps done once done, and resets one exercise or all', () => {
    expect(readProgress().exercises).toEqual({});
    expect(recordCheck('a', false, 'cli').exercises.a.status).toBe('failing');
    expect(recordCheck('a', true, 'page').exercises.a).toMatchObject({ status: 'done', by: 'page' });
    expect(recordCheck('a', false, 'cli').exercises.a.status).toBe('done');
    recordCheck('b', false, 'cli');
    expect(Object.keys(resetProgress('a').exercises)).toEqual(['b']);
    expect(resetProgress().exercises).toEqual({});
  });

  it('reads an unreadable file as empty rather than failing a check over it', () => {
    fs.writeFileSync(process.env.WORKBOOK_PROGRESS_FILE!, '{ half a');
    expect(readProgress()).toEqual({ version: 1, exercises: {} });
  });
});

it('names the error that ended a program, and where, from what Node printed', () => {
  const stderr = "/work/my-work/01-why-mq/tag-filter.ts:10\nconst x = y.z;\n          ^\n\nTypeError: Cannot read properties of undefined (reading 'z')\n"
    + '    at <anonymous> (/work/my-work/01-why-mq/tag-filter.ts:10:68)\n    at ModuleJob.run (node:internal/modules/esm/module_job:325:25)\n\nNode.js v20.20.2\n';
  expect(crashOf(stderr)).toMatch(/^TypeError: Cannot read properties of undefined \(reading 'z'\) \(at .*tag-filter\.ts:10:68\)$/);
  expect(crashOf('Error: boom\n    at node:internal/x:1:1\n')).toBe('Error: boom');
  expect(crashOf('[rocketmq-client-nodejs] can\'t get mac address\n')).toBeUndefined();
});

it('reads the keys of cells and exercises', () => {
  const key = (key: string, code: string, mods: Partial<Record<'shiftKey' | 'altKey' | 'ctrlKey' | 'metaKey', boolean>>) =>
    shortcutOf({ key, code, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, ...mods });
  expect(key('Enter', 'Enter', { shiftKey: true })).toBe('run');
  expect(key('Enter', 'Enter', { shiftKey: true, ctrlKey: true })).toBe('check');
  expect(key('Enter', 'Enter', { shiftKey: true, metaKey: true })).toBe('check');
  expect(key('Ó', 'KeyH', { shiftKey: true, altKey: true })).toBe('hint'); // Option+Shift+H on a Mac
  expect(key('E', 'KeyE', { shiftKey: true, altKey: true })).toBe('editor');
  expect(key('Enter', 'Enter', {})).toBeUndefined();
  expect(key('H', 'KeyH', { shiftKey: true })).toBeUndefined();
});
