// @timeout 60s
// The article's second case: the local transaction fails (order 1 is out of stock), and the
// producer rolls back. The half message must never reach a consumer.
//
// "Never" cannot be watched forever. So the cell leaves a second transaction (order 2) open on
// purpose, started after order 1: once the broker checks back on order 2, it has also looked at
// order 1, which is older. An open order 1 would have been checked back by then too.
import { transactionSettings } from '../../lib/broker-settings.ts';
import { mark } from '../../lib/timeline.ts';
import { TransactionResolution } from '../../lib/transactions.ts';
import { finish, runId, sleep } from '../../lib/workbook.ts';
import { times, transactionalProducer, watchDeliveries } from '../scene.ts';

const topic = 'tx-rollback';
const run = runId();
const startedAt = Date.now();
const t = () => `t=${((Date.now() - startedAt) / 1000).toFixed(1)}s`;
const { checkIntervalMs } = transactionSettings();

const consumer = await watchDeliveries(topic, 'tx-rollback-reader', run);
const checkBacks = new Map<string, number>();
const producer = await transactionalProducer(topic, run, async (message) => {
  const order = message.properties.get('order')!;
  checkBacks.set(order, (checkBacks.get(order) ?? 0) + 1);
  console.log(`${t()}  checker: the broker asks about order ${order}; no such order saved: ROLLBACK`);
  mark('checker', 'check-back', { id: order, detail: 'ROLLBACK' });
  return TransactionResolution.ROLLBACK;
});

/** Send order `order`'s half message in a new transaction. */
async function halfMessage(order: string) {
  const transaction = producer.beginTransaction();
  await producer.send({ topic, keys: [`order-${order}`], properties: new Map([['run', run], ['order', order]]), body: Buffer.from(`order ${order} created`) }, transaction);
  console.log(`${t()}  producer: half message for order ${order}`);
  mark('producer', 'half message', { id: order });
  return transaction;
}

const order1 = await halfMessage('1');
console.log(`${t()}  local transaction: order 1 fails (out of stock)`);
mark('local transaction', 'failed', { id: '1' });
await order1.rollback();
const rolledBackAt = Date.now();
console.log(`${t()}  producer: rollback()`);
mark('producer', 'rollback', { id: '1' });

await halfMessage('2'); // left open: the producer never commits or rolls back order 2
console.log(`${t()}  producer: order 2 left open (no commit, no rollback)`);

// Watch until the broker has checked back on order 2, then two more check rounds.
await consumer.until(() => checkBacks.has('2'), 30_000);
await sleep(2 * checkIntervalMs);
const watchedFor = Date.now() - rolledBackAt;
console.log();
console.log(`summary: order 1 (rolled back): delivered ${times(consumer.count('1'))}, checked back ${times(checkBacks.get('1') ?? 0)}; ` +
  `order 2 (left open): checked back ${times(checkBacks.get('2') ?? 0)}, delivered ${times(consumer.count('2'))}; ` +
  `watched ${(watchedFor / 1000).toFixed(1)} s after the rollback`);

await consumer.stop();
await finish();
