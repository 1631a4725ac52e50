/**
 * /workbook/recordings/<id>.json: each recorded run (recordings/<id>.json), for the static
 * edition's Replay button (src/scripts/replay.ts). Fetched only when a reader replays, so pages
 * stay light; only the events are served, as { events: [{ event, data, t? }] }.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { APIRoute, GetStaticPaths } from 'astro';
import { readRecording, recordingsDir } from '../../../lib/recordings.ts';

export const prerender = true;

/** Every recorded example id: recordings/<id>.json → <id>. */
function recordedExampleIds(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => entry.isDirectory()
    ? recordedExampleIds(path.join(dir, entry.name), `${prefix}${entry.name}/`)
    : entry.name.endsWith('.json') ? [`${prefix}${entry.name.slice(0, -'.json'.length)}`] : []);
}

export const getStaticPaths: GetStaticPaths = () => recordedExampleIds(recordingsDir).map((id) => ({ params: { id } }));

/** The recording's events, as recorded. */
export const GET: APIRoute = ({ params }) => {
  const recording = readRecording(String(params.id));
  return new Response(JSON.stringify({ events: recording?.events ?? [] }), { headers: { 'Content-Type': 'application/json' } });
};
