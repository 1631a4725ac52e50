// @timeout 60s
// Check for "tag filter": runs the program, reads the topic with its own consumer group to see how
// the program labelled its messages, and watches on the broker what the shipping group subscribes
// to: a program that takes every event and drops the unpaid ones itself prints the same lines.
import { handedTo, storedById, watchSubscriptions } from '../../../lib/broker-audit.ts';
import { auditTopic, report, runUnderTest } from '../../../lib/exercise.ts';
import { runId } from '../../../lib/workbook.ts';

const topic = 'exercise-tags';
const shippingGroup = 'exercise-tags-shipping';
const EVENTS = 8;
const PAID = ['paid #1', 'paid #3', 'paid #4'];
const run = runId();

const audit = await auditTopic(topic, 'exercise-tags-check', run);
const watch = watchSubscriptions(shippingGroup, topic);
const program = await runUnderTest('01-why-mq/exercises/tag-filter', { runId: run });
const { subscriptions, sightings } = await watch.stop();
const published = await audit.stop(EVENTS);

const tags = published.map((message) => ({ kind: (JSON.parse(message.body.toString()) as { kind: string }).kind, tag: message.tag }));
const untagged = tags.filter((t) => t.tag !== t.kind);
const paidOnly = subscriptions.length > 0 && subscriptions.every((s) => s.expressionType === 'TAG' && s.tags.join() === 'paid');
const other = subscriptions.find((s) => !(s.expressionType === 'TAG' && s.tags.join() === 'paid'));
// The shipping group's offsets show whether it asked the broker for the events at all.
const stored = await storedById(topic, published.map((message) => message.messageId));
const handed = await handedTo(shippingGroup, stored);

const line = /^shipping received (\d+) events: ?(.*)$/m.exec(program.stdout);
const received = line?.[2] ? line[2].split(', ') : [];
await report([
  { what: 'the program ran to the end', ok: program.exitCode === 0 && !program.timedOut,
    fix: program.timedOut ? 'it did not finish within 45 s' : `it exited with code ${program.exitCode}; see its output above` },
  { what: `all ${EVENTS} events reached the topic, each tagged with its kind`, ok: tags.length === EVENTS && untagged.length === 0,
    fix: `${tags.length} arrived, ${untagged.length} without the right tag (e.g. ${untagged[0] ? `a "${untagged[0].kind}" event tagged "${untagged[0].tag ?? ''}"` : '-'}): set tag on every send` },
  { what: `the shipping group (${shippingGroup}) subscribed to "paid" only, so the broker does the filtering`, ok: paidOnly,
    fix: sightings === 0 ? `the check never saw a consumer of ${shippingGroup} online: keep that group name for shipping`
      : `it subscribed to "${other?.expression}", so the broker hands shipping every event: subscribe with new FilterExpression('paid'), and the broker keeps the others back` },
  { what: 'shipping read the topic on the broker past every event of this run', ok: stored.length === EVENTS && handed.length === EVENTS,
    fix: stored.length === EVENTS ? `the group never got past ${EVENTS - handed.length} of them: receive them with shipping.receive()` : 'not checked until every event reaches the topic' },
  { what: `shipping received the ${PAID.length} paid events`, ok: PAID.every((event) => received.includes(event)),
    fix: `it received ${received.filter((r) => r.startsWith('paid')).length}: subscribe with new FilterExpression('paid'), and tag the paid events "paid"` },
  { what: 'shipping received nothing else', ok: received.every((event) => event.startsWith('paid ')),
    fix: `it also received ${received.filter((r) => !r.startsWith('paid ')).join(', ')}: the subscription decides what the broker hands out` },
]);
