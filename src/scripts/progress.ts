/** Exercise progress per chapter, in localStorage: an exercise is done once its check passed. */

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
