/**
 * The one progress record of a workshop, on disk (git-ignored): written by `npm run workshop` and
 * by the sandbox when the page's Check finishes, read by both (the page through /api/progress).
 * The static site has no sandbox and keeps its progress in the browser (src/scripts/progress.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../broker/layout.ts';

export type ExerciseStatus = 'not started' | 'started' | 'failing' | 'done';

export interface ExerciseProgress {
  status: Exclude<ExerciseStatus, 'not started'>;
  /** How many hints `workshop hint` has shown. */
  hintsShown?: number;
  /** When the status last changed (ISO time). */
  at: string;
  /** Who changed it last. */
  by: 'cli' | 'page';
}

export interface ProgressRecord {
  version: 1;
  /** By exercise id ("01-why-mq/exercises/tag-filter"). */
  exercises: Record<string, ExerciseProgress>;
  /** The exercise `workshop start` began last: what `check` and `watch` work on when given none. */
  current?: string;
}

/** WORKBOOK_PROGRESS_FILE moves it (tests use their own). */
export function progressFile(): string {
  return process.env.WORKBOOK_PROGRESS_FILE || path.join(projectRoot, '.workbook', 'progress.json');
}

export function readProgress(): ProgressRecord {
  try {
    const parsed = JSON.parse(fs.readFileSync(progressFile(), 'utf8')) as Partial<ProgressRecord>;
    if (parsed && typeof parsed.exercises === 'object' && parsed.exercises) {
      return { version: 1, exercises: parsed.exercises, ...(typeof parsed.current === 'string' ? { current: parsed.current } : {}) };
    }
  } catch {
    // none yet, or unreadable: start afresh rather than fail a check over it
  }
  return { version: 1, exercises: {} };
}

export function statusOf(record: ProgressRecord, id: string): ExerciseStatus {
  return record.exercises[id]?.status ?? 'not started';
}

/** Change one exercise's entry; written whole to a temporary file and renamed, so a reader never sees half a file. */
export function updateProgress(id: string, change: (entry: ExerciseProgress | undefined) => ExerciseProgress | undefined, makeCurrent = false): ProgressRecord {
  const record = readProgress();
  const next = change(record.exercises[id]);
  if (next) record.exercises[id] = next;
  else delete record.exercises[id];
  if (makeCurrent) record.current = id;
  writeProgress(record);
  return record;
}

/** A check finished: done stays done (a later failing try does not take a passed exercise away). */
export function recordCheck(id: string, passed: boolean, by: ExerciseProgress['by']): ProgressRecord {
  return updateProgress(id, (entry) => ({
    ...entry,
    status: passed || entry?.status === 'done' ? 'done' : 'failing',
    at: new Date().toISOString(),
    by,
  }));
}

/** Forget one exercise, or everything. */
export function resetProgress(id?: string): ProgressRecord {
  if (id) return updateProgress(id, () => undefined);
  const empty: ProgressRecord = { version: 1, exercises: {} };
  writeProgress(empty);
  return empty;
}

function writeProgress(record: ProgressRecord): void {
  const file = progressFile();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`);
  fs.renameSync(temporary, file);
}
