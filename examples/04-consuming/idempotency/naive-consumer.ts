// @timeout 60s
// An inventory consumer that puts the stock back every time a "return the stock" message
// arrives. Order 2's message was sent twice, and the consumer crashes once before acknowledging
// order 3 (see stock-returns.ts). Three orders return 2 kettles each: the stock should go from
// 100 to 106.
import { consumeReturns, openInventory, ORDERS, sendReturns, STOCK_BEFORE, stockOf, KETTLES_PER_ORDER } from './stock-returns.ts';
import { finish, runId } from '../../lib/workbook.ts';

const run = runId();
const { db, remove } = openInventory();

const consuming = consumeReturns(run, ORDERS.length + 2, (message, { orderSn, goods, num }) => {
  db.prepare('UPDATE inventory SET stocks = stocks + ? WHERE goods = ?').run(num, goods);
  console.log(`  ${orderSn}: +${num} kettles, stock now ${stockOf(db)} (message ${message.messageId}, delivery ${message.deliveryAttempt})`);
});
await sendReturns(run);
await consuming;

const expected = STOCK_BEFORE + ORDERS.length * KETTLES_PER_ORDER;
console.log();
console.log(`summary: stock ${stockOf(db)}, expected ${expected}: ${stockOf(db) - expected} kettles too many`);
remove();
await finish();
