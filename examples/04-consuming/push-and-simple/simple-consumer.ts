// @timeout 60s
// A simple consumer: you pull. receive() asks for messages and says how long to hide them from
// the rest of the group (the invisible duration); ack() says you are done. Here one instance
// receives an order and never acknowledges it, as if it had crashed. A second instance of the
// same group waits for it.
import { FilterExpression, Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, sleep, start } from '../../lib/workbook.ts';

const topic = 'consume-basics';
const INVISIBLE_MS = 10_000; // edit me: 10 s is the least the proxy accepts for receive(), 12 h the most
// A group keeps its offset between runs: handle only this run's order, skip the rest.
const run = runId();

const startedAt = Date.now();
const t = () => `t=${((Date.now() - startedAt) / 1000).toFixed(1)}s`;
const instance = () => start(new SimpleConsumer({
  ...connection(),
  consumerGroup: 'basics-simple',
  subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
  awaitDuration: 3000, // how long one receive() may wait on the broker for a message (a long poll)
}));
const first = await instance();
const second = await instance();

/** Receive until this run's order arrives (or `ms` pass); acknowledge everything else. */
async function receiveOrder(consumer: SimpleConsumer, name: string, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    for (const message of await consumer.receive(16, INVISIBLE_MS)) {
      if (message.properties.get('run') === run) return message;
      await consumer.ack(message);
    }
    console.log(`${t()}  ${name}: nothing for me this time`);
  }
  return undefined;
}

// Both instances start polling before the order is sent (a new group's start offset is set by its first receive).
const firstGets = receiveOrder(first, 'instance A', 20_000);
const producer = await start(new Producer({ ...connection(), topic }));
const receipt = await producer.send({ topic, properties: new Map([['run', run]]), body: Buffer.from('order #1') });
console.log(`${t()}  sent order #1 (message id ${receipt.messageId})`);

const taken = await firstGets;
if (!taken) throw new Error('instance A never received the order: is the broker healthy?');
const takenAt = Date.now();
console.log(`${t()}  instance A: received it (delivery ${taken.deliveryAttempt}), hidden from the group for ${INVISIBLE_MS / 1000} s; ` +
  'A crashes before ack()');

// Instance B asks too. For the next INVISIBLE_MS nobody in the group gets the order.
const again = await receiveOrder(second, 'instance B', INVISIBLE_MS + 15_000);
if (!again) throw new Error('instance B never received the order');
const hiddenFor = Date.now() - takenAt;
console.log(`${t()}  instance B: received the same message (${again.messageId === taken.messageId ? 'same' : 'another'} id), ` +
  `delivery ${again.deliveryAttempt}, ${(hiddenFor / 1000).toFixed(1)} s after A took it`);
await second.ack(again);
console.log(`${t()}  instance B: ack() — the group is done with it`);

// After the ack it never comes back: one more invisible duration, nothing.
const afterAck = await receiveOrder(second, 'instance B', INVISIBLE_MS + 5000);
console.log();
console.log(`summary: delivered ${afterAck ? 3 : 2} times, hidden for ${(hiddenFor / 1000).toFixed(1)} s ` +
  `(invisible duration ${INVISIBLE_MS / 1000} s), after ack: ${afterAck ? 'delivered again' : 'never again'}`);

await finish();
