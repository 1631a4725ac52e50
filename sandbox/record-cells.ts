/**
 * `npm run record`: run every example cell of every chapter through the sandbox against the real
 * broker and save what it streamed to recordings/<id>.json. The static site shows these,
 * labelled as recorded, where no sandbox runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './broker/layout.ts';
import { chapterCells } from './chapter-cells.ts';
import { parseEventStream } from './event-stream.ts';
import { pressOutageOnCue } from './faults/press-on-cue.ts';
import { startSandbox } from './server.ts';

const only = process.argv[2];
const sandbox = await startSandbox({ port: 0 });
let failed = 0;
for (const cell of chapterCells().filter((c) => c.kind === 'example' && (!only || c.id.startsWith(only)))) {
  const response = await fetch(`${sandbox.url}/api/run`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Sandbox-Token': sandbox.token }, body: JSON.stringify({ example: cell.id }),
  });
  const { runId } = (await response.json()) as { runId: string };
  void pressOutageOnCue(sandbox, runId); // @outage cells: pause the broker when the cell says so
  const text = await (await fetch(`${sandbox.url}/api/runs/${runId}/events`)).text();
  const events = parseEventStream(text).filter((e) => e.event !== 'start');
  const exit = events.at(-1)?.data as { code: number | null } | undefined;
  if (exit?.code !== 0) {
    failed++;
    console.error(`✗ ${cell.id} exited ${exit?.code}; not recorded`);
    continue;
  }
  const file = path.join(projectRoot, 'recordings', `${cell.id}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ recordedAt: new Date().toISOString(), events }, null, 1)}\n`);
  console.log(`✓ ${cell.id}`);
}
await sandbox.close();
process.exit(failed ? 1 : 0);
