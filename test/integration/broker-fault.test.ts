/**
 * The page's broker fault (POST /api/runs/<runId>/fault, sandbox/faults/): who may ask for it,
 * when, and that the real broker always answers again — after the fault's time, a Stop, the
 * sandbox closing, and even the death of the process that paused it.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, expect, it } from 'vitest';
import { brokerAnswers } from '../../sandbox/broker/local-broker.ts';
import { runningPid, waitMs } from '../../sandbox/broker/processes.ts';
import { isStopped } from '../../sandbox/faults/pause.ts';
import type { HealthResponse } from '../../sandbox/protocol.ts';
import { startSandbox, type Sandbox } from '../../sandbox/server.ts';
import { streamEvents } from '../../sandbox/event-stream.ts';
import { closeSandbox, sandbox } from '../support/run-cell.ts';

const outageCell = '01-why-mq/costs/broker-outage';
type Streamed = { event: string; data: Record<string, any> };

afterEach(async () => {
  // Whatever a test did, the broker must be running and answering before the next one.
  expect(isStopped(runningPid('broker')!)).toBe(false);
  expect((await brokerAnswers()).ok).toBe(true);
});
afterAll(() => closeSandbox());

/** Start `example` and read its stream until `until` holds (the run is then under way); `rest` is the whole stream. */
async function startRun(box: Sandbox, example: string, until: (e: Streamed) => boolean): Promise<{ runId: string; rest: Promise<Streamed[]> }> {
  const response = await fetch(`${box.url}/api/run`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Sandbox-Token': box.token }, body: JSON.stringify({ example }),
  });
  const { runId } = (await response.json()) as { runId: string };
  const events = streamEvents(await fetch(`${box.url}/api/runs/${runId}/events`));
  const seen: Streamed[] = [];
  // Read by hand: leaving a for-await loop early would close the stream.
  for (let next = await events.next(); !next.done; next = await events.next()) {
    seen.push(next.value);
    if (until(next.value) || isExit(next.value)) break;
  }
  const rest = (async () => {
    for await (const e of events) seen.push(e);
    return seen;
  })();
  return { runId, rest };
}

const isCue = (e: Streamed) => e.event === 'event' && e.data.kind === 'outage-cue';
const isExit = (e: Streamed) => e.event === 'exit';
const faultMarks = (events: Streamed[]) => events.filter((e) => e.event === 'event' && e.data.kind === 'mark' && e.data.lane === 'broker');

function askForFault(box: Sandbox, runId: string, headers: Record<string, string> = { 'X-Sandbox-Token': box.token }) {
  return fetch(`${box.url}/api/runs/${runId}/fault`, { method: 'POST', headers });
}

it('refuses without the token, and from another origin', async () => {
  const box = await sandbox();
  const { runId, rest } = await startRun(box, outageCell, isCue);
  expect((await askForFault(box, runId, {})).status).toBe(401);
  expect((await askForFault(box, runId, { 'X-Sandbox-Token': 'x'.repeat(43) })).status).toBe(401);
  expect((await askForFault(box, runId, { 'X-Sandbox-Token': box.token, Origin: 'http://localhost:4321.evil.example' })).status).toBe(403);
  expect(isStopped(runningPid('broker')!)).toBe(false);
  await fetch(`${box.url}/api/runs/${runId}/stop`, { method: 'POST', headers: { 'X-Sandbox-Token': box.token } });
  expect(faultMarks(await rest)).toEqual([]);
});

it('refuses when no outage cell runs: a cell without // @outage, a finished outage run, an unknown run', async () => {
  const box = await sandbox();
  const hello = await startRun(box, '00-hello/first-send', isExit);
  await hello.rest;
  const refused = await askForFault(box, hello.runId);
  expect(refused.status).toBe(400);
  expect(((await refused.json()) as { error: string }).error).toMatch(/does not demonstrate an outage/);

  const outage = await startRun(box, outageCell, isCue);
  await fetch(`${box.url}/api/runs/${outage.runId}/stop`, { method: 'POST', headers: { 'X-Sandbox-Token': box.token } });
  await outage.rest;
  const late = await askForFault(box, outage.runId);
  expect(late.status).toBe(409);
  expect(((await late.json()) as { error: string }).error).toMatch(/not running/);

  expect((await askForFault(box, 'A'.repeat(24))).status).toBe(404);
});

it('refuses for a broker the workbook did not start (given by ROCKETMQ_ENDPOINTS), and /api/health says why', async () => {
  const box = await sandbox();
  const health = async () => ((await (await fetch(`${box.url}/api/health`)).json()) as HealthResponse).faults;
  expect(await health()).toEqual({ available: true });
  const { runId, rest } = await startRun(box, outageCell, isCue);
  process.env.ROCKETMQ_ENDPOINTS = '127.0.0.1:8081';
  try {
    const refused = await askForFault(box, runId);
    expect(refused.status).toBe(503);
    const { error } = (await refused.json()) as { error: string };
    expect(error).toMatch(/ROCKETMQ_ENDPOINTS=127\.0\.0\.1:8081, which it did not start/);
    await waitMs(2100); // /api/health caches its answer for 2 s
    expect(await health()).toEqual({ available: false, reason: error });
  } finally {
    delete process.env.ROCKETMQ_ENDPOINTS;
  }
  await fetch(`${box.url}/api/runs/${runId}/stop`, { method: 'POST', headers: { 'X-Sandbox-Token': box.token } });
  expect(faultMarks(await rest)).toEqual([]);
});

it('pauses the broker once at a time, and a Stop ends the fault before the run\'s exit', async () => {
  const box = await sandbox();
  const { runId, rest } = await startRun(box, outageCell, isCue);
  const answer = await askForFault(box, runId);
  expect(answer.status).toBe(200);
  expect(await answer.json()).toEqual({ fault: { kind: 'pause', seconds: 15 } });
  await expect.poll(() => isStopped(runningPid('broker')!), { timeout: 5000 }).toBe(true);
  const again = await askForFault(box, runId);
  expect(again.status).toBe(409);
  expect(((await again.json()) as { error: string }).error).toMatch(/already paused/);

  await fetch(`${box.url}/api/runs/${runId}/stop`, { method: 'POST', headers: { 'X-Sandbox-Token': box.token } });
  const events = await rest;
  const [start, end] = faultMarks(events);
  expect(start.data).toMatchObject({ fault: 'start', seconds: 15 });
  expect(end.data).toMatchObject({ fault: 'end', endedBy: 'run' });
  expect(events.indexOf(end)).toBeLessThan(events.findIndex(isExit));
});

it('resumes the broker when the sandbox closes mid-fault', async () => {
  const box = await startSandbox({ port: 0 });
  try {
    const { runId } = await startRun(box, outageCell, isCue);
    expect((await askForFault(box, runId)).status).toBe(200);
    await expect.poll(() => isStopped(runningPid('broker')!), { timeout: 5000 }).toBe(true);
  } finally {
    await box.close();
  }
  // close() sends SIGCONT before it waits for the runs to end: by now the JVM runs.
  expect(isStopped(runningPid('broker')!)).toBe(false);
});

it('resumes the broker even when the process that paused it is killed (the watchdog)', async () => {
  const pid = runningPid('broker')!;
  // A process that pauses the broker for 3 s and dies at once, as a sandbox killed with SIGKILL would.
  const pauseModule = pathToFileURL(path.resolve('sandbox/faults/pause.ts')).href;
  const script = `import { pauseBroker } from '${pauseModule}'; pauseBroker(3); process.kill(process.pid, 'SIGKILL');`;
  const child = spawn('npx', ['tsx', '--eval', script], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  expect(child.exitCode).not.toBe(0);
  // It left the broker paused, and only the watchdog is left to resume it (3 s + its 2 s margin).
  expect(isStopped(pid)).toBe(true);
  await expect.poll(() => isStopped(pid), { timeout: 30_000, interval: 100 }).toBe(false);
});

it('a sandbox that starts resumes a broker left paused', async () => {
  const pid = runningPid('broker')!;
  process.kill(pid, 'SIGSTOP');
  await expect.poll(() => isStopped(pid)).toBe(true);
  const box = await startSandbox({ port: 0 });
  await box.close();
  await expect.poll(() => isStopped(pid), { timeout: 2000 }).toBe(false);
});
