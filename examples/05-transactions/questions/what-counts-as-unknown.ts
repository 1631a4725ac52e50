// @timeout 60s
// Which outcomes count as "unknown"? Anything that leaves the broker without a commit or a
// rollback for a half message. Four transactions, each left open a different way; the checker
// answers from the local database (the orders that were saved). A crashed producer is the fifth
// way: see the cell on crashes below.
import { mark } from '../../lib/timeline.ts';
import { resolutionName, TransactionResolution } from '../../lib/transactions.ts';
import { finish, runId } from '../../lib/workbook.ts';
import { times, transactionalProducer, watchDeliveries } from '../scene.ts';

const topic = 'tx-unknown-states';
const run = runId();
const startedAt = Date.now();
const t = () => `t=${((Date.now() - startedAt) / 1000).toFixed(1)}s`;

const cases = {
  A: 'the local step threw before commit()',
  B: 'the local step returned without deciding',
  C: 'the checker answered UNKNOWN twice',
  D: 'the checker threw once',
};
type Case = keyof typeof cases;
const savedOrders = new Set<Case>(); // the local database
const checkBacks = new Map<Case, number>();
const answers = new Map<Case, string>();

const consumer = await watchDeliveries(topic, 'tx-unknown-states-reader', run);
const producer = await transactionalProducer(topic, run, async (message) => {
  const order = message.properties.get('order') as Case;
  const n = (checkBacks.get(order) ?? 0) + 1;
  checkBacks.set(order, n);
  if (order === 'C' && n <= 2) {
    // "Ask me again later": the client sends the broker nothing.
    console.log(`${t()}  checker: order C, check-back ${n}: cannot tell yet, UNKNOWN`);
    mark('checker', 'check-back', { id: 'C', detail: 'UNKNOWN' });
    return TransactionResolution.TRANSACTION_RESOLUTION_UNSPECIFIED;
  }
  if (order === 'D' && n === 1) {
    console.log(`${t()}  checker: order D, check-back 1: throws (database unreachable)`);
    mark('checker', 'check-back', { id: 'D', detail: 'threw' });
    throw new Error('database unreachable');
  }
  const answer = savedOrders.has(order) ? TransactionResolution.COMMIT : TransactionResolution.ROLLBACK;
  answers.set(order, resolutionName(answer));
  console.log(`${t()}  checker: order ${order}, check-back ${n}: ${savedOrders.has(order) ? 'saved' : 'not saved'}, ${resolutionName(answer)}`);
  mark('checker', 'check-back', { id: order, detail: resolutionName(answer) });
  return answer;
});

/** Start a transaction for `order` and run `local` as its local step; commit only if `local` says so. */
async function placeOrder(order: Case, local: () => 'commit' | 'no decision') {
  const transaction = producer.beginTransaction();
  await producer.send({ topic, keys: [`order-${order}`], properties: new Map([['run', run], ['order', order]]), body: Buffer.from(`order ${order}`) }, transaction);
  mark('producer', 'half message', { id: order });
  try {
    if (local() === 'commit') await transaction.commit();
  } catch (error) {
    // A bug: the error is logged and nobody calls rollback().
    console.log(`${t()}  producer: order ${order}: ${(error as Error).message}; no commit(), no rollback()`);
  }
}

await placeOrder('A', () => {
  throw new Error('local step threw: stock table locked');
});
await placeOrder('B', () => {
  savedOrders.add('B');
  console.log(`${t()}  producer: order B saved, then an early return: no commit(), no rollback()`);
  return 'no decision';
});
for (const order of ['C', 'D'] as const) {
  await placeOrder(order, () => {
    savedOrders.add(order);
    return 'no decision';
  });
}

// Done when every order has its final answer and every saved one has arrived.
const settled = () => (Object.keys(cases) as Case[]).every((order) => answers.has(order) && consumer.count(order) === (savedOrders.has(order) ? 1 : 0));
await consumer.until(settled, 30_000);
console.log();
for (const [order, how] of Object.entries(cases) as [Case, string][]) {
  console.log(`case ${order} (${how}): checked back ${times(checkBacks.get(order) ?? 0)}, ` +
    `final answer ${answers.get(order) ?? 'none'}, delivered ${times(consumer.count(order))}`);
}

await consumer.stop();
await finish();
