/**
 * The workshop's progress record for the page: read it, reset it. The server has checked Host,
 * Origin, Fetch Metadata and the token before a request gets here (sandbox/server.ts).
 */
import type { ProgressResponse } from '../protocol.ts';
import { workshopExercises } from '../workshop/exercises.ts';
import { readProgress, resetProgress, statusOf } from '../workshop/progress.ts';

export function progressResponse(): ProgressResponse {
  const record = readProgress();
  return {
    exercises: workshopExercises().map((exercise) => ({
      id: exercise.id, chapter: exercise.chapter, title: exercise.title, status: statusOf(record, exercise.id),
    })),
  };
}

/** Reset one exercise (a known id) or, with none, all progress; the attendee's files are never touched. */
export function resetFromRequest(body: unknown): { status: 200; body: ProgressResponse } | { status: 400; body: { error: string } } {
  const exercise = (body as { exercise?: unknown } | null)?.exercise;
  if (exercise !== undefined && (typeof exercise !== 'string' || !workshopExercises().some((known) => known.id === exercise))) {
    return { status: 400, body: { error: 'exercise must be the id of an exercise on the site, or left out to reset everything' } };
  }
  resetProgress(exercise);
  return { status: 200, body: progressResponse() };
}
