// @timeout 150s
// UNKNOWN: the broker holds a reback half message that nobody committed or rolled back, and asks
// the order service about it (check-back). Once for an order that exists (CreateOrder threw after
// saving it), once for an order that never came to be (the service died after the stock was deducted).
import { finish } from '../../lib/workbook.ts';
import { startShop } from '../shop.ts';

const TIMEOUT_SECONDS = 12;
const shop = await startShop({ stocks: { 1: 10 }, orderTimeoutSeconds: TIMEOUT_SECONDS });
// Two instances of the order service on one database, as in production: when one dies, the
// broker asks the other. (The broker sends a check-back to any live producer of the topic.)
const second = await shop.addOrderInstance('order #2');

console.log('1. the order is saved, then CreateOrder throws: neither commit nor rollback is sent');
await shop.orders.arm('order.after-local-commit', 'fail');
const thrown = await shop.placeOrder(1, [[1, 2]]);
console.log(`   CreateOrder: ${thrown.ok ? 'placed?!' : thrown.error}`);
const [, lateSn, lateAge, lateCheck] = await shop.waitForLine(/^check-back (\d+) after ([\d.]+) s: (WAIT_BUYER_PAY → \S+)$/);
console.log(`   the broker checked back ${lateAge} s after the half message: ${lateCheck}`);

console.log('2. an order service dies after the stock is deducted, before the order is saved');
await shop.orders.arm('order.after-deduct', 'crash');
const crashed = await shop.placeOrder(2, [[1, 3]]);
console.log(`   CreateOrder: ${crashed.ok ? 'answered?!' : crashed.error}`);
console.log(`   the order service process exited: ${(await shop.orders.exited) === null ? 'killed' : 'exit code'}`);
const [, lostSn, lostAge, lostCheck] = await second.waitForLine(/^check-back (\d+) after ([\d.]+) s: (NO_ORDER → \S+)$/);
console.log(`   ${second.label} answered the check-back for ${lostSn}, ${lostAge} s after its half message: ${lostCheck}`);

console.log(`3. the first order is still unpaid when its timeout comes (${TIMEOUT_SECONDS} s)`);
for (const sn of [lateSn, lostSn]) await shop.waitForLine(new RegExp(`^AutoReback ${sn}: `), 60_000);
const rows = await shop.rows();
const [, lateTimeout] = await shop.waitForLine(new RegExp(`^timeout ${lateSn}: (.*)$`));
console.log(`   timeout: ${lateTimeout}`);
await shop.printTables('at the end', ['inventory', 'stockselldetail', 'orderinfo']);

for (const [kind, sn, check] of [['threw after saving', lateSn, lateCheck], ['died before saving', lostSn, lostCheck]]) {
  const info = rows.orderinfo.find((row) => row.order_sn === sn);
  const returned = shop.countLines(new RegExp(`^AutoReback ${sn}: returned`));
  console.log(`summary ${kind}: check-back ${check}, order ${info?.status} (${info?.close_reason}), stock returned ${returned} time(s)`);
}
console.log(`summary stock: kettle 10 → ${rows.inventory[0].stocks}`);
await shop.stop();
await finish();
