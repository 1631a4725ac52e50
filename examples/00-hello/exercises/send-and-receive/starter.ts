// Exercise "send and receive": send three messages with keys, receive them back, print each.
import { Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, start } from '../../../lib/workbook.ts';

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
  // TODO: send a message to `topic` with the tag `run`, the keys [key] and a body of your
  // choice, then print `sent <key>: message id <the receipt's message id>`.
}

// One receive() may return fewer messages than are waiting: ask until all three came back.
const waiting = new Set(keys);
const deadline = Date.now() + 10_000;
while (waiting.size > 0 && Date.now() < deadline) {
  // Invisible for 10 s: the check waits that long to see whether any message comes back. Don't change it.
  for (const message of await consumer.receive(16, 10_000)) {
    // TODO: acknowledge the message.
    waiting.delete(message.keys[0]);
    // TODO: print `received <key>: <body>` (the key is message.keys[0]).
  }
}

if (waiting.size > 0) console.log(`never received: ${[...waiting].join(', ')}`);
await finish(waiting.size === 0 ? 0 : 1);
