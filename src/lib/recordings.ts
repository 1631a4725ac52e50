/**
 * recordings/<id>.json: the output of a real run of examples/<id>.ts, shown on static copies of
 * the site. `npm run record -- <id>` writes one (sandbox/record-cells.ts).
 *
 *   { recordedAt, sourceHash, rocketmqVersion, events: [{ event, data, t }] }
 *
 * `sourceHash` is hashText() of the example's source when it ran: a recording whose hash differs
 * from the file today is stale (test/unit/recordings.test.ts fails and names it). `t` is ms since
 * the run started, so a recording can be replayed with its timing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RunEventName } from '../../sandbox/protocol.ts';
import { examplesDir, hashText } from './examples.ts';

/** One recorded SSE event: its name, its JSON data as the sandbox sent it, and when it arrived (ms since the run started). */
export interface RecordedEvent {
  event: RunEventName | string;
  data: Record<string, unknown>;
  t?: number;
}

/** A recorded run. Recordings made before hashes and versions existed lack them: they count as stale. */
export interface Recording {
  /** ISO date and time of the run. */
  recordedAt: string;
  /** hashText() of examples/<id>.ts when it ran. */
  sourceHash?: string;
  /** The RocketMQ version of the broker it ran against, e.g. "5.3.3". */
  rocketmqVersion?: string;
  events: RecordedEvent[];
}

/** The folder recordings live in, one JSON file per example id. */
export const recordingsDir = path.resolve('recordings');

/** Read the recording of an example, or undefined when there is none; throws when the file is not a recording. */
export function readRecording(id: string, dir = recordingsDir): Recording | undefined {
  const file = path.join(dir, `${id}.json`);
  if (!fs.existsSync(file)) return undefined;
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Recording>;
  if (typeof parsed.recordedAt !== 'string' || !Array.isArray(parsed.events)) {
    throw new Error(`recordings/${id}.json: expected { recordedAt, sourceHash, rocketmqVersion, events: [...] }`);
  }
  return { recordedAt: parsed.recordedAt, sourceHash: parsed.sourceHash, rocketmqVersion: parsed.rocketmqVersion, events: parsed.events };
}

/** The recording's date for people, e.g. "27 November 2025" (fixed locale and zone, so builds are reproducible). */
export function recordedDate(recording: Recording): string {
  return new Date(recording.recordedAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** When and against what: "27 November 2025 against RocketMQ 5.3.3" (the version only when the recording has one). */
export function recordedWhen(recording: Recording): string {
  const date = recordedDate(recording);
  return recording.rocketmqVersion ? `${date} against RocketMQ ${recording.rocketmqVersion}` : date;
}

/** Every example id that has a recording under `dir`. */
export function recordedIds(dir = recordingsDir): string[] {
  const walk = (folder: string, prefix: string): string[] => fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(path.join(folder, entry.name), `${prefix}${entry.name}/`)
      : entry.name.endsWith('.json') ? [`${prefix}${entry.name.slice(0, -'.json'.length)}`] : []);
  return fs.existsSync(dir) ? walk(dir, '').sort() : [];
}

/** A recording that no longer shows its example as the file is today, and why. */
export interface StaleRecording {
  file: string;
  reason: string;
}

/** The recordings under `dir` whose example changed since they were made (or is gone, or that lack the hash). */
export function staleRecordings(dir = recordingsDir, examples = examplesDir): StaleRecording[] {
  const stale: StaleRecording[] = [];
  for (const id of recordedIds(dir)) {
    const file = `recordings/${id}.json`;
    const source = path.join(examples, `${id}.ts`);
    const recording = readRecording(id, dir)!;
    if (!fs.existsSync(source)) stale.push({ file, reason: `examples/${id}.ts does not exist any more: delete the recording` });
    else if (!recording.sourceHash) stale.push({ file, reason: 'made before recordings carried their source hash' });
    else if (recording.sourceHash !== hashText(fs.readFileSync(source, 'utf8'))) stale.push({ file, reason: `examples/${id}.ts changed since it was recorded` });
  }
  return stale;
}
