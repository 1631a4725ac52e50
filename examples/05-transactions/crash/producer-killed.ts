// @timeout 90s
// A producer crashes between the half message and commit(): it has saved order 1 in its database
// and dies before telling the broker. Who answers the check-back? A producer that is started again
// (as a service would be restarted). It runs twice, side by side, on two topics:
//   durable: the new producer's checker reads the order database
//   memory:  the checker looks in a Set the old process kept in memory, now gone with it
import { Producer } from 'rocketmq-client-nodejs';
import { childRole, onChildLine, spawnSelf } from '../../lib/child-process.ts';
import { mark } from '../../lib/timeline.ts';
import { resolutionName, TransactionResolution } from '../../lib/transactions.ts';
import { connection, finish, runId, sleep, start } from '../../lib/workbook.ts';
import { times, transactionalProducer, watchDeliveries } from '../scene.ts';
import { createOrdersDb, openOrdersDb, removeOrdersDb } from '../orders-db.ts';

const RESTART_AFTER_MS = 2500; // edit me: how long the service stays down before it is restarted
type Kind = 'durable' | 'memory';
const topics: Record<Kind, string> = { durable: 'tx-crash-durable', memory: 'tx-crash-memory' };

// What each checker knows. The durable one reads the database; the in-memory one reads this Set,
// which the producer fills as it saves orders, and which a new process starts empty.
const ordersInMemory = new Set<string>();

const role = childRole() as Kind | undefined;
if (role) {
  // --- The first producer, in a child process: it will be killed ---
  const topic = topics[role];
  const orders = openOrdersDb(process.env.ORDERS_DB!);
  const producer = await start(new Producer({
    ...connection(),
    topic,
    checker: { check: async (message) => (ordersInMemory.has(message.properties.get('order')!) ? TransactionResolution.COMMIT : TransactionResolution.ROLLBACK) },
  }));
  const transaction = producer.beginTransaction();
  await producer.send({ topic, keys: ['order-1'], properties: new Map([['run', process.env.RUN!], ['order', '1']]), body: Buffer.from('order 1') }, transaction);
  console.log('half message sent');
  orders.saveOrder('1'); // the local transaction commits…
  ordersInMemory.add('1');
  console.log('order saved');
  await sleep(60_000); // …and the parent kills this process before the next line runs
  await transaction.commit();
} else {
  const run = runId();
  const startedAt = Date.now();
  const t = () => `t=${((Date.now() - startedAt) / 1000).toFixed(1)}s`;

  async function crashAndRestart(kind: Kind) {
    const topic = topics[kind];
    const file = createOrdersDb();
    const consumer = await watchDeliveries(topic, `${topic}-reader`, run, `${kind} consumer`);

    // 1. The first producer sends the half message, saves the order, and is killed before commit().
    const child = spawnSelf(kind, { ORDERS_DB: file, RUN: run });
    await new Promise<void>((resolve) => onChildLine(child, (line) => {
      console.log(`${t()}  ${kind} producer (pid ${child.pid}): ${line}`);
      mark(`${kind} producer`, line === 'order saved' ? 'local commit' : 'half message', { id: '1' });
      if (line === 'order saved') resolve();
    }));
    child.kill('SIGKILL');
    console.log(`${t()}  ${kind} producer: killed before commit()`);
    mark(`${kind} producer`, 'killed', { id: '1' });

    // 2. Down for RESTART_AFTER_MS: no live producer declares the topic.
    await sleep(RESTART_AFTER_MS);

    // 3. The restarted service: a new producer for the same topic, with a checker.
    const orders = openOrdersDb(file);
    const answers: { checkTimes: string; answer: string }[] = [];
    await transactionalProducer(topic, run, (message) => {
      const order = message.properties.get('order')!;
      const known = kind === 'durable' ? orders.hasOrder(order) : ordersInMemory.has(order);
      const answer = known ? TransactionResolution.COMMIT : TransactionResolution.ROLLBACK;
      const checkTimes = message.properties.get('TRANSACTION_CHECK_TIMES') ?? '?';
      answers.push({ checkTimes, answer: resolutionName(answer) });
      console.log(`${t()}  ${kind} checker (restarted): the broker's check-back ${checkTimes} for order ${order}; ` +
        `${kind === 'durable' ? 'in the database' : 'in memory'}: ${known ? 'yes' : 'no'}: ${resolutionName(answer)}`);
      mark(`${kind} checker`, `check-back ${checkTimes}`, { id: order, detail: resolutionName(answer) });
      return answer;
    });
    console.log(`${t()}  ${kind} producer: restarted`);
    mark(`${kind} checker`, 'restarted');

    // Until the checker has answered and, for a COMMIT, the message has arrived; then a little longer.
    await consumer.until(() => answers.length > 0 && (answers[0].answer !== 'COMMIT' || consumer.count('1') > 0), 20_000);
    await sleep(1500);
    await consumer.stop();
    const saved = orders.hasOrder('1');
    const delivered = consumer.count('1');
    orders.close();
    removeOrdersDb(file);
    const answer = answers[0];
    return `${kind} checker: order 1 in the database ${saved ? 'yes' : 'no'}; ` +
      (answer ? `first check-back to reach the restarted producer: number ${answer.checkTimes}, answered ${answer.answer}` : 'never asked') +
      `; delivered ${times(delivered)}: ${(delivered > 0) === saved ? 'consistent' : 'INCONSISTENT'}`;
  }

  const results = await Promise.all([crashAndRestart('durable'), crashAndRestart('memory')]);
  console.log();
  for (const line of results) console.log(`summary ${line}`);
  await finish();
}
