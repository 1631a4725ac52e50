// Shortcut (must fail the check): tags every event with its kind, but subscribes shipping to all
// of them and drops the ones that are not "paid" in its own code. The printout is the solution's;
// the broker hands shipping every event, and its subscription shows it.
// Caught by: ✗ the shipping group (exercise-tags-shipping) subscribed to "paid" only
// Exercise "tag filter": the order service publishes every order event (created, paid,
// cancelled) to the topic exercise-tags. The shipping service only wants "paid" events, and
// the broker should do the filtering: shipping never even receives the others.
import { FilterExpression, Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, sleep, start } from '../../../../lib/workbook.ts';

const topic = 'exercise-tags';
// The check gives every run an id, and counts only messages that carry it. Don't change this line.
const run = process.env.EXERCISE_RUN_ID ?? runId();

const events = [
  { kind: 'created', order: 1 }, { kind: 'created', order: 2 }, { kind: 'paid', order: 1 },
  { kind: 'created', order: 3 }, { kind: 'cancelled', order: 2 }, { kind: 'paid', order: 3 },
  { kind: 'created', order: 4 }, { kind: 'paid', order: 4 },
];

const shipping = await start(new SimpleConsumer({
  ...connection(),
  consumerGroup: 'exercise-tags-shipping',
  // Skipped: the broker's filter. Everything comes, the code below drops what is not paid.
  subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
  awaitDuration: 3000,
}));
const received: string[] = [];
let allSent = false;
const receiving = (async () => {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const batch = await shipping.receive(16, 15_000);
    for (const message of batch) {
      if (message.properties.get('run') === run && message.tag === 'paid') {
        const event = JSON.parse(message.body.toString()) as { kind: string; order: number };
        received.push(`${event.kind} #${event.order}`);
      }
      await shipping.ack(message);
    }
    if (allSent && batch.length === 0) break; // a long poll came back empty: nothing more is coming
  }
})();
await sleep(1000); // the first long poll is open

const producer = await start(new Producer({ ...connection(), topic }));
for (const event of events) {
  await producer.send({
    topic,
    // The tag is the kind of event: consumers can subscribe to some kinds only.
    tag: event.kind,
    properties: new Map([['run', run]]),
    body: Buffer.from(JSON.stringify(event)),
  });
}
allSent = true;
console.log(`published ${events.length} events: ${events.map((e) => `${e.kind} #${e.order}`).join(', ')}`);

// Don't change the lines below: the check reads what they print.
await receiving;
console.log(`shipping received ${received.length} events: ${received.join(', ')}`);

await finish();
