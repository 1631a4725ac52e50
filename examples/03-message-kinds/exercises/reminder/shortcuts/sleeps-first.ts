// Shortcut (must fail the check): skips the broker's timer. It sleeps 5 s itself, then sends a
// reminder due at once: the printout is the same, but the program had to stay up for it.
// Caught by: ✗ the reminder on the broker is due 5 s after it was sent (level 2)
// Exercise "reminder": when an order is placed, the shop schedules a payment reminder for 5 s
// later: level 2 in the article's list of 4.x delay levels. The broker should hold the reminder
// until then; no timer in this program. Right now the reminder is due at once.
import { FilterExpression, Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, sleep, start } from '../../../../lib/workbook.ts';

const topic = 'exercise-reminders'; // a DELAY topic
const ORDER = 42;
// The check gives every run an id, and counts only messages that carry it. Don't change this line.
const run = process.env.EXERCISE_RUN_ID ?? runId();

const reminders = await start(new SimpleConsumer({
  ...connection(), consumerGroup: 'exercise-reminders-sender', awaitDuration: 3000,
  subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
}));
const producer = await start(new Producer({ ...connection(), topic }));

const placedAt = Date.now();
console.log(`order ${ORDER} placed`);
// Waits in the program, then sends a reminder that is due at once.
await sleep(5000);
await producer.send({
  topic,
  deliveryTimestamp: new Date(),
  properties: new Map([['run', run], ['order', String(ORDER)]]),
  body: Buffer.from(`please pay for order ${ORDER}`),
});

// The reminder service: waits for the reminder, up to 20 s.
let arrivedAfter = -1;
for (const deadline = Date.now() + 20_000; arrivedAfter < 0 && Date.now() < deadline;) {
  for (const message of await reminders.receive(16, 15_000)) {
    if (message.properties.get('run') === run) arrivedAfter = Date.now() - placedAt;
    await reminders.ack(message);
  }
  if (arrivedAfter < 0) await sleep(100);
}

// Don't change the lines below: the check reads what they print.
console.log(arrivedAfter < 0 ? 'no reminder arrived' : `reminder for order ${ORDER} arrived ${(arrivedAfter / 1000).toFixed(1)} s after the order`);
await finish();
