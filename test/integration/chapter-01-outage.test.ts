/**
 * Chapter 1, "The costs: availability": the broker-outage cell runs through the sandbox and, at
 * its cue, the test presses the page's "Pause the broker" control through the same API the page
 * uses (POST /api/runs/<runId>/fault): the real broker JVM is frozen for the 15 s the cell
 * declares. Every claim of "What you should see" is read back from what the run streamed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { brokerAnswers } from '../../sandbox/broker/local-broker.ts';
import { pressOutageOnCue } from '../../sandbox/faults/press-on-cue.ts';
import { closeSandbox, parseEventStream, sandbox } from '../support/run-cell.ts';

const example = '01-why-mq/costs/broker-outage';
/** What the client does by default: maxAttempts 3, each attempt waiting requestTimeout 3000 ms. */
const ATTEMPTS_MS = 3 * 3000;

let events: { event: string; data: Record<string, any> }[] = [];
let stdout = '';
let refusal: string | undefined;

beforeAll(async () => {
  const box = await sandbox();
  const response = await fetch(`${box.url}/api/run`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Sandbox-Token': box.token }, body: JSON.stringify({ example }),
  });
  const { runId } = (await response.json()) as { runId: string };
  const pressed = pressOutageOnCue(box, runId);
  events = parseEventStream(await (await fetch(`${box.url}/api/runs/${runId}/events`)).text());
  refusal = await pressed;
  stdout = events.filter((e) => e.event === 'stdout').map((e) => e.data.text).join('');
});

afterAll(() => closeSandbox());

/** Index in the stream of the first event that matches. */
const indexOf = (test: (e: { event: string; data: Record<string, any> }) => boolean) => events.findIndex(test);
const faultMark = (which: 'start' | 'end') => indexOf((e) => e.event === 'event' && e.data.kind === 'mark' && e.data.lane === 'broker' && e.data.fault === which);
const lines = () => stdout.split('\n');

it('runs to a clean exit, the broker paused at the cell\'s cue', () => {
  expect(refusal).toBeUndefined();
  expect(stdout).toMatch(/ #3 OK .*\n.* now pause the broker/);
  expect(events.at(-1), stdout).toMatchObject({ event: 'exit', data: { code: 0 } });
  expect(faultMark('start'), stdout).toBeGreaterThan(indexOf((e) => e.event === 'event' && e.data.kind === 'outage-cue'));
  expect(events[faultMark('start')].data).toMatchObject({ seconds: 15, t: expect.any(Number) });
  expect(events[faultMark('end')].data).toMatchObject({ endedBy: 'time' });
});

it('shows OK lines, each with its offset, until the broker is paused', () => {
  const before = lines().slice(0, lines().findIndex((line) => / FAILED /.test(line)));
  expect(before.filter((line) => / OK +\(\d+ ms, offset \d+\)/.test(line)).length).toBeGreaterThanOrEqual(3);
});

it('shows a send failing with DEADLINE_EXCEEDED about 9 s after it started: three attempts of 3 s each', () => {
  const failures = lines().filter((line) => / FAILED /.test(line));
  expect(failures.length, stdout).toBeGreaterThan(0);
  for (const line of failures) {
    expect(line).toMatch(/DEADLINE_EXCEEDED/);
    expect(Number(/FAILED after (\d+) ms/.exec(line)![1])).toBeGreaterThanOrEqual(ATTEMPTS_MS);
  }
  // Failures come only while the broker is paused: after the fault began, before it ended.
  const firstFailure = indexOf((e) => e.event === 'stdout' && / FAILED /.test(e.data.text));
  expect(firstFailure).toBeGreaterThan(faultMark('start'));
});

it('says "OK again" once the broker goes on, and stops five good sends later', () => {
  const okAgain = indexOf((e) => e.event === 'stdout' && / OK again after \d+ ms: the producer carried on by itself/.test(e.data.text));
  expect(okAgain, stdout).toBeGreaterThan(faultMark('end'));
  const after = lines().slice(lines().findIndex((line) => / OK again /.test(line)) + 1);
  expect(after.filter((line) => / FAILED /.test(line)), stdout).toEqual([]);
  expect(after.filter((line) => / OK +\(/.test(line)).length, stdout).toBe(5 - 1);
});

it('counts it all in the summary; the outage it reports is never shorter than the failed send', () => {
  const summary = /^summary: sent (\d+), ok (\d+), failed (\d+), recovered after ([\d.]+) s$/m.exec(stdout);
  expect(summary, stdout).not.toBeNull();
  const [sent, ok, failed, recoveredAfter] = summary!.slice(1).map(Number);
  expect(failed).toBeGreaterThan(0);
  expect(ok + failed).toBe(sent);
  expect(recoveredAfter * 1000).toBeGreaterThanOrEqual(ATTEMPTS_MS);
});

it('leaves the broker answering', async () => {
  expect((await brokerAnswers()).ok).toBe(true);
});
