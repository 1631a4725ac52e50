// @timeout 60s
// Check for "tag filter": runs the program, and reads the topic with its own consumer group to
// see how the program labelled its messages.
import { FilterExpression, SimpleConsumer } from 'rocketmq-client-nodejs';
import { report, runUnderTest } from '../../../lib/exercise.ts';
import { connection, runId, start } from '../../../lib/workbook.ts';

const topic = 'exercise-tags';
const EVENTS = 8;
const PAID = ['paid #1', 'paid #3', 'paid #4'];
const run = runId();

// The check's own group reads every message on the topic and compares each tag with the event's kind.
const audit = await start(new SimpleConsumer({
  ...connection(),
  consumerGroup: 'exercise-tags-check',
  subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
  awaitDuration: 3000,
}));
const tags: { kind: string; tag: string | undefined }[] = [];
let programEnded = 0;
const auditing = (async () => {
  while (!programEnded || (tags.length < EVENTS && Date.now() - programEnded < 5000)) {
    for (const message of await audit.receive(32, 15_000)) {
      if (message.properties.get('run') === run) {
        tags.push({ kind: (JSON.parse(message.body.toString()) as { kind: string }).kind, tag: message.tag });
      }
      await audit.ack(message);
    }
  }
})();

const program = await runUnderTest('01-why-mq/exercises/tag-filter', { runId: run });
programEnded = Date.now();
await auditing;

const line = /^shipping received (\d+) events: ?(.*)$/m.exec(program.stdout);
const received = line?.[2] ? line[2].split(', ') : [];
const untagged = tags.filter((t) => t.tag !== t.kind);
await report([
  { what: 'the program ran to the end', ok: program.exitCode === 0 && !program.timedOut,
    fix: program.timedOut ? 'it did not finish within 45 s' : `it exited with code ${program.exitCode}; see its output above` },
  { what: `all ${EVENTS} events reached the topic, each tagged with its kind`, ok: tags.length === EVENTS && untagged.length === 0,
    fix: `${tags.length} arrived, ${untagged.length} without the right tag (e.g. ${untagged[0] ? `a "${untagged[0].kind}" event tagged "${untagged[0].tag ?? ''}"` : '-'}): set tag on every send` },
  { what: `shipping received the ${PAID.length} paid events`, ok: PAID.every((event) => received.includes(event)),
    fix: `it received ${received.filter((r) => r.startsWith('paid')).length}: subscribe with new FilterExpression('paid'), and tag the paid events "paid"` },
  { what: 'shipping received nothing else', ok: received.every((event) => event.startsWith('paid ')),
    fix: `it also received ${received.filter((r) => !r.startsWith('paid ')).join(', ')}: the subscription decides what the broker hands out` },
]);
