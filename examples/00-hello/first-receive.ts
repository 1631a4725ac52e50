// Receive what waits in the topic "hello", acknowledge it, and stop.
import { FilterExpression, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, start } from '../lib/workbook.ts';

const consumer = await start(new SimpleConsumer({
  ...connection(),
  // The consumer group is the reader's name: the broker remembers how far each group has read.
  consumerGroup: 'hello-reader',
  // Topic → filter. SUB_ALL takes every tag; a tag such as 'greeting' would take only those.
  subscriptions: new Map([['hello', FilterExpression.SUB_ALL]]),
  // A long poll: while nothing waits, the proxy holds receive() open up to 3 s. (It raises a
  // shorter wait to grpcClientConsumerMinLongPollingTimeoutMillis: 5 s by default, 1 s in the
  // workbook's rocketmq/rmq-proxy.json.)
  awaitDuration: 3000,
}));

// receive(max, invisibleMs): at most 16 messages, invisible to other readers of the group for
// 30 s. Without an ack in that time, the broker hands them out again. A group that has never
// read the topic gets its starting point now, at its first receive(), not at startup().
const messages = await consumer.receive(16, 30_000);
for (const message of messages) {
  console.log(`received ${message.messageId}: "${message.body.toString()}" (tag ${message.tag})`);
  await consumer.ack(message);
}
console.log(messages.length === 0
  ? 'nothing waiting: run "first send" above, then run this again'
  : `acknowledged ${messages.length} message(s); they are done for this group. Run again for any others, until nothing is waiting`);

await finish();
