// @timeout 150s
// UNKNOWN: the broker holds a reback half message that nobody committed or rolled back, and asks
// the order service about it (check-back). Once for an order that exists (its answer was late),
// once for an order that never came to be (the service died after the stock was deducted).
import { finish } from '../../lib/workbook.ts';
import { startShop } from '../shop.ts';

const TIMEOUT_SECONDS = 12;
const shop = await startShop({ stocks: { 1: 10 }, orderTimeoutSeconds: TIMEOUT_SECONDS });
// Two instances of the order service on one database, as in production: when one dies, the
// broker asks the other. (The broker sends a check-back to any live producer of the topic.)
const second = await shop.addOrderInstance('order #2');

console.log('1. the order is saved, but the rollback of its reback comes 6 s late');
await shop.orders.arm('order.after-local-commit', 'delay', 6000);
const lateStarted = Date.now();
const late = await shop.placeOrder(1, [[1, 2]]);
if (!late.ok) throw new Error(`CreateOrder failed: ${late.error}`);
console.log(`   order ${late.order_sn}: CreateOrder answered after ${((Date.now() - lateStarted) / 1000).toFixed(1)} s`);
const [, lateCheck] = await shop.waitForLine(new RegExp(`^check-back ${late.order_sn}: (.*)$`));
console.log(`   the broker checked back meanwhile: ${lateCheck}`);

console.log('2. an order service dies after the stock is deducted, before the order is saved');
await shop.orders.arm('order.after-deduct', 'crash');
const crashed = await shop.placeOrder(2, [[1, 3]]);
console.log(`   CreateOrder: ${crashed.ok ? 'answered?!' : crashed.error}`);
console.log(`   the order service process exited: ${(await shop.orders.exited) === null ? 'killed' : 'exit code'}`);
const [, lostSn, lostCheck] = await second.waitForLine(/^check-back (\d+): (.*)$/);
console.log(`   ${second.label} answered the check-back for ${lostSn}: ${lostCheck}`);

console.log(`3. the first order is still unpaid when its timeout comes (${TIMEOUT_SECONDS} s)`);
const rows = await shop.waitUntil('both orders\' stock to come back', (r) =>
  [late.order_sn, lostSn].every((sn) => r.stockselldetail.find((row) => row.order_sn === sn)?.status === 2), 60_000);
const [, lateTimeout] = await shop.waitForLine(new RegExp(`^timeout ${late.order_sn}: (.*)$`));
console.log(`   timeout: ${lateTimeout}`);
await shop.printTables('at the end', ['inventory', 'stockselldetail', 'orderinfo']);

for (const [kind, sn, check] of [['late answer', late.order_sn, lateCheck], ['died before saving', lostSn, lostCheck]]) {
  const info = rows.orderinfo.find((row) => row.order_sn === sn);
  const returned = shop.countLines(new RegExp(`^AutoReback ${sn}: returned`));
  console.log(`summary ${kind}: check-back ${check}, order ${info?.status} (${info?.close_reason}), stock returned ${returned} time(s)`);
}
console.log(`summary stock: kettle 10 → ${rows.inventory[0].stocks}`);
await shop.stop();
await finish();
