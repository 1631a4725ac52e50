// @timeout 60s
// Check for "fan-out": runs the program, and reads the topic with its own consumer group to see
// what the program really published.
import { FilterExpression, SimpleConsumer } from 'rocketmq-client-nodejs';
import { report, runUnderTest } from '../../../lib/exercise.ts';
import { connection, runId, start } from '../../../lib/workbook.ts';

const topic = 'exercise-fanout';
const ORDERS = 10;
const run = runId();

// The check's own group reads everything on the topic; it counts the orders of this run.
const audit = await start(new SimpleConsumer({
  ...connection(),
  consumerGroup: 'exercise-fanout-check',
  subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
  awaitDuration: 3000,
}));
const published = new Set<string>();
let programEnded = 0;
const auditing = (async () => {
  while (!programEnded || (published.size < ORDERS && Date.now() - programEnded < 5000)) {
    for (const message of await audit.receive(32, 15_000)) {
      if (message.properties.get('run') === run) published.add(message.body.toString());
      await audit.ack(message);
    }
  }
})();

const program = await runUnderTest('01-why-mq/exercises/fan-out', { runId: run });
programEnded = Date.now();
await auditing;

const received = (service: string) => {
  const line = new RegExp(`^${service} received (\\d+) of`, 'm').exec(program.stdout);
  return line ? Number(line[1]) : 0;
};
await report([
  { what: 'the program ran to the end', ok: program.exitCode === 0 && !program.timedOut,
    fix: program.timedOut ? 'it did not finish within 45 s' : `it exited with code ${program.exitCode}; see its output above` },
  { what: `${ORDERS} orders of this run reached the topic ${topic}`, ok: published.size === ORDERS,
    fix: `the topic got ${published.size}` },
  ...['inventory', 'shipping', 'billing'].map((service) => ({
    what: `${service} received all ${ORDERS} orders`,
    ok: received(service) === ORDERS,
    fix: `it received ${received(service)}: consumers in one group share the messages; each group gets them all`,
  })),
]);
