/**
 * `npm run record [-- <id prefix>]`: run every example cell of every chapter (or those whose id
 * starts with the prefix) through the sandbox against the real broker, and save what it streamed
 * to recordings/<id>.json (format: src/lib/recordings.ts). The static site shows these, labelled
 * as recorded, with their date and RocketMQ version, where no sandbox runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { hashText } from '../src/lib/examples.ts';
import type { RecordedEvent, Recording } from '../src/lib/recordings.ts';
import { brokerState } from './broker/local-broker.ts';
import { projectRoot } from './broker/layout.ts';
import { chapterCells } from './chapter-cells.ts';
import { streamEvents } from './event-stream.ts';
import { examplesDir } from './examples.ts';
import { pressOutageOnCue } from './faults/press-on-cue.ts';
import { startSandbox, type Sandbox } from './server.ts';

/** Run one example through the sandbox and collect its events, each stamped with ms since the run's `start`. */
async function recordRun(sandbox: Sandbox, id: string): Promise<RecordedEvent[]> {
  const started = await fetch(`${sandbox.url}/api/run`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Sandbox-Token': sandbox.token }, body: JSON.stringify({ example: id }),
  });
  const { runId, error } = (await started.json()) as { runId?: string; error?: string };
  if (!runId) throw new Error(`the sandbox refused ${id}: ${error}`);
  void pressOutageOnCue(sandbox, runId); // @outage cells: pause the broker when the cell says so
  const stream = await fetch(`${sandbox.url}/api/runs/${runId}/events`);
  const events: RecordedEvent[] = [];
  let startedAt: number | undefined;
  for await (const { event, data } of streamEvents(stream)) {
    const now = Date.now();
    startedAt ??= now;
    if (event !== 'start') events.push({ event, data, t: now - startedAt });
  }
  return events;
}

const only = process.argv[2];
const broker = await brokerState();
if (!broker.ready || !broker.version) {
  console.error(`The broker is not ready (${broker.reason ?? 'no version reported'}): start it with \`npm run broker -- start\`, then record again.`);
  process.exit(1);
}
// The broker says "V5_3_3".
const rocketmqVersion = broker.version.replace(/^V/, '').replaceAll('_', '.');
const cells = chapterCells().filter((c) => c.kind === 'example' && (!only || c.id.startsWith(only)));
if (!cells.length) {
  console.error(`No example cell on any page has an id starting with "${only}".`);
  process.exit(1);
}

const sandbox = await startSandbox({ port: 0 });
let failed = 0;
for (const cell of cells) {
  // Hash the file as it is when the run starts: the same hash the page gives the cell.
  const sourceHash = hashText(fs.readFileSync(path.join(examplesDir, `${cell.id}.ts`), 'utf8'));
  const events = await recordRun(sandbox, cell.id);
  const exit = events.find((e) => e.event === 'exit')?.data as { code: number | null } | undefined;
  if (exit?.code !== 0) {
    failed++;
    // The end of what it printed says why: a timeout, a broker error, a crash.
    const output = events.filter((e) => e.event === 'stdout' || e.event === 'stderr' || e.event === 'timeout')
      .map((e) => (e.event === 'timeout' ? `(timed out after ${Number(e.data.limitMs) / 1000} s)\n` : String(e.data.text))).join('');
    const tail = output.trimEnd().split('\n').filter((line) => !/^\s+at /.test(line)).slice(-6).map((line) => `    ${line}`).join('\n');
    console.error(`✗ ${cell.id} exited ${exit?.code}; not recorded. The end of its output:\n${tail}`);
    continue;
  }
  const recording: Recording = { recordedAt: new Date().toISOString(), sourceHash, rocketmqVersion, events };
  const file = path.join(projectRoot, 'recordings', `${cell.id}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(recording, null, 1)}\n`);
  console.log(`✓ ${cell.id} (${((events.at(-1)?.t ?? 0) / 1000).toFixed(1)} s, RocketMQ ${rocketmqVersion})`);
}
await sandbox.close();
process.exit(failed ? 1 : 0);
