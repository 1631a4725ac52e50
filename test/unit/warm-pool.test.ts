/**
 * The warm pool (sandbox/runner/warm-pool.ts): processes booted ahead of time so runs and both
 * programs of a Check start at once. Each is handed to one run only, and a run cannot tell a
 * warm process from a freshly started one: same environment, arguments and limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive } from '../../sandbox/broker/processes.ts';
import { limits } from '../../sandbox/limits.ts';
import { descendants, WarmPool } from '../../sandbox/runner/warm-pool.ts';
import { startSandbox, type Sandbox } from '../../sandbox/server.ts';
import { rawRequest } from '../support/raw-http.ts';
import { parseEventStream } from '../support/run-cell.ts';

const exercise = '01-why-mq/exercises/fan-out';
/** What a program can see of how it was started. */
const describeSelf = `console.log(JSON.stringify({ pid: process.pid, ppid: process.ppid, env: Object.keys(process.env).sort(),
  argv: process.argv.slice(1).map((arg) => arg.split('/').pop()), execArgv: process.execArgv }));`;
/** An edited check: runs the program under test the way every check does, and prints what it printed. */
const checkThatReports = `import { runUnderTest } from '../../../lib/exercise.ts';
${describeSelf}
const program = await runUnderTest('${exercise}');
console.log('program exit', program.exitCode);`;

let warm: Sandbox;
let cold: Sandbox;
beforeAll(async () => {
  warm = await startSandbox({ port: 0, limits: { defaultRunTimeMs: 20_000 } });
  // No spares: every run waits for a process started just for it (what the pool saves).
  cold = await startSandbox({ port: 0, limits: { defaultRunTimeMs: 20_000, warmRunProcesses: 0, warmCheckProcesses: 0 } });
});
afterAll(async () => {
  await warm.close();
  await cold.close();
});

/** Start a run and read its stream to the end: its output lines (a check's program's without their "│" margin), JSON parsed where they are JSON. */
async function run(box: Sandbox, body: object): Promise<{ lines: any[]; exit: { code: number | null } }> {
  const started = await rawRequest(box.port, { method: 'POST', path: '/api/run',
    headers: { 'Content-Type': 'application/json', 'X-Sandbox-Token': box.token }, body: JSON.stringify(body) });
  expect(started.status, started.body).toBe(200);
  const events = parseEventStream((await rawRequest(box.port, { path: `/api/runs/${JSON.parse(started.body).runId}/events` })).body);
  const stdout = events.filter((e) => e.event === 'stdout').map((e) => e.data.text).join('');
  const lines = stdout.split('\n').map((line) => line.replace(/^ {2}│ /, '').trim()).filter(Boolean).map((line) => {
    try {
      return JSON.parse(line);
    } catch {
      return line;
    }
  });
  return { lines, exit: events.at(-1)!.data as { code: number | null } };
}
const example = (code: string) => ({ example: '00-hello/first-send', code });
const check = (underTest: string) => ({ example: `${exercise}/check`, code: checkThatReports, underTest });

describe('the pool', () => {
  it('hands every process to one run only, also when runs are taken faster than it boots', async () => {
    const pool = new WarmPool({ ...limits, warmRunProcesses: 2, warmCheckProcesses: 1 });
    await pool.open();
    await pool.ready();
    const idle = pool.sparePids();
    expect(idle).toHaveLength(3);
    const taken = ['run', 'run', 'check', 'run', 'check', 'run'].map((kind) => pool.take(kind as 'run' | 'check'));
    const pids = taken.map((proc) => proc.child.pid!);
    expect(new Set(pids).size).toBe(pids.length);
    expect(pids.slice(0, 3).sort()).toEqual([...idle].sort()); // the booted spares went first
    await pool.ready();
    for (const pid of pool.sparePids()) expect(pids).not.toContain(pid);
    pool.close();
    for (const proc of taken) proc.child.kill('SIGKILL');
  });

  it('gives runs started at once, and right after each other, processes of their own', async () => {
    const atOnce = await Promise.all(Array.from({ length: 3 }, () => run(warm, example(describeSelf))));
    const oneByOne = [];
    for (let i = 0; i < 4; i++) oneByOne.push(await run(warm, example(describeSelf)));
    const pids = [...atOnce, ...oneByOne].map((result) => result.lines[0].pid);
    expect(new Set(pids).size).toBe(7);
  });
});

describe('what a run sees', () => {
  it('is the same from a warm process as from a process started for it', async () => {
    await warm.warmPool.ready();
    const fromPool = (await run(warm, example(describeSelf))).lines[0];
    const started = (await run(cold, example(describeSelf))).lines[0];
    for (const seen of [fromPool, started]) delete seen.pid, delete seen.ppid;
    expect(fromPool).toEqual(started);
    expect(fromPool.env).toEqual(['HOME', 'PATH', 'ROCKETMQ_ENDPOINTS', 'ROCKETMQ_NAMESRV', 'WORKBOOK_EVENTS_FD', 'WORKBOOK_RUN_MARK']);
    expect(fromPool.execArgv).toEqual([`--max-old-space-size=${limits.heapMiB}`, '--enable-source-maps']);
  });

  it('for a Check, both programs are the same as when started for it, and the program under test was booted ahead', async () => {
    await warm.warmPool.ready();
    const booted = warm.warmPool.pids().flatMap((pid) => [pid, ...descendants(pid)]);
    const reports = async (box: Sandbox) => {
      const { lines } = await run(box, check(describeSelf));
      expect(lines).toContain('program exit 0');
      return lines.filter((line) => typeof line === 'object'); // the check's, then the program's
    };
    const [warmCheck, warmProgram] = await reports(warm);
    const [coldCheck, coldProgram] = await reports(cold);
    expect(booted).toContain(warmCheck.pid);
    expect(booted).toContain(warmProgram.pid);
    expect(warmProgram.ppid).toBe(warmCheck.pid); // a child of the check, as if it had spawned it
    for (const seen of [warmCheck, warmProgram, coldCheck, coldProgram]) delete seen.pid, delete seen.ppid;
    expect(warmCheck).toEqual(coldCheck);
    expect(warmProgram).toEqual(coldProgram);
    expect(warmProgram.env).toEqual(['EXERCISE_RUN_ID', 'HOME', 'PATH', 'ROCKETMQ_ENDPOINTS', 'ROCKETMQ_NAMESRV', 'WORKBOOK_RUN_MARK']);
    expect(warmProgram.execArgv).toEqual(['--enable-source-maps']); // errors name the reader's lines (examples/lib/exercise.ts)
    expect(warmProgram.argv).toEqual(['under-test.mjs']);
  });

  it('leaves nothing of a Check spare behind when a plain run takes it', async () => {
    const onlyCheckSpares = await startSandbox({ port: 0, limits: { warmRunProcesses: 0, warmCheckProcesses: 1 } });
    try {
      await onlyCheckSpares.warmPool.ready();
      const [spare] = onlyCheckSpares.warmPool.pids();
      const programSpare = descendants(spare);
      expect(programSpare).toHaveLength(1);
      const result = await run(onlyCheckSpares, example(describeSelf));
      expect(result.lines[0].pid).toBe(spare);
      expect(result.exit.code).toBe(0);
      expect(isAlive(programSpare[0])).toBe(false);
    } finally {
      await onlyCheckSpares.close();
    }
  });

  it('keeps the memory limit over the pre-booted program under test', async () => {
    const small = await startSandbox({ port: 0, limits: { residentMiB: 300, defaultRunTimeMs: 20_000 } });
    try {
      await small.warmPool.ready();
      const hog = 'const kept = []; for (;;) kept.push(Buffer.alloc(50 * 1024 * 1024, 1));';
      const started = await rawRequest(small.port, { method: 'POST', path: '/api/run',
        headers: { 'Content-Type': 'application/json', 'X-Sandbox-Token': small.token }, body: JSON.stringify(check(hog)) });
      const events = parseEventStream((await rawRequest(small.port, { path: `/api/runs/${JSON.parse(started.body).runId}/events` })).body);
      expect(events.find((e) => e.event === 'limit')?.data.what).toBe('memory');
      expect(events.some((e) => e.event === 'timeout')).toBe(false);
    } finally {
      await small.close();
    }
  });
});
