// @timeout 120s
// AutoReback returns an order's stock at most once, whatever arrives: the same reback delivered
// again (the ack was lost), and a reback for an order the inventory never deducted.
import { finish } from '../../lib/workbook.ts';
import { startShop } from '../shop.ts';

// Case 2 is settled by a check-back. The broker sends at most transactionCheckMax (15), and
// in a busy broker some find no producer channel ready ("channel is null" in transaction.log) and
// are lost. So the checker answers the first one that arrives, instead of asking again while the
// half message is young.
const shop = await startShop({ stocks: { 1: 10 }, checkBackGraceMs: 0 });

console.log('1. the inventory returns the stock, then fails before it acknowledges the message');
await shop.inventory.arm('inventory.reback.after-commit', 'fail');
await shop.orders.arm('order.before-local-commit', 'fail'); // so that the order fails and its reback is committed
const first = await shop.placeOrder(1, [[1, 2]]);
const firstSn = first.ok ? '' : first.order_sn!;
console.log(`   CreateOrder ${firstSn}: ${first.ok ? 'placed?!' : first.error}`);
const [, firstAgain] = await shop.waitForLine(new RegExp(`^AutoReback ${firstSn}: (.*) \\(delivery 2\\)$`));
console.log(`   delivered again, delivery 2: ${firstAgain}`);

console.log('2. CreateOrder throws right after the half message: no commit, no rollback, no deduction');
await shop.orders.arm('order.after-half-message', 'fail');
const second = await shop.placeOrder(2, [[1, 3]]);
console.log(`   CreateOrder: ${second.ok ? 'placed?!' : second.error}`);
const [, secondSn, secondCheck] = await shop.waitForLine(/^check-back (\d+) after [\d.]+ s: (\S+ → \S+)$/);
console.log(`   the broker checked back: ${secondCheck}`);
const [, secondReback] = await shop.waitForLine(new RegExp(`^AutoReback ${secondSn}: (.*) \\(delivery \\d+\\)$`));
console.log(`   AutoReback: ${secondReback}`);

const rows = await shop.printTables('at the end', ['inventory', 'stockselldetail']);
for (const [kind, sn] of [['delivered twice', firstSn], ['never deducted', secondSn]]) {
  const deliveries = shop.countLines(new RegExp(`^AutoReback ${sn}: `));
  const returned = shop.countLines(new RegExp(`^AutoReback ${sn}: returned`));
  const record = rows.stockselldetail.find((row) => row.order_sn === sn);
  console.log(`summary ${kind}: delivered ${deliveries} time(s), stock returned ${returned} time(s), sell record status ${record?.status} ${record?.detail}`);
}
console.log(`summary stock: kettle 10 → ${rows.inventory[0].stocks}`);
await shop.stop();
await finish();
