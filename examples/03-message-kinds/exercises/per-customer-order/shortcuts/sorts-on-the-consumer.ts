// Shortcut (must fail the check): skips FIFO. It sends to a normal topic and sorts each customer's
// events on the consumer side, so the printout looks right.
// Caught by: ✗ all 12 events are on the FIFO topic exercise-fifo
// Exercise "per-customer order": four customers' orders each go created → paid → shipped, and
// the events are sent interleaved to the FIFO topic exercise-fifo. Shipping must see each
// customer's events in order. Right now every event is in one message group: the order holds,
// but all customers queue behind each other, and one customer's failing event would hold up
// everyone. Give each customer their own message group.
import { FilterExpression, Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, sleep, start } from '../../../../lib/workbook.ts';

const topic = 'kinds-normal'; // a normal topic: no message groups, no order
const customers = ['alice', 'bob', 'carol', 'dave'];
const steps = ['created', 'paid', 'shipped'];
// The check gives every run an id, and counts only messages that carry it. Don't change this line.
const run = process.env.EXERCISE_RUN_ID ?? runId();

// Shipping reads with an orderly consumer group (rocketmq/topics.json).
const shipping = await start(new SimpleConsumer({
  ...connection(), consumerGroup: 'exercise-fifo-shortcut', awaitDuration: 3000,
  subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
}));
const seen = new Map<string, string[]>();
let received = 0;
const receiving = (async () => {
  const deadline = Date.now() + 30_000;
  while (received < customers.length * steps.length && Date.now() < deadline) {
    for (const message of await shipping.receive(16, 15_000)) {
      if (message.properties.get('run') === run) {
        const customer = message.properties.get('customer')!;
        seen.set(customer, [...(seen.get(customer) ?? []), message.properties.get('step')!]);
        received++;
      }
      await shipping.ack(message);
    }
  }
})();
await sleep(1000); // the first long poll is open: the group starts before this run's events

const producer = await start(new Producer({ ...connection(), topic }));
for (const step of steps) {
  for (const customer of customers) {
    await producer.send({
      topic,
      properties: new Map([['run', run], ['customer', customer], ['step', step]]),
      body: Buffer.from(`${customer} ${step}`),
    });
  }
}

// Don't change the lines below: the check reads what they print.
await receiving;
// Puts each customer's events in order after the fact.
for (const customer of customers) console.log(`${customer}: ${(seen.get(customer) ?? []).sort((a, b) => steps.indexOf(a) - steps.indexOf(b)).join(' → ')}`);
await finish();
