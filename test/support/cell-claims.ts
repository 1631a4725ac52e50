/** Reading a cell's "What you should see" claims back from its run: shared by the chapter tests. */
import { expect } from 'vitest';
import { runCell, type CellResult } from './run-cell.ts';

/** Run a cell and insist it ended cleanly; the output travels with every failure message. */
export async function cleanRun(id: string): Promise<CellResult> {
  const result = await runCell(id);
  expect(result.timedOut, result.stdout + result.stderr).toBe(false);
  expect(result.exitCode, result.stdout + result.stderr).toBe(0);
  return result;
}

/** The numbers a line matching `pattern` carries; fails the test when no line matches. */
export function numbersOf(result: CellResult, pattern: RegExp): number[] {
  const match = pattern.exec(result.stdout);
  expect(match, `no line matches ${pattern} in:\n${result.stdout}`).not.toBeNull();
  return match!.slice(1).map(Number);
}
