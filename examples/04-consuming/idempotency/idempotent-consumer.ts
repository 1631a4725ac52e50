// @timeout 60s
// The same consumer, made idempotent the article's way: the stockselldetail row of the order is
// switched from "deducted" (1) to "returned" (2) in the same database transaction that puts the
// stock back. A second message for the same order finds the row already returned, and changes
// nothing. Same messages, same crash: the stock should go from 100 to 106.
import { consumeReturns, openInventory, ORDERS, sendReturns, STOCK_BEFORE, stockOf, KETTLES_PER_ORDER } from './stock-returns.ts';
import { finish, runId } from '../../lib/workbook.ts';

const run = runId();
const { db, remove } = openInventory();
let skipped = 0;

// One SQLite transaction: both writes happen, or neither. A crash after it, before the ack, leaves
// the order marked as returned, so the redelivery is skipped.
const returnStock = db.transaction((orderSn: string, goods: string, num: number) => {
  // The key is the order number, not the message id: a resent message has a new message id.
  const marked = db.prepare('UPDATE stockselldetail SET status = 2 WHERE order_sn = ? AND status = 1').run(orderSn);
  if (marked.changes === 0) return false; // returned before (or an order we never deducted)
  db.prepare('UPDATE inventory SET stocks = stocks + ? WHERE goods = ?').run(num, goods);
  return true;
});

const consuming = consumeReturns(run, ORDERS.length + 2, (message, { orderSn, goods, num }) => {
  const applied = returnStock(orderSn, goods, num);
  if (!applied) skipped++;
  console.log(`  ${orderSn}: ${applied ? `+${num} kettles` : 'already returned, skipped'}, stock now ${stockOf(db)} ` +
    `(message ${message.messageId}, delivery ${message.deliveryAttempt})`);
});
await sendReturns(run);
await consuming;

const expected = STOCK_BEFORE + ORDERS.length * KETTLES_PER_ORDER;
console.log();
console.log(`summary: stock ${stockOf(db)}, expected ${expected}: ${stockOf(db) - expected} kettles too many; ${skipped} duplicates skipped`);
remove();
await finish();
