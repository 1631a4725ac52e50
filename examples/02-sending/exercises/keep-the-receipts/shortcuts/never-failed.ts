// Shortcut (must fail the check): skips reporting failures. When a send fails it sends something
// else and reports that message's id as the order's.
// Caught by: ✗ order 7 is reported as FAILED, and is not on the broker
// Exercise "keep the receipts": an order service sends ten orders and must report, for each one,
// the message id from the broker's receipt, or that the order failed (order #7 carries a photo
// that is too big to send). Right now it sends without looking at the results and reports
// "sent" for every order, whatever happened.
import { Producer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, start } from '../../../../lib/workbook.ts';

const topic = 'exercise-receipts';
// The check gives every run an id, and counts only messages that carry it. Don't change this line.
const run = process.env.EXERCISE_RUN_ID ?? runId();

const orders = Array.from({ length: 10 }, (_, i) => ({
  order: i + 1,
  // Order #7's photo is 5 MiB: over the 4 MiB a message may carry.
  body: Buffer.alloc(i + 1 === 7 ? 5 * 1024 * 1024 : 100, 'x'),
}));

const producer = await start(new Producer({ ...connection(), topic }));

for (const { order, body } of orders) {
  // Sends without waiting, and reports the receipt of the next order it can get: every order looks stored.
  const sending = producer.send({ topic, body, properties: new Map([['run', run], ['order', String(order)]]) });
  sending.catch(() => {});
  const receipt = await sending.catch(() => producer.send({ topic, body: Buffer.from('retry'), properties: new Map([['run', run]]) }));
  console.log(`order ${order} stored as ${receipt.messageId}`);
}

await finish();
