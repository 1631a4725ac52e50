// Shortcut (must fail the check): the checker never decides. The broker asks until it gives up, and
// no order is delivered.
// Caught by: ✗ every saved order was delivered, once
// @timeout 60s
// Exercise "durable checker": the order service saves an order and sends its "order created"
// message in one transaction. Order 2 is out of stock: it is never saved. The service runs as
// two instances; the check crashes one of them right after it saved its orders and before it
// could commit or roll back. The broker checks back, and the other instance answers. Make the
// checker answer from what lasts: the database.
import { Producer } from 'rocketmq-client-nodejs';
import { TransactionResolution } from '../../../../lib/transactions.ts';
import { connection, finish, runId, sleep, start } from '../../../../lib/workbook.ts';
import { createOrdersDb, openOrdersDb } from '../../../orders-db.ts';

const topic = 'exercise-tx-orders';
// The check gives every run an id and a database, and says which instance this is. Don't change these lines.
const run = process.env.EXERCISE_RUN_ID ?? runId();
const orders = openOrdersDb(process.env.EXERCISE_DB ?? createOrdersDb());
const role = process.env.EXERCISE_ROLE ?? 'on its own'; // 'placing orders', 'standby' or 'on its own'
const placedHere = new Set<string>(); // the orders this process saved, while it lives

const producer = await start(new Producer({
  ...connection(),
  topic,
  checker: {
    async check(message) {
      if (message.properties.get('run') !== run) return TransactionResolution.TRANSACTION_RESOLUTION_UNSPECIFIED;
      const order = message.properties.get('order')!;
      console.log(`check-back for order ${order}: UNKNOWN`);
      return TransactionResolution.TRANSACTION_RESOLUTION_UNSPECIFIED;
    },
  },
}));
console.log(`instance ready (${role})`);

if (role !== 'standby') {
  for (const order of ['1', '2', '3', '4']) {
    const transaction = producer.beginTransaction();
    await producer.send({ topic, keys: [`order-${order}`], properties: new Map([['run', run], ['order', order]]), body: Buffer.from(`order ${order}`) }, transaction);
    // The local transaction: order 2 is out of stock and is not saved.
    if (order !== '2') {
      orders.saveOrder(order);
      placedHere.add(order);
    }
    console.log(`order ${order}: half message sent, ${order === '2' ? 'out of stock, not saved' : 'saved'}`);
  }
  // The check crashes this instance here, before any commit() or rollback(). Don't change this line.
  if (role === 'placing orders') process.exit(1);
}
// Stay up to answer check-backs. Don't change this line.
await sleep(Number(process.env.EXERCISE_ANSWER_MS ?? 15_000));
await finish();
