/**
 * What a run may take: time, output, memory, processes. Rows 8–11 of shared/sandbox-security.md,
 * run against a sandbox with short limits so hostile code is cut quickly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive as alive } from '../../sandbox/broker/processes.ts';
import { startSandbox, type Sandbox } from '../../sandbox/server.ts';
import { rawRequest } from '../support/raw-http.ts';
import { parseEventStream } from '../support/run-cell.ts';

let sandbox: Sandbox;
let patient: Sandbox;

// Time limits are tested with a short limit; everything else with a long one, so a busy machine
// cannot turn a memory or process test into a timeout.
beforeAll(async () => {
  const common = { outputBytes: 200_000, residentMiB: 400, heapMiB: 128 };
  sandbox = await startSandbox({ port: 0, limits: { ...common, defaultRunTimeMs: 4000 } });
  patient = await startSandbox({ port: 0, limits: { ...common, defaultRunTimeMs: 60_000 } });
  // Let the warm processes finish booting, so they do not compete with the first test for the CPU.
  await Promise.all([sandbox.warmPool.ready(), patient.warmPool.ready()]);
});
afterAll(async () => {
  await sandbox.close();
  await patient.close();
});

/** Start edited code as a run; returns its id. */
async function start(code: string, box = patient): Promise<string> {
  const response = await rawRequest(box.port, { method: 'POST', path: '/api/run',
    headers: { 'Content-Type': 'application/json', 'X-Sandbox-Token': box.token },
    body: JSON.stringify({ example: '00-hello/first-send', code }) });
  expect(response.status).toBe(200);
  return JSON.parse(response.body).runId;
}

/** Read a run's event stream to its end. */
async function streamOf(runId: string, box = patient) {
  return parseEventStream((await rawRequest(box.port, { path: `/api/runs/${runId}/events` })).body);
}


describe('time', () => {
  it.each([['a busy loop', 'while (true) {}'], ['a timer that never stops', 'setInterval(() => {}, 1000)']])(
    '8: kills %s at the time limit with a timeout event, and /api/health stays fast meanwhile', async (_label, code) => {
      const runId = await start(code, sandbox);
      const stream = streamOf(runId, sandbox);
      const before = performance.now();
      const health = await rawRequest(sandbox.port, { path: '/api/health' });
      expect(health.status).toBe(200);
      expect(performance.now() - before).toBeLessThan(3000); // the server is not blocked by the child (3 s: busy CI)
      const events = await stream;
      const names = events.map((e) => e.event);
      expect(names).toContain('timeout');
      expect(names.at(-1)).toBe('exit');
      expect(events.at(-1)!.data.code).toBeNull();
    });

  it('stops a run on request: its processes end and the stream closes with exit', async () => {
    const runId = await start('console.log(process.pid); setInterval(() => {}, 1000)');
    const stream = streamOf(runId);
    let pid = 0;
    for (let i = 0; i < 100 && !pid; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50)); // polling the run's own output for its pid
      const partial = await fetchSoFar(runId);
      pid = Number(/(\d+)/.exec(partial)?.[1] ?? 0);
    }
    expect(pid).toBeGreaterThan(0);
    const stop = await rawRequest(patient.port, { method: 'POST', path: `/api/runs/${runId}/stop`, headers: { 'X-Sandbox-Token': patient.token } });
    expect(stop.status).toBe(200);
    const events = await stream;
    expect(events.at(-1)!.event).toBe('exit');
    expect(events.some((e) => e.event === 'timeout')).toBe(false);
    expect(alive(pid)).toBe(false);
  });
});

/** Everything a run has printed so far (the stream is replayed from the start for every reader). */
async function fetchSoFar(runId: string): Promise<string> {
  const controller = new AbortController();
  const response = await fetch(`${patient.url}/api/runs/${runId}/events`, { signal: controller.signal });
  const reader = response.body!.getReader();
  let text = '';
  const deadline = Date.now() + 200;
  while (Date.now() < deadline) {
    const chunk = await Promise.race([reader.read(), new Promise<undefined>((resolve) => setTimeout(resolve, 100))]);
    if (!chunk || chunk.done) break;
    text += new TextDecoder().decode(chunk.value);
  }
  controller.abort();
  return parseEventStream(text.slice(0, text.lastIndexOf('\n\n') + 2)).filter((e) => e.event === 'stdout').map((e) => e.data.text).join('');
}

describe('processes', () => {
  it('9: leaves no descendant behind, even detached ones in their own session', async () => {
    const code = `
      import { spawn } from 'node:child_process';
      const forever = ['-e', 'setInterval(() => {}, 1000)'];
      const detached = spawn(process.execPath, forever, { detached: true, stdio: 'ignore' });
      const clean = spawn(process.execPath, forever, { detached: true, stdio: 'ignore', env: {} });
      const plain = spawn(process.execPath, forever, { stdio: 'ignore' });
      detached.unref(); clean.unref(); plain.unref();
      console.log(JSON.stringify([detached.pid, clean.pid, plain.pid]));
      setTimeout(() => process.exit(0), 800);`;
    const events = await streamOf(await start(code));
    const pids = JSON.parse(events.filter((e) => e.event === 'stdout').map((e) => e.data.text).join('')) as number[];
    expect(pids).toHaveLength(3);
    expect(events.at(-1)!.data.code).toBe(0);
    for (const pid of pids) expect(alive(pid), `pid ${pid}`).toBe(false);
  });
});

describe('output and memory', () => {
  it('10: cuts 100 MB of output at the cap with a limit event and kills the child; the server\'s memory stays flat', async () => {
    const before = process.memoryUsage().rss;
    const events = await streamOf(await start(`const line = 'x'.repeat(1_000_000); for (let i = 0; i < 100; i++) process.stdout.write(line);`));
    const limit = events.find((e) => e.event === 'limit');
    expect(limit?.data).toEqual({ what: 'output', limit: 200_000 });
    const printed = events.filter((e) => e.event === 'stdout').reduce((sum, e) => sum + e.data.text.length, 0);
    expect(printed).toBeLessThanOrEqual(200_000 + 65_536); // at most one pipe chunk past the cap
    expect(events.at(-1)!.event).toBe('exit');
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * 1024 * 1024);
  });

  it('10: counts the structured-event channel against the cap too, even without a newline', async () => {
    const events = await streamOf(await start(`import fs from 'node:fs'; const chunk = 'x'.repeat(65536); for (;;) fs.writeSync(3, chunk);`));
    expect(events.find((e) => e.event === 'limit')?.data).toEqual({ what: 'output', limit: 200_000 });
    expect(events.at(-1)!.event).toBe('exit');
  });

  it('11: the memory limit covers grandchildren (an exercise check runs the reader\'s code in one)', async () => {
    const code = `import { spawn } from 'node:child_process';
      const hog = spawn(process.execPath, ['-e', 'const kept = []; for (;;) kept.push(Buffer.alloc(50 * 1024 * 1024, 1))'], { stdio: 'inherit' });
      await new Promise((resolve) => hog.on('exit', resolve));`;
    const events = await streamOf(await start(code));
    expect(events.find((e) => e.event === 'limit')?.data.what).toBe('memory');
    expect(events.some((e) => e.event === 'timeout')).toBe(false);
  });

  it.each([
    ['buffers outside the V8 heap', 'const kept = []; for (;;) kept.push(Buffer.alloc(50 * 1024 * 1024, 1));'],
    ['objects on the V8 heap', 'const kept = []; for (;;) kept.push(new Array(1_000_000).fill({ x: 1 }));'],
  ])('11: a child allocating gigabytes of %s dies of its memory limit; the server keeps running', async (_label, code) => {
    const events = await streamOf(await start(code));
    expect(events.find((e) => e.event === 'limit')?.data.what).toBe('memory');
    expect(events.at(-1)!.event).toBe('exit');
    expect(events.at(-1)!.data.code).not.toBe(0);
    expect((await rawRequest(patient.port, { path: '/api/health' })).status).toBe(200);
  });
});

describe('bad code', () => {
  it('reports a syntax error with file, line and column, and exit code 1', async () => {
    const events = await streamOf(await start('const x = ;'));
    const stderr = events.filter((e) => e.event === 'stderr').map((e) => e.data.text).join('');
    expect(stderr).toMatch(/first-send\.ts:1:\d+: /);
    expect(events.at(-1)!.data.code).toBe(1);
  });

  it('shows an uncaught error with its message and a non-zero exit code', async () => {
    const events = await streamOf(await start('throw new Error("boom from the example")'));
    expect(events.filter((e) => e.event === 'stderr').map((e) => e.data.text).join('')).toContain('boom from the example');
    expect(events.at(-1)!.data.code).not.toBe(0);
  });

  it('delivers structured events from emit() as event messages', async () => {
    const code = `import { emit } from '../lib/workbook.ts'; emit({ kind: 'sample', produced: 3, consumed: 1, backlog: 2 }); console.log('ok');`;
    const events = await streamOf(await start(code));
    expect(events.filter((e) => e.event === 'event').map((e) => e.data)).toEqual([{ kind: 'sample', produced: 3, consumed: 1, backlog: 2 }]);
  });
});
