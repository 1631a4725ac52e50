// @timeout 150s
// Four orders, one of each kind the article talks about: paid in time, never paid, out of
// stock, and one whose local transaction fails after its stock was deducted. Then both
// databases, and what happened to the stock of each.
import { finish } from '../../lib/workbook.ts';
import { startShop, type OrderResult } from '../shop.ts';

const TIMEOUT_SECONDS = 4;
const shop = await startShop({ stocks: { 1: 10, 2: 1 }, orderTimeoutSeconds: TIMEOUT_SECONDS });
await shop.printTables('before', ['inventory']);

const show = (kind: string, result: OrderResult) =>
  console.log(`${kind}: ${result.ok ? `order ${result.order_sn} placed, ${result.total} yuan` : `CreateOrder failed (${result.status}): ${result.error}`}`);

const paid = await shop.placeOrder(1, [[1, 2]]);
show('paid in time', paid);
if (paid.ok) console.log(`  Pay: ${(await shop.pay(paid.order_sn)).ok ? 'TRADE_SUCCESS' : 'failed'}`);

const unpaid = await shop.placeOrder(2, [[1, 1]]);
show('never paid', unpaid);

// 3 teapots, 1 in stock: the inventory refuses, nothing is deducted, and CreateOrder rolls the
// reback back before any local transaction starts.
const outOfStock = await shop.placeOrder(3, [[2, 3]]);
show('out of stock', outOfStock);

// The article's test: make the local transaction fail after the stock was deducted.
await shop.orders.arm('order.before-local-commit', 'fail');
const failed = await shop.placeOrder(4, [[1, 1]]);
show('local transaction fails', failed);

const sn = (result: OrderResult) => (result.ok ? result.order_sn : result.order_sn ?? '?');
console.log(`waiting for the timeouts (${TIMEOUT_SECONDS} s) and the rebacks…`);
for (const order of [paid, unpaid, failed]) await shop.orders.waitForLine(new RegExp(`^timeout ${sn(order)}: `), 60_000);
// The inventory logs each return after committing it: once both lines are there, so are the rows.
for (const order of [unpaid, failed]) await shop.waitForLine(new RegExp(`^AutoReback ${sn(order)}: `));
const rows = await shop.printTables('at the end');

for (const [kind, order] of [['paid in time', paid], ['never paid', unpaid], ['out of stock', outOfStock], ['local transaction fails', failed]] as const) {
  const info = rows.orderinfo.find((row) => row.order_sn === sn(order));
  const sold = rows.stockselldetail.find((row) => row.order_sn === sn(order));
  const returned = shop.inventory.countLines(new RegExp(`^AutoReback ${sn(order)}: returned`));
  console.log(`summary ${kind}: order ${info ? `${info.status}${info.close_reason ? ` (${info.close_reason})` : ''}` : 'none'}, ` +
    `sell record ${sold ? `status ${sold.status}` : 'none'}, stock returned ${returned} time(s)`);
}
console.log(`summary stock: kettle 10 → ${rows.inventory[0].stocks}, teapot 1 → ${rows.inventory[1].stocks}`);
await shop.stop();
await finish();
