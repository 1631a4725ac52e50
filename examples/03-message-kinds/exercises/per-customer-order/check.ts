// @timeout 90s
// Check for "per-customer order": runs the program, and reads exercise-fifo with the check's own
// orderly consumer group to see each event's message group and the order the broker delivers them in.
import { FilterExpression, SimpleConsumer } from 'rocketmq-client-nodejs';
import { report, runUnderTest } from '../../../lib/exercise.ts';
import { connection, runId, start } from '../../../lib/workbook.ts';

const topic = 'exercise-fifo';
const customers = ['alice', 'bob', 'carol', 'dave'];
const steps = ['created', 'paid', 'shipped'];
const total = customers.length * steps.length;
const run = runId();

const audit = await start(new SimpleConsumer({
  ...connection(), consumerGroup: 'exercise-fifo-check', awaitDuration: 3000,
  subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
}));
const events: { customer: string; step: string; group: string | undefined }[] = [];
let programEnded = 0;
const auditing = (async () => {
  while (!programEnded || (events.length < total && Date.now() - programEnded < 5000)) {
    for (const message of await audit.receive(16, 15_000)) {
      if (message.properties.get('run') === run) {
        events.push({ customer: message.properties.get('customer')!, step: message.properties.get('step')!, group: message.messageGroup });
      }
      await audit.ack(message);
    }
  }
})();

const program = await runUnderTest('03-message-kinds/exercises/per-customer-order', { runId: run });
programEnded = Date.now();
await auditing;

const wrongGroup = events.filter((e) => e.group !== e.customer);
const brokerOrderBroken = customers.filter((c) => events.filter((e) => e.customer === c).map((e) => e.step).join() !== steps.join());
const printedWrong = customers.filter((c) => !new RegExp(`^${c}: ${steps.join(' → ')}$`, 'm').test(program.stdout));
await report([
  { what: 'the program ran to the end', ok: program.exitCode === 0 && !program.timedOut,
    fix: program.timedOut ? 'it did not finish within 45 s' : `it exited with code ${program.exitCode}; see its output above` },
  { what: `all ${total} events are on the FIFO topic ${topic}`, ok: events.length === total,
    fix: `the check's own consumer found ${events.length} there: send every event to ${topic}` },
  { what: 'each event is in its customer\'s message group', ok: events.length > 0 && wrongGroup.length === 0,
    fix: wrongGroup.length ? `e.g. ${wrongGroup[0].customer}'s "${wrongGroup[0].step}" is in the group "${wrongGroup[0].group ?? '(none)'}": set messageGroup to the customer` : 'no events to look at' },
  { what: 'the broker delivers each customer\'s events in order', ok: events.length === total && brokerOrderBroken.length === 0,
    fix: events.length < total ? 'not every event is on the topic (above)'
      : `out of order for ${brokerOrderBroken.join(', ')}: send one customer's events one after another, each in the customer's group` },
  { what: 'shipping saw each customer\'s events in order', ok: printedWrong.length === 0,
    fix: `not for ${printedWrong.join(', ')}: see the lines the program printed` },
]);
