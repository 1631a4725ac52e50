/**
 * Exercise progress. A static copy of the site keeps it per chapter in localStorage (an exercise is
 * done once its check passed); under the sandbox the page also reads the workshop's record on disk.
 */
import type { ProgressResponse } from '../../sandbox/protocol.ts';

/** The chapter an exercise belongs to: the first part of its id ("01-why-mq/exercises/fanout" → "01-why-mq"). */
export const chapterOf = (exerciseId: string) => exerciseId.split('/')[0];

const keyOf = (exerciseId: string) => `wb-progress:${chapterOf(exerciseId)}`;

/** The ids of the done exercises of one chapter. */
export function doneExercises(chapter: string): string[] {
  try {
    const stored = JSON.parse(localStorage.getItem(`wb-progress:${chapter}`) ?? '[]') as unknown;
    return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/** Whether an exercise's check has passed in this browser. */
export function isDone(exerciseId: string): boolean {
  return doneExercises(chapterOf(exerciseId)).includes(exerciseId);
}

/** Record that an exercise's check passed. */
export function markDone(exerciseId: string): void {
  const done = new Set(doneExercises(chapterOf(exerciseId)));
  done.add(exerciseId);
  try {
    localStorage.setItem(keyOf(exerciseId), JSON.stringify([...done]));
  } catch {
    // storage disabled: the badge shows until the page is left
  }
}

/** Forget the done exercises of this browser. */
export function clearDone(): void {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith('wb-progress:')) localStorage.removeItem(key);
  } catch {
    // storage disabled: nothing kept
  }
}

/** Served by the sandbox: the workshop's record on disk, shared with `npm run workshop` (sandbox/workshop/progress.ts). */
let sharedOnce: Promise<ProgressResponse | undefined> | undefined;

/** The sandbox's progress record, asked once a page; undefined on a static copy or when it cannot be read. */
export function sharedProgress(token: string | undefined, fresh = false): Promise<ProgressResponse | undefined> {
  if (!token) return Promise.resolve(undefined);
  if (fresh) sharedOnce = undefined;
  sharedOnce ??= fetch('/api/progress', { headers: { Accept: 'application/json', 'X-Sandbox-Token': token } })
    .then((response) => (response.ok ? (response.json() as Promise<ProgressResponse>) : undefined))
    .catch(() => undefined);
  return sharedOnce;
}

/** Reset the sandbox's record (one exercise, or all); the reader's files stay. */
export async function resetSharedProgress(token: string, exercise?: string): Promise<ProgressResponse> {
  const response = await fetch('/api/progress/reset', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Sandbox-Token': token },
    body: JSON.stringify(exercise ? { exercise } : {}),
  });
  if (!response.ok) throw new Error(((await response.json()) as { error?: string }).error ?? `HTTP ${response.status}`);
  sharedOnce = Promise.resolve((await response.json()) as ProgressResponse);
  return sharedOnce as Promise<ProgressResponse>;
}
