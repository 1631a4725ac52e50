// Shortcut (must fail the check): skips the receipt. It waits for each send, then prints an id it
// made up.
// Caught by: ✗ each reported id is the id of that order's message on the broker
// Exercise "keep the receipts": an order service sends ten orders and must report, for each one,
// the message id from the broker's receipt, or that the order failed (order #7 carries a photo
// that is too big to send). Right now it sends without looking at the results and reports
// "sent" for every order, whatever happened.
import { randomBytes } from 'node:crypto';
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
  try {
    // The receipt is the broker's word that it stored the message; its messageId is the one consumers see.
    await producer.send({ topic, body, properties: new Map([['run', run], ['order', String(order)]]) });
    console.log(`order ${order} stored as ${randomBytes(17).toString('hex').toUpperCase()}`);
  } catch (error) {
    console.log(`order ${order} FAILED: ${(error as Error).message.split('\n')[0]}`);
  }
}

await finish();
