// Send three messages with keys, then receive them back in a consumer group and print each.
import { FilterExpression, Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, start } from '../../../lib/workbook.ts';

const topic = 'hello';
// Don't change this line: the check passes its own run id and looks for these keys.
const run = process.env.EXERCISE_RUN_ID || runId();
const keys = [`${run}-1`, `${run}-2`, `${run}-3`];

const producer = await start(new Producer({ ...connection(), topic }));
const consumer = await start(new SimpleConsumer({
  ...connection(),
  consumerGroup: 'exercise-hello',
  subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
  awaitDuration: 3000,
}));

for (const key of keys) {
  // The tag marks this run's messages; the key names each one.
  const receipt = await producer.send({ topic, tag: run, keys: [key], body: Buffer.from(`parcel ${key}`) });
  console.log(`sent ${key}: message id ${receipt.messageId}`);
}

// One receive() may return fewer messages than are waiting: keep asking until all three came back.
const waiting = new Set(keys);
const deadline = Date.now() + 15_000;
while (waiting.size > 0 && Date.now() < deadline) {
  for (const message of await consumer.receive(16, 30_000)) {
    // Acknowledge everything, also messages of earlier runs: otherwise they come back later.
    await consumer.ack(message);
    const key = message.keys[0];
    if (message.tag === run && waiting.delete(key)) {
      console.log(`received ${key}: ${message.body.toString()}`);
    }
  }
}

if (waiting.size > 0) console.log(`never received: ${[...waiting].join(', ')}`);
await finish(waiting.size === 0 ? 0 : 1);
