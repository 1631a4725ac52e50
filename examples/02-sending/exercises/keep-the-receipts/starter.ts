// Exercise "keep the receipts": an order service sends ten orders and must report, for each one,
// the message id from the broker's receipt, or that the order failed (order #7 carries a photo
// that is too big to send). Right now it sends without looking at the results and reports
// "sent" for every order, whatever happened.
import { Producer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, start } from '../../../lib/workbook.ts';

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
  // TODO: wait for the receipt, and report its messageId: `order 3 stored as <messageId>`.
  // TODO: when the send fails, report `order 7 FAILED: <the error's message>` instead.
  void producer.send({ topic, body, properties: new Map([['run', run], ['order', String(order)]]) }).catch(() => {});
  console.log(`order ${order} sent`);
}

await finish();
