// Shortcut (must fail the check): sends the three messages, then prints the "received" lines
// from what it sent instead of receiving them. Its printout is the solution's, line for line;
// only the broker can tell that the group was never handed the messages.
// Caught by: ✗ the broker handed the three messages to the program's group
import { Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, start } from '../../../../lib/workbook.ts';

const topic = 'hello';
// The check gives every run an id and looks for this run's messages. Don't change these lines.
const run = process.env.EXERCISE_RUN_ID || runId();
const keys = [`${run}-1`, `${run}-2`, `${run}-3`];

const producer = await start(new Producer({ ...connection(), topic }));
const consumer = await start(new SimpleConsumer({
  ...connection(),
  // A group of its own for every run, subscribed to this run's tag only: runs never take each
  // other's messages, even when a whole room shares one broker. Don't change this line.
  consumerGroup: `exercise-hello-${run}`,
  subscriptions: new Map([[topic, run]]),
  awaitDuration: 3000,
}));
// A new group starts reading where each queue is at its first receive(), not at startup(): ask
// once before sending, so the group starts before your messages. Nothing is waiting yet, so this
// comes back empty after awaitDuration. Don't change this line.
await consumer.receive(16, 10_000);

for (const key of keys) {
  const receipt = await producer.send({ topic, tag: run, keys: [key], body: Buffer.from(`parcel ${key}`) });
  console.log(`sent ${key}: message id ${receipt.messageId}`);
}

// Skipped: receiving. The bodies are known, so print them as if they had come back.
for (const key of keys) console.log(`received ${key}: parcel ${key}`);

await finish();
