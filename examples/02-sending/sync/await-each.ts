// @timeout 60s
// Sync sending: `await producer.send(…)` holds this code until the broker has stored the message
// and answered with a receipt. It is the Go client's SendSync, and the only way this client sends:
// async and one-way (the next cells) are the same send() with the waiting done differently.
import { Producer } from 'rocketmq-client-nodejs';
import { connection, finish, start } from '../../lib/workbook.ts';

const MESSAGES = 5;
const topic = 'sending';

// Nobody reads this topic in this cell: no consumer group, no consumer. The receipts come anyway.
const producer = await start(new Producer({ ...connection(), topic }));

for (let i = 1; i <= MESSAGES; i++) {
  const began = performance.now();
  const receipt = await producer.send({ topic, tag: 'sync', keys: [`order-${i}`], body: Buffer.from(`order #${i}`) });
  const waited = performance.now() - began;
  console.log(`#${i} stored after ${waited.toFixed(1)} ms: messageId ${receipt.messageId}, queue offset ${receipt.offset}`);
}

// Everything the receipt carries. There is no status field: any result other than OK makes
// send() throw, so a receipt in hand means "stored". Which queue the broker picked is not in it:
// the client fills receipt.messageQueue from its own guess, not from the broker's answer.
const last = await producer.send({ topic, tag: 'sync', body: Buffer.from('one more') });
console.log();
console.log('a receipt:');
console.log(`  messageId      ${last.messageId}   (made by the client before sending; consumers see the same id)`);
console.log(`  offset         ${last.offset}   (the message's position in its queue on the broker)`);
console.log(`  transactionId  ${last.transactionId}   (the broker fills it in; it means something for transactions, chapter 5)`);
console.log(`  recallHandle   ${JSON.stringify(last.recallHandle)}   (empty: only delay messages can be recalled)`);

await finish();
