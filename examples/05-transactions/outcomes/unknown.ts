// @timeout 60s
// The article's third case: the local transaction ran, but the producer never says how it ended
// (in Go it returned UnknowState; here it simply calls neither commit() nor rollback()). The broker
// does not wait forever: it asks the producer's checker, which looks at the local database and
// decides.
import { mark } from '../../lib/timeline.ts';
import { resolutionName, TransactionResolution } from '../../lib/transactions.ts';
import { finish, runId, sleep } from '../../lib/workbook.ts';
import { times, transactionalProducer, watchDeliveries } from '../scene.ts';

const topic = 'tx-unknown';
const LOCAL_WORK_MS = 1000;
const run = runId();
const startedAt = Date.now();
const t = () => `t=${((Date.now() - startedAt) / 1000).toFixed(1)}s`;

// The local database: the orders the local transaction saved.
const savedOrders = new Set<string>();
const checks: { at: number; answer: string }[] = [];

const consumer = await watchDeliveries(topic, 'tx-unknown-reader', run);
// The article's CheckLocalTransaction: is the order in the database? Then commit.
const producer = await transactionalProducer(topic, run, async (message) => {
  const order = message.properties.get('order')!;
  const answer = savedOrders.has(order) ? TransactionResolution.COMMIT : TransactionResolution.ROLLBACK;
  checks.push({ at: Date.now(), answer: resolutionName(answer) });
  console.log(`${t()}  checker: the broker asks about order ${order}; ${savedOrders.has(order) ? "it is saved" : "not saved"}: ${resolutionName(answer)}`);
  mark('checker', 'check-back', { id: order, detail: resolutionName(answer) });
  return answer;
});

const transaction = producer.beginTransaction();
await producer.send({ topic, keys: ['order-1'], properties: new Map([['run', run], ['order', '1']]), body: Buffer.from('order 1 created') }, transaction);
const sentAt = Date.now();
console.log(`${t()}  producer: half message for order 1`);
mark('producer', 'half message', { id: '1' });

mark('local transaction', 'begin', { id: '1' });
await sleep(LOCAL_WORK_MS);
savedOrders.add('1');
console.log(`${t()}  local transaction: order 1 saved; the producer says nothing (no commit(), no rollback())`);
mark('local transaction', 'committed', { id: '1' });

await consumer.until(() => consumer.count('1') > 0, 30_000);
await sleep(1000); // a second more, to see that it comes exactly once
const firstCheck = checks[0];
console.log();
console.log(`summary: first check-back ${firstCheck ? ((firstCheck.at - sentAt) / 1000).toFixed(1) : '-'} s after the half message, ` +
  `check-backs ${checks.length}, answer ${firstCheck?.answer ?? '-'}, delivered ${times(consumer.count('1'))}` +
  (consumer.deliveries[0] && firstCheck ? `, ${consumer.deliveries[0].at - firstCheck.at} ms after the answer` : ''));

await consumer.stop();
await finish();
