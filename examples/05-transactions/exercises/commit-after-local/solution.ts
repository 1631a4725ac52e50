// @timeout 60s
// Exercise "commit after the local transaction": each order is saved in the shop's database
// (the order row, and the stock it takes) and announced on exercise-tx-local, in one
// transactional message. Order 3 asks for more kettles than are left: its local transaction
// fails. Consumers must hear about exactly the orders that were saved, and never before they
// were saved.
import Database from 'better-sqlite3';
import { Producer } from 'rocketmq-client-nodejs';
import { TransactionResolution } from '../../../lib/transactions.ts';
import { connection, finish, runId, start } from '../../../lib/workbook.ts';
import { createShopDb, ORDERS } from './shop-db.ts';

const topic = 'exercise-tx-local';
// The check gives every run an id and a database. Don't change these lines.
const run = process.env.EXERCISE_RUN_ID ?? runId();
const db = new Database(process.env.EXERCISE_DB ?? createShopDb());

/** The local transaction: save the order and take its kettles from stock, or throw (and change nothing). */
const saveOrder = db.transaction((order: string, quantity: number) => {
  db.prepare('INSERT INTO orders VALUES (?, ?, ?)').run(order, 'kettle', quantity);
  // The CHECK (quantity >= 0) constraint throws when there are not enough kettles left.
  db.prepare('UPDATE stock SET quantity = quantity - ? WHERE item = ?').run(quantity, 'kettle');
});

const producer = await start(new Producer({
  ...connection(),
  topic,
  // Asked only about transactions this program left open.
  checker: {
    async check(message) {
      if (message.properties.get('run') !== run) return TransactionResolution.TRANSACTION_RESOLUTION_UNSPECIFIED;
      const saved = db.prepare('SELECT 1 FROM orders WHERE id = ?').get(message.properties.get('order')) !== undefined;
      return saved ? TransactionResolution.COMMIT : TransactionResolution.ROLLBACK;
    },
  },
}));

for (const [order, quantity] of Object.entries(ORDERS)) {
  const transaction = producer.beginTransaction();
  await producer.send({ topic, keys: [`order-${order}`], properties: new Map([['run', run], ['order', order]]), body: Buffer.from(`order ${order}: ${quantity} kettles`) }, transaction);
  try {
    saveOrder(order, quantity);
    await transaction.commit();
    console.log(`order ${order}: saved, committed`);
  } catch (error) {
    await transaction.rollback();
    console.log(`order ${order}: ${(error as Error).message}, rolled back`);
  }
}
await finish();
