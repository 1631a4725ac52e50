// Send one message to the topic "hello" and print the broker's receipt.
import { Producer } from 'rocketmq-client-nodejs';
import { connection, finish, start } from '../lib/workbook.ts';

console.log(`connecting to the broker's gRPC proxy at ${connection().endpoints}…`);

// Name the topic up front: the producer fetches its route at startup, so a typo fails here
// instead of at the first send.
const producer = await start(new Producer({ ...connection(), topic: 'hello' }));

const receipt = await producer.send({
  topic: 'hello',
  // A tag is a second label under the topic; consumers can subscribe to some tags only.
  tag: 'greeting',
  // Keys are your own ids for the message (an order number, say); the broker indexes them.
  keys: ['first-send'],
  body: Buffer.from(`Hello, RocketMQ! (sent at ${new Date().toLocaleTimeString()})`),
});

// The receipt means the broker has stored the message (in memory: with flushDiskType=ASYNC_FLUSH
// it reaches the disk a moment later). Nobody has consumed it yet. A send that rejects may still
// have been stored: the page says when.
// (receipt.messageQueue is only the queue the client asked for: client 1.0.8 always asks for
// queue 0, and the proxy picks the queue itself. The offset is the message's place in that queue.)
console.log('sent, and the broker stored it:');
console.log('  message id:', receipt.messageId);
console.log('  topic:     ', receipt.messageQueue.topic.name);
console.log('  offset:    ', receipt.offset.toString());

await finish();
