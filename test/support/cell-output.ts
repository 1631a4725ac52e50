/** Reading what a cell printed and emitted, for chapter tests: a clean run, the numbers of a line, its timeline marks. */
import { expect } from 'vitest';
import { runCell, type CellResult } from './run-cell.ts';

/** Run a cell (optionally with edited code) and insist it ended cleanly; the output travels with every failure message. */
export async function cleanRun(id: string, code?: string): Promise<CellResult> {
  const result = await runCell(id, code === undefined ? {} : { code });
  expect(result.timedOut, result.stdout + result.stderr).toBe(false);
  expect(result.exitCode, result.stdout + result.stderr).toBe(0);
  return result;
}

/** The captured groups of the first line matching `pattern`, as numbers; fails the test when no line matches. */
export function numbersOf(result: CellResult, pattern: RegExp): number[] {
  return textsOf(result, pattern).map(Number);
}

/** The captured groups of the first line matching `pattern`; fails the test when no line matches. */
export function textsOf(result: CellResult, pattern: RegExp): string[] {
  const match = pattern.exec(result.stdout);
  expect(match, `no line matches ${pattern} in:\n${result.stdout}`).not.toBeNull();
  return match!.slice(1);
}

/** A timeline mark, as examples/lib/timeline.ts emits it. */
export interface Mark {
  lane: string;
  label: string;
  t: number;
  id?: string;
  detail?: string;
}

/** The timeline marks a run emitted, in order. */
export function marksOf(result: CellResult): Mark[] {
  return result.events.filter((event) => event.kind === 'mark') as unknown as Mark[];
}

/** The first mark on `lane` whose label starts with `label` (and with `id`, if given); fails the test when there is none. */
export function markAt(marks: Mark[], lane: string, label: string, id?: string): Mark {
  const found = marks.find((m) => m.lane === lane && m.label.startsWith(label) && (id === undefined || m.id === id));
  expect(found, `no mark ${lane} / ${label}${id ? ` / ${id}` : ''} in ${JSON.stringify(marks)}`).toBeDefined();
  return found!;
}

/** A cell's source with `name = …;` set to `value`, for claims the prose makes about an edited constant. */
export function withConstant(source: string, name: string, value: string): string {
  const pattern = new RegExp(`^(const ${name} = )[^;]+;`, 'm');
  expect(source).toMatch(pattern);
  return source.replace(pattern, `$1${value};`);
}
