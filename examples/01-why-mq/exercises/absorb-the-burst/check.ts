// @timeout 60s
// Check for "absorb the burst": runs the program, and reads the topic with its own consumer
// group to see what the program really published.
import { FilterExpression, SimpleConsumer } from 'rocketmq-client-nodejs';
import { report, runUnderTest } from '../../../lib/exercise.ts';
import { connection, runId, start } from '../../../lib/workbook.ts';

const topic = 'exercise-backlog';
const BURST = 300;
const run = runId();

// The check's own group reads everything on the topic; it counts the orders of this run.
const audit = await start(new SimpleConsumer({
  ...connection(),
  consumerGroup: 'exercise-backlog-check',
  subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
  awaitDuration: 3000,
}));
const published = new Set<string>();
let programEnded = 0;
const auditing = (async () => {
  while (!programEnded || (published.size < BURST && Date.now() - programEnded < 5000)) {
    for (const message of await audit.receive(32, 15_000)) {
      if (message.properties.get('run') === run) published.add(message.body.toString());
      await audit.ack(message);
    }
  }
})();

const program = await runUnderTest('01-why-mq/exercises/absorb-the-burst', { runId: run });
programEnded = Date.now();
await auditing;

const accepted = /^accepted (\d+) of \d+ orders, rejected (\d+)/m.exec(program.stdout);
const handled = /^warehouse handled (\d+) orders \((\d+) different\)/m.exec(program.stdout);
await report([
  { what: 'the program ran to the end', ok: program.exitCode === 0 && !program.timedOut,
    fix: program.timedOut ? 'it did not finish within 45 s' : `it exited with code ${program.exitCode}; see its output above` },
  { what: `all ${BURST} orders were accepted`, ok: accepted?.[1] === String(BURST),
    fix: accepted ? `${accepted[2]} were rejected: placeOrder should publish to the topic, not call the warehouse` : 'the program did not print its "accepted" line' },
  { what: `${BURST} orders of this run reached the topic ${topic}`, ok: published.size === BURST,
    fix: `the topic got ${published.size}; publish each order with the run id in the property "run"` },
  { what: `the warehouse handled every order exactly once`, ok: handled?.[1] === String(BURST) && handled[2] === String(BURST),
    fix: handled ? `it handled ${handled[1]} (${handled[2]} different): runWorker should receive from the topic and hand each order to warehouseHandle()` : 'the program did not print its "warehouse handled" line' },
]);
