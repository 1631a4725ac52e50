/**
 * The page shows the tested file: every cell of every chapter runs through the sandbox API,
 * exactly as the page runs it, against the real broker. Chapter tests assert what each cell
 * demonstrates; this one guarantees that no cell on any page is broken.
 *
 * runCell() gives this file and the chapter tests one shared run per cell (test/support/cell-locks.ts):
 * a cell a chapter test has run (or is running) is not run again here. Cells run a few at a time
 * (`maxConcurrency` in vitest.config.ts), as the chapter test files do beside this one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chapterCells } from '../../sandbox/chapter-cells.ts';
import { examplesDir } from '../../sandbox/examples.ts';
import { closeSandbox, runCell } from '../support/run-cell.ts';

afterAll(() => closeSandbox());

const cells = chapterCells();

it('finds the cells of chapters 0 and 1', () => {
  expect(cells.filter((cell) => cell.chapter.startsWith('00-')).length).toBeGreaterThanOrEqual(3);
  expect(cells.filter((cell) => cell.chapter.startsWith('01-')).length).toBeGreaterThanOrEqual(5);
});

describe.each([...new Set(cells.map((cell) => cell.chapter))])('%s', (chapter) => {
  for (const cell of cells.filter((c) => c.chapter === chapter)) {
    if (cell.kind === 'example') {
      it.concurrent(`runs ${cell.id} to a clean exit`, async () => {
        const result = await runCell(cell.id);
        expect(result.timedOut, result.stdout + result.stderr).toBe(false);
        expect(result.exitCode, result.stderr).toBe(0);
        expect(result.stdout.trim().length).toBeGreaterThan(0);
      });
    } else {
      it.concurrent(`passes the check of ${cell.id} with its reference solution, as the page's Check button sends it`, async () => {
        const solution = fs.readFileSync(path.join(examplesDir, cell.id, 'solution.ts'), 'utf8');
        const result = await runCell(`${cell.id}/check`, { underTest: solution });
        expect(result.exitCode, result.stdout + result.stderr).toBe(0);
        expect(result.stdout).toContain('✓');
        expect(result.stdout).not.toContain('✗');
      });
    }
  }
});
