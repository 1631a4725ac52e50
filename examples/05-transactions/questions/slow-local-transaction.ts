// @timeout 60s
// Does a slow local transaction trigger a check-back, even though the producer is alive and
// will commit? Saving order 1 takes LOCAL_WORK_MS, longer than the broker's transactionTimeOut.
// The same slow transaction runs twice, side by side, against two checkers:
//   careful: a saved order → COMMIT; not saved yet and younger than the local step's time limit
//            → UNKNOWN ("still running, ask me later"); not saved and older → ROLLBACK
//   naive:   a saved order → COMMIT; not saved → ROLLBACK
// Both read the order database through their own connection, as a checker in another process would.
import type { MessageView } from 'rocketmq-client-nodejs';
import { mark } from '../../lib/timeline.ts';
import { resolutionName, TransactionResolution } from '../../lib/transactions.ts';
import { finish, runId, sleep } from '../../lib/workbook.ts';
import { times, transactionalProducer, watchDeliveries } from '../scene.ts';
import { createOrdersDb, openOrdersDb, removeOrdersDb } from '../orders-db.ts';

const LOCAL_WORK_MS = 5000; // edit me: how long saving the order takes
const LOCAL_TIME_LIMIT_MS = 30_000; // the longest the local step may run before it is abandoned
const run = runId();
const startedAt = Date.now();
const t = () => `t=${((Date.now() - startedAt) / 1000).toFixed(1)}s`;

type Kind = 'careful' | 'naive';
const topics: Record<Kind, string> = { careful: 'tx-slow-local', naive: 'tx-slow-local-naive' };

/** One producer with a `kind` checker; one slow transaction for order 1. */
async function slowTransaction(kind: Kind) {
  const file = createOrdersDb();
  const checkerView = openOrdersDb(file);
  const answers: { answer: string; whileSaving: boolean }[] = [];
  let saved = false;
  const decide = (message: MessageView) => {
    const order = message.properties.get('order')!;
    if (checkerView.hasOrder(order)) return TransactionResolution.COMMIT;
    const age = Date.now() - (message.bornTimestamp?.getTime() ?? 0);
    if (kind === 'careful' && age < LOCAL_TIME_LIMIT_MS) return TransactionResolution.TRANSACTION_RESOLUTION_UNSPECIFIED;
    return TransactionResolution.ROLLBACK;
  };
  const topic = topics[kind];
  const consumer = await watchDeliveries(topic, `${topic}-reader`, run, `${kind} consumer`);
  const producer = await transactionalProducer(topic, run, (message) => {
    const answer = decide(message);
    answers.push({ answer: resolutionName(answer), whileSaving: !saved });
    console.log(`${t()}  ${kind} checker: check-back ${answers.length}, order 1 ${checkerView.hasOrder('1') ? 'saved' : 'not saved yet'}: ${resolutionName(answer)}`);
    mark(`${kind} checker`, 'check-back', { id: '1', detail: resolutionName(answer) });
    return answer;
  });

  const transaction = producer.beginTransaction();
  await producer.send({ topic, keys: ['order-1'], properties: new Map([['run', run], ['order', '1']]), body: Buffer.from('order 1') }, transaction);
  mark(`${kind} producer`, 'half message', { id: '1' });

  // The local transaction: the row is written at once, but committed only after LOCAL_WORK_MS.
  const writer = openOrdersDb(file);
  writer.db.exec('BEGIN IMMEDIATE');
  writer.saveOrder('1');
  mark(`${kind} producer`, 'local begin', { id: '1' });
  await sleep(LOCAL_WORK_MS);
  writer.db.exec('COMMIT');
  saved = true;
  mark(`${kind} producer`, 'local commit', { id: '1' });
  let commitResult = 'ok';
  try {
    await transaction.commit();
  } catch (error) {
    commitResult = `failed (${(error as Error).message})`;
  }
  console.log(`${t()}  ${kind} producer: order 1 saved after ${LOCAL_WORK_MS / 1000} s; commit() ${commitResult}`);
  mark(`${kind} producer`, 'commit', { id: '1', detail: commitResult });

  await consumer.until(() => consumer.count('1') > 0, 10_000);
  await sleep(1500); // to see whether it comes more than once
  await consumer.stop();
  writer.close();
  checkerView.close();
  removeOrdersDb(file);
  // A check-back can also come after the local commit, before the broker has written the
  // producer's commit down (in batches, transactionOpBatchInterval): the order is saved, so even the
  // careful checker answers COMMIT, and the broker takes both commits.
  const list = (whileSaving: boolean) => answers.filter((a) => a.whileSaving === whileSaving).map((a) => a.answer);
  return `${kind} checker: check-backs while saving ${list(true).length} (${list(true).join(', ') || 'none'}), ` +
    `after saving ${list(false).length} (${list(false).join(', ') || 'none'}), commit() ${commitResult}, delivered ${times(consumer.count('1'))}`;
}

const results = await Promise.all([slowTransaction('careful'), slowTransaction('naive')]);
console.log();
for (const line of results) console.log(`summary ${line}`);
await finish();
