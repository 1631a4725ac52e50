/**
 * `npm run bench:outage`: the two ways to take the local broker away during chapter 1's outage
 * cell, side by side. "stop-start" is what `npm run broker -- stop` / `start` do (SIGTERM, then
 * a fresh JVM); "pause" is SIGSTOP / SIGCONT of the broker JVM (what the page's control does).
 * For each: how long the fault itself takes to apply and to undo, how long after the fault the
 * cell prints its first FAILED line, and how long after the broker is back it prints "OK again".
 * Needs a running local broker (`npm run broker -- start`). BENCH_HOLD_S sets the outage (15 s, as the page's control);
 * BENCH_MODES picks the faults (default "pause,stop-start").
 */
import fs from 'node:fs';
import path from 'node:path';
import { brokerAnswers, startBroker, stopBroker } from '../sandbox/broker/local-broker.ts';
import { streamEvents } from '../sandbox/event-stream.ts';
import { examplesDir } from '../sandbox/examples.ts';
import { pauseBroker } from '../sandbox/faults/pause.ts';
import { startSandbox } from '../sandbox/server.ts';

const holdMs = Number(process.env.BENCH_HOLD_S ?? 15) * 1000;
const example = '01-why-mq/costs/broker-outage';
const quiet = () => {};
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

if (!(await brokerAnswers()).ok) {
  console.error('No broker answers: run `npm run broker -- start` first.');
  process.exit(1);
}

/** Take the broker away; resolves when it is gone, with a function that brings it back. */
type Fault = () => Promise<() => Promise<void>>;
const faults: Record<string, Fault> = {
  'stop-start': async () => {
    await stopBroker(quiet);
    return async () => {
      await startBroker(quiet);
    };
  },
  pause: async () => {
    const pause = pauseBroker(holdMs / 1000 + 30)!;
    return async () => pause.resume();
  },
};

// A long window, so a slow restart still ends in a recovery.
const original = fs.readFileSync(path.join(examplesDir, `${example}.ts`), 'utf8');
const code = original.replace(/^\/\/ @timeout \d+s$/m, '// @timeout 180s').replace(/^const WAIT_FOR_RECOVERY_MS = .*$/m, 'const WAIT_FOR_RECOVERY_MS = 170_000;');
if (!code.includes('180s') || !code.includes('170_000')) throw new Error(`${example} changed: update how this bench lengthens it`);
const sandbox = await startSandbox({ port: 0 });

const modes = (process.env.BENCH_MODES ?? 'pause,stop-start').split(',');
for (const name of modes) {
  const fault = faults[name];
  if (!fault) throw new Error(`BENCH_MODES: unknown fault "${name}" (known: ${Object.keys(faults).join(', ')})`);
  const response = await fetch(`${sandbox.url}/api/run`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Sandbox-Token': sandbox.token }, body: JSON.stringify({ example, code }),
  });
  const { runId } = (await response.json()) as { runId: string };
  let stdout = '';
  let faultAt = 0;
  let goneAt = 0;
  let backAt = 0;
  let firstFailedAt = 0;
  let okAgainAt = 0;
  let applying: Promise<void> | undefined;
  for await (const { event, data } of streamEvents(await fetch(`${sandbox.url}/api/runs/${runId}/events`))) {
    if (event !== 'stdout') continue;
    stdout += data.text;
    if (!firstFailedAt && / FAILED /.test(data.text)) firstFailedAt = performance.now();
    if (!okAgainAt && / OK again/.test(data.text)) okAgainAt = performance.now();
    if (!applying && (stdout.match(/ OK /g) ?? []).length >= 3) {
      faultAt = performance.now();
      applying = (async () => {
        const restore = await fault();
        goneAt = performance.now();
        await new Promise((resolve) => setTimeout(resolve, holdMs));
        const restoring = performance.now();
        // Under heavy load a start can pass startBroker's own 120 s limit: note it, and wait on.
        await restore().catch((error: Error) => console.log(`  ${name}: ${error.message.split('\n')[0]}`));
        while (!(await brokerAnswers()).ok) await new Promise((resolve) => setTimeout(resolve, 500));
        backAt = performance.now();
        console.log(`  ${name}: undoing the fault took ${seconds(backAt - restoring)}`);
      })();
    }
  }
  await applying;
  const failures = stdout.split('\n').filter((line) => / FAILED /.test(line));
  console.log(`${name} (outage held ${seconds(holdMs)}):`);
  console.log(`  applying the fault took          ${seconds(goneAt - faultAt)}`);
  console.log(`  first FAILED line after the fault ${firstFailedAt ? seconds(firstFailedAt - faultAt) : 'never'}`);
  console.log(`  "OK again" after the broker was back ${okAgainAt ? seconds(okAgainAt - backAt) : 'never'}`);
  console.log(`  fault to "OK again"               ${okAgainAt ? seconds(okAgainAt - faultAt) : 'never'}`);
  console.log(`  failed sends ${failures.length}; first: ${failures[0]?.trim() ?? '-'}`);
  console.log(`  ${/^summary: .*$/m.exec(stdout)?.[0] ?? 'no summary'}`);
  if (process.env.BENCH_VERBOSE) console.log(stdout);
}
await sandbox.close();
process.exit(0);
