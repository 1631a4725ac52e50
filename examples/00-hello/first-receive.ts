// Receive what waits in the topic "hello", acknowledge it, and stop.
import { FilterExpression, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, start } from '../lib/workbook.ts';

const consumer = await start(new SimpleConsumer({
  ...connection(),
  // The consumer group is the reader's name: the broker remembers how far each group has read.
  consumerGroup: 'hello-reader',
  // Topic → filter. SUB_ALL takes every tag; a tag such as 'greeting' would take only those.
  subscriptions: new Map([['hello', FilterExpression.SUB_ALL]]),
  // A long poll: the broker holds the request up to 3 s while the topic is empty.
  awaitDuration: 3000,
}));

// receive(max, invisibleMs): the messages become invisible to other readers of the group
// for 30 s. Without an ack in that time, the broker hands them out again.
const messages = await consumer.receive(16, 30_000);
for (const message of messages) {
  console.log(`received ${message.messageId}: "${message.body.toString()}" (tag ${message.tag})`);
  await consumer.ack(message);
}
console.log(messages.length === 0
  ? 'nothing waiting: run "first send" above, then run this again'
  : `acknowledged ${messages.length} message(s); run again and they are gone for this group`);

await finish();
