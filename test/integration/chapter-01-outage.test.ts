/**
 * Chapter 1, "The costs: availability": the broker-outage cell runs through the sandbox while this
 * test really stops the local broker and starts it again, as the page asks the reader to do from
 * a terminal. The producer must see failures, then succeed again on its own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { brokerAnswers, startBroker, stopBroker } from '../../sandbox/broker/local-broker.ts';
import { examplesDir } from '../../sandbox/examples.ts';
import { closeSandbox, parseEventStream, sandbox } from '../support/run-cell.ts';

const example = '01-why-mq/costs/broker-outage';
const log = (line: string) => console.log(`[outage] ${line}`);

afterAll(async () => {
  // Whatever happened, leave a running broker behind for the next test file.
  if (!(await brokerAnswers()).ok) await startBroker(log);
  await closeSandbox();
});

it('shows failed sends while the broker is down, and sends succeeding again after it restarts', async () => {
  // Stopping and starting the JVMs can take longer than the reader's 90 s on a busy machine: run
  // the cell with a longer window, edited the way a reader would edit it. It ends by itself once
  // it has seen ten good sends after the outage.
  const original = fs.readFileSync(path.join(examplesDir, `${example}.ts`), 'utf8');
  const code = original.replace(/^\/\/ @timeout \d+s$/m, '// @timeout 180s').replace(/^const DURATION_MS = .*$/m, 'const DURATION_MS = 150_000;');
  expect(code).not.toBe(original);

  const box = await sandbox();
  const response = await fetch(`${box.url}/api/run`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Sandbox-Token': box.token },
    body: JSON.stringify({ example, code }),
  });
  const { runId } = (await response.json()) as { runId: string };
  const stream = await fetch(`${box.url}/api/runs/${runId}/events`);
  const reader = stream.body!.getReader();
  const decoder = new TextDecoder();

  let stdout = '';
  let exitCode: number | null | undefined;
  let timedOut = false;
  let outage: Promise<void> | undefined;
  let buffered = '';
  while (exitCode === undefined) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    const end = buffered.lastIndexOf('\n\n');
    if (end < 0) continue;
    for (const { event, data } of parseEventStream(buffered.slice(0, end + 2))) {
      if (event === 'stdout') stdout += data.text;
      if (event === 'timeout') timedOut = true;
      if (event === 'exit') exitCode = data.code;
    }
    buffered = buffered.slice(end + 2);
    // Once the producer has sent a few messages, take the broker away, then bring it back.
    if (!outage && (stdout.match(/ OK /g) ?? []).length >= 3) {
      // The cell's clock, as of its last line: to line the broker's story up with the producer's.
      const cellTime = () => [...stdout.matchAll(/^t=\s*([\d.]+)s/gm)].at(-1)?.[1];
      outage = (async () => {
        log(`stopping the broker at the cell's t=${cellTime()}s`);
        await stopBroker(log);
        log(`stopped at t=${cellTime()}s`);
        await new Promise((resolve) => setTimeout(resolve, 3000));
        await startBroker(log);
        log(`the broker answers again at t=${cellTime()}s`);
      })();
    }
  }
  await outage;

  expect(timedOut, stdout).toBe(false);
  expect(exitCode, stdout).toBe(0);
  expect(outage, 'the cell never sent three messages before the outage').toBeDefined();
  const lines = stdout.split('\n');
  const firstFailure = lines.findIndex((line) => / FAILED after \d+ ms: /.test(line));
  const backAgain = lines.findIndex((line) => / OK again: /.test(line));
  expect(firstFailure, stdout).toBeGreaterThan(0);
  expect(backAgain, stdout).toBeGreaterThan(firstFailure);
  // After the recovery, every send goes through.
  expect(lines.slice(backAgain).filter((line) => / FAILED /.test(line)), stdout).toEqual([]);

  const summary = /^summary: sent (\d+), ok (\d+), failed (\d+), recovered after ([\d.]+) s/m.exec(stdout);
  expect(summary, stdout).not.toBeNull();
  const [sent, ok, failed, recoveredAfter] = summary!.slice(1).map(Number);
  expect(failed).toBeGreaterThan(0);
  expect(ok + failed).toBe(sent);
  expect(ok).toBeGreaterThanOrEqual(3 + 10);
  expect(recoveredAfter).toBeGreaterThan(0);
  log(summary![0]);
});
