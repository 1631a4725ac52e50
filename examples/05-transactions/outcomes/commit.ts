// @timeout 60s
// The article's first case: the local transaction succeeds, and the producer commits.
//   1. send a half message: the broker stores it, but no consumer can see it yet
//   2. run the local transaction (here: save order 1, which takes LOCAL_WORK_MS)
//   3. commit: now the broker delivers the message
import { Producer } from 'rocketmq-client-nodejs';
import { mark } from '../../lib/timeline.ts';
import { TransactionResolution } from '../../lib/transactions.ts';
import { connection, finish, runId, sleep, start } from '../../lib/workbook.ts';
import { times, watchDeliveries } from '../scene.ts';

const topic = 'tx-commit';
const LOCAL_WORK_MS = 1000; // edit me: how long the local transaction takes
const run = runId();
const startedAt = Date.now();
const t = () => `t=${((Date.now() - startedAt) / 1000).toFixed(1)}s`;

const consumer = await watchDeliveries(topic, 'tx-commit-reader', run);
let checkBacks = 0;
const producer = await start(new Producer({
  ...connection(),
  topic,
  // Every transactional producer needs a checker; this cell never leaves a transaction open.
  checker: {
    async check(message) {
      if (message.properties.get('run') === run) checkBacks++;
      return TransactionResolution.TRANSACTION_RESOLUTION_UNSPECIFIED;
    },
  },
}));

const transaction = producer.beginTransaction();
const receipt = await producer.send({
  topic, keys: ['order-1'], properties: new Map([['run', run], ['order', '1']]), body: Buffer.from('order 1 created'),
}, transaction);
console.log(`${t()}  producer: half message sent (message id ${receipt.messageId}, transaction id ${receipt.transactionId})`);
mark('producer', 'half message', { id: '1' });

console.log(`${t()}  local transaction: saving order 1…`);
mark('local transaction', 'begin', { id: '1' });
await sleep(LOCAL_WORK_MS);
const deliveredBeforeCommit = consumer.count('1');
console.log(`${t()}  local transaction: committed; the consumer has received ${deliveredBeforeCommit} messages so far`);
mark('local transaction', 'committed', { id: '1' });

await transaction.commit();
const committedAt = Date.now();
console.log(`${t()}  producer: commit()`);
mark('producer', 'commit', { id: '1' });

await consumer.until(() => consumer.count('1') > 0, 15_000);
await sleep(1000); // a second more, to see that it comes exactly once
console.log();
console.log(`summary: delivered ${times(consumer.count('1'))}, ${consumer.deliveries[0] ? consumer.deliveries[0].at - committedAt : '-'} ms after the commit; ` +
  `before the commit ${deliveredBeforeCommit}; check-backs ${checkBacks}`);

await consumer.stop();
await finish();
