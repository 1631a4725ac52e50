// @timeout 90s
// Check for "send a batch, bounded": runs the program with a probe that watches its send() calls,
// and reads the topic with the check's own consumer group to count the orders the broker has.
import { FilterExpression, SimpleConsumer } from 'rocketmq-client-nodejs';
import { report, runUnderTest } from '../../../lib/exercise.ts';
import { sendProbe } from '../../../lib/send-probe.ts';
import { connection, runId, start } from '../../../lib/workbook.ts';

const topic = 'exercise-batch';
const ORDERS = 120;
const MAX_IN_FLIGHT = 8;
const run = runId();

const audit = await start(new SimpleConsumer({
  ...connection(), consumerGroup: 'exercise-batch-check', awaitDuration: 3000,
  subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
}));
const onBroker = new Set<number>();
let programEnded = 0;
const auditing = (async () => {
  // Read until every order is there, or 5 s after the program ended.
  while (!programEnded || (onBroker.size < ORDERS && Date.now() - programEnded < 5000)) {
    for (const message of await audit.receive(32, 15_000)) {
      if (message.properties.get('run') === run) onBroker.add(Number(message.properties.get('order')));
      await audit.ack(message);
    }
  }
})();

const probe = sendProbe();
const program = await runUnderTest('02-sending/exercises/bounded-batch', { runId: run, nodeArgs: probe.nodeArgs });
programEnded = Date.now();
await auditing;

const seen = probe.read();
const summary = /^summary: (\d+) stored, (\d+) failed/m.exec(program.stdout);
const reportedStored = summary ? Number(summary[1]) : -1;
await report([
  { what: 'the program ran to the end', ok: program.exitCode === 0 && !program.timedOut,
    fix: program.timedOut ? 'it did not finish within 45 s' : `it exited with code ${program.exitCode}; see its output above` },
  { what: `all ${ORDERS} orders are on the broker`, ok: onBroker.size === ORDERS,
    fix: `the check's own consumer found ${onBroker.size}: wait for every send to settle before finish() ends the process` },
  { what: 'the summary counts what the broker has', ok: reportedStored === onBroker.size,
    fix: summary ? `it says ${reportedStored} stored, the broker has ${onBroker.size}: print the summary after the sends settled` : 'print the summary line' },
  { what: `at most ${MAX_IN_FLIGHT} sends in flight, and more than one`, ok: !!seen && seen.mostInFlight >= 2 && seen.mostInFlight <= MAX_IN_FLIGHT,
    fix: seen ? `up to ${seen.mostInFlight} sends were waiting for the broker at once: start MAX_IN_FLIGHT workers that each send one order at a time`
      : 'the program ended before the probe could report: let finish() end it' },
]);
