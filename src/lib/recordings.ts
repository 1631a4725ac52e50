/** Build-time access to recordings/<id>.json: the output of a real run, shown on static copies of the site. */
import fs from 'node:fs';
import path from 'node:path';
import type { RunEventName } from '../../sandbox/protocol.ts';

/** One recorded SSE event: its name and its JSON data, as the sandbox sent them. */
export interface RecordedEvent {
  event: RunEventName | string;
  data: Record<string, unknown>;
}

/** A recorded run: when it ran and everything it streamed. */
export interface Recording {
  recordedAt: string;
  events: RecordedEvent[];
}

/** The folder recordings live in, one JSON file per example id. */
export const recordingsDir = path.resolve('recordings');

/** Read the recording of an example, or undefined when there is none (or it is not a recording). */
export function readRecording(id: string): Recording | undefined {
  const file = path.join(recordingsDir, `${id}.json`);
  if (!fs.existsSync(file)) return undefined;
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Recording>;
  if (typeof parsed.recordedAt !== 'string' || !Array.isArray(parsed.events)) {
    throw new Error(`recordings/${id}.json: expected { recordedAt: string, events: [...] }`);
  }
  return { recordedAt: parsed.recordedAt, events: parsed.events };
}

/** The recording's date for people, e.g. "27 November 2025" (fixed locale and zone, so builds are reproducible). */
export function recordedDate(recording: Recording): string {
  return new Date(recording.recordedAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
