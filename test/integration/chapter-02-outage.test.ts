/**
 * Chapter 2, "Retries": the retry cell runs through the sandbox while this test really stops the
 * local broker and starts it again. The client's own retries must fail within the outage, the
 * cell's retry loop must store the order after it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { brokerAnswers, startBroker } from '../../sandbox/broker/local-broker.ts';
import { examplesDir } from '../../sandbox/examples.ts';
import { closeSandbox } from '../support/run-cell.ts';
import { runThroughOutage } from '../support/outage.ts';

const example = '02-sending/retries/broker-restart';
const log = (line: string) => console.log(`[outage] ${line}`);

afterAll(async () => {
  // Whatever happened, leave a running broker behind for the next test file.
  if (!(await brokerAnswers()).ok) await startBroker(log);
  await closeSandbox();
});

it('fails each tick after maxAttempts immediate attempts while the broker is down, and stores the order with backoff after it is back', async () => {
  const original = fs.readFileSync(path.join(examplesDir, `${example}.ts`), 'utf8');
  expect(original.split('\n').slice(0, 10)).toContain('// @outage');
  // Stopping and starting the JVMs can take minutes on a busy machine: give the cell the most time
  // the sandbox allows (180 s), edited the way a reader would edit it. It ends once it has seen
  // five good ticks after the outage and the order settled.
  const code = original.replace(/^const DURATION_MS = .*$/m, 'const DURATION_MS = 172_000;')
    .replace(/^const ORDER_DEADLINE_MS = .*$/m, 'const ORDER_DEADLINE_MS = 165_000;');
  expect(code).not.toBe(original);
  const run = await runThroughOutage(example, code, (stdout) => (stdout.match(/ tick #\d+ OK /g) ?? []).length >= 3, 3000, log);

  expect(run.outage, 'the cell never sent three ticks before the outage').toBe(true);
  expect(run.timedOut, run.stdout).toBe(false);
  expect(run.exitCode, run.stdout).toBe(0);
  // Every failed tick was tried exactly maxAttempts (3) times.
  const failures = [...run.stdout.matchAll(/ tick #\d+ FAILED after (\d+) attempts in (\d+) ms/g)];
  expect(failures.length, run.stdout).toBeGreaterThan(0);
  for (const [, attempts] of failures) expect(Number(attempts)).toBe(3);
  expect(run.stdout).toMatch(/ticks recovered after [\d.]+ s/);
  // The order's own loop waited longer each time, and got it stored.
  const pauses = [...run.stdout.matchAll(/order: try \d+ failed \(.*\), next try in ([\d.]+) s/g)].map((m) => Number(m[1]));
  expect(pauses.slice(0, 5)).toEqual([0.25, 0.5, 1, 2, 4].slice(0, Math.min(5, pauses.length)));
  const [, tries] = /^summary: order #1 stored after (\d+) tries in ([\d.]+) s; (\d+) ticks lost$/m.exec(run.stdout) ?? [];
  expect(Number(tries), run.stdout).toBeGreaterThan(1);
  log(run.stdout.split('\n').filter((line) => /^(ticks|summary):/.test(line)).join('\n'));
});
