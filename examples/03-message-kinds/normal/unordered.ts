// @timeout 60s
// Normal messages: no order promised. The broker spreads a topic's messages over its queues (4
// here: rocketmq/topics.json), and keeps each queue first in, first out. A consumer that reads a
// backlog takes a batch from one queue, then from the next, so the topic as a whole comes out of order.
import { FilterExpression, Producer, SimpleConsumer, type MessageView } from 'rocketmq-client-nodejs';
import { connection, finish, runId, start } from '../../lib/workbook.ts';

const MESSAGES = 12;
const topic = 'kinds-normal';
const run = runId();

const consumer = await start(new SimpleConsumer({
  ...connection(), consumerGroup: 'kinds-normal-reader', awaitDuration: 3000,
  subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
}));
const arrived: number[] = [];
/** Note the order this run's messages arrive in, and acknowledge the whole batch. */
async function take(batch: MessageView[]) {
  for (const message of batch) if (message.properties.get('run') === run) arrived.push(Number(message.properties.get('n')));
  await Promise.all(batch.map((message) => consumer.ack(message)));
}

// The group's first receive fixes where it starts reading; start it before sending so that it
// starts before this run's messages. It returns as soon as the first message is there.
const firstBatch = consumer.receive(32, 15_000).then(take);

const producer = await start(new Producer({ ...connection(), topic }));
for (let i = 1; i <= MESSAGES; i++) {
  await producer.send({ topic, properties: new Map([['run', run], ['n', String(i)]]), body: Buffer.from(`#${i}`) });
}
console.log(`sent #1 to #${MESSAGES}, one after another`);

// Now read on: the consumer finds a backlog.
await firstBatch;
while (arrived.length < MESSAGES) await take(await consumer.receive(32, 15_000));

console.log(`arrived: ${arrived.map((n) => `#${n}`).join(' ')}`);
const early = arrived.filter((n, i) => arrived.slice(i + 1).some((later) => later < n)).length;
console.log(early
  ? `summary: ${early} of ${MESSAGES} messages arrived before a message sent earlier`
  : `summary: 0 of ${MESSAGES} messages arrived before a message sent earlier (this time the consumer kept up, message by message)`);

await finish();
