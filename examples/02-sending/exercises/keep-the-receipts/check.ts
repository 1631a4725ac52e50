// @timeout 90s
// Check for "keep the receipts": runs the program, reads the topic with the check's own consumer
// group, and compares each message id the program reported with the message the broker has.
import { FilterExpression, SimpleConsumer } from 'rocketmq-client-nodejs';
import { report, runUnderTest } from '../../../lib/exercise.ts';
import { connection, runId, start } from '../../../lib/workbook.ts';

const topic = 'exercise-receipts';
const ORDERS = 10;
const TOO_BIG = 7;
const run = runId();

const audit = await start(new SimpleConsumer({
  ...connection(), consumerGroup: 'exercise-receipts-check', awaitDuration: 3000,
  subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
}));
// order → the ids the broker holds for it (more than one would be a duplicate)
const onBroker = new Map<number, string[]>();
let programEnded = 0;
const auditing = (async () => {
  while (!programEnded || (onBroker.size < ORDERS - 1 && Date.now() - programEnded < 5000)) {
    for (const message of await audit.receive(32, 15_000)) {
      if (message.properties.get('run') === run) {
        const order = Number(message.properties.get('order'));
        onBroker.set(order, [...(onBroker.get(order) ?? []), message.messageId]);
      }
      await audit.ack(message);
    }
  }
})();

const program = await runUnderTest('02-sending/exercises/keep-the-receipts', { runId: run });
programEnded = Date.now();
await auditing;

const reported = new Map<number, string>();
for (const [, order, id] of program.stdout.matchAll(/^order (\d+) stored as (\S+)$/gm)) reported.set(Number(order), id);
const failedReported = [...program.stdout.matchAll(/^order (\d+) FAILED: /gm)].map((m) => Number(m[1]));
const good = Array.from({ length: ORDERS }, (_, i) => i + 1).filter((order) => order !== TOO_BIG);
const wrongIds = good.filter((order) => !onBroker.get(order)?.includes(reported.get(order) ?? '-'));
await report([
  { what: 'the program ran to the end', ok: program.exitCode === 0 && !program.timedOut,
    fix: program.timedOut ? 'it did not finish within 45 s' : `it exited with code ${program.exitCode}; see its output above` },
  { what: `the ${good.length} orders that fit are on the broker`, ok: good.every((order) => onBroker.has(order)),
    fix: `the check's own consumer found ${good.filter((order) => onBroker.has(order)).length}: wait for each send before finishing` },
  { what: 'each reported id is the id of that order\'s message on the broker', ok: wrongIds.length === 0,
    fix: `orders ${wrongIds.join(', ')} were reported ${wrongIds.every((o) => !reported.has(o)) ? 'without an id' : 'with an id the broker does not have for them'}: print receipt.messageId` },
  { what: `order ${TOO_BIG} is reported as FAILED, and is not on the broker`, ok: failedReported.includes(TOO_BIG) && !reported.has(TOO_BIG) && !onBroker.has(TOO_BIG),
    fix: reported.has(TOO_BIG) ? `order ${TOO_BIG} was reported as stored: the send rejected; catch that and report it` : `print "order ${TOO_BIG} FAILED: …" when its send rejects` },
]);
