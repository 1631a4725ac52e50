// @timeout 120s
// Where the improved scheme could still lose stock, and why it does not: a deduction whose
// answer never reached the order service, and a return that arrives before its deduction.
import { finish } from '../../lib/workbook.ts';
import { startShop } from '../shop.ts';

// CreateOrder waits this long for the inventory, then counts the deduction as unknown.
const INVENTORY_TIMEOUT_MS = 1500;
const shop = await startShop({ stocks: { 1: 10 }, inventoryTimeoutMs: INVENTORY_TIMEOUT_MS });

console.log('1. the inventory deducts and commits, but its answer comes after CreateOrder gave up');
await shop.inventory.arm('inventory.sell.after-commit', 'delay', 4000);
const lost = await shop.placeOrder(1, [[1, 2]]);
const lostSn = lost.ok ? '' : lost.order_sn!;
console.log(`   CreateOrder ${lostSn}: ${lost.ok ? 'placed?!' : lost.error}`);
const [, lostReback] = await shop.waitForLine(new RegExp(`^AutoReback ${lostSn}: (.*) \\(`));
console.log(`   AutoReback: ${lostReback}`);

console.log('2. the deduction is slow to start; CreateOrder gives up, and its reback arrives first');
await shop.inventory.arm('inventory.sell.received', 'delay', 8000);
const overtaken = await shop.placeOrder(2, [[1, 3]]);
const overtakenSn = overtaken.ok ? '' : overtaken.order_sn!;
console.log(`   CreateOrder ${overtakenSn}: ${overtaken.ok ? 'placed?!' : overtaken.error}`);
const [, overtakenReback] = await shop.waitForLine(new RegExp(`^AutoReback ${overtakenSn}: (.*) \\(`));
console.log(`   AutoReback: ${overtakenReback}`);
const [, lateSell] = await shop.waitForLine(new RegExp(`^Sell ${overtakenSn}: (refused.*)$`));
console.log(`   then the deduction arrives: ${lateSell}`);

const rows = await shop.printTables('at the end', ['inventory', 'stockselldetail', 'orderinfo']);
for (const [kind, sn] of [['answer lost', lostSn], ['return first', overtakenSn]]) {
  const record = rows.stockselldetail.find((row) => row.order_sn === sn);
  const returned = shop.countLines(new RegExp(`^AutoReback ${sn}: returned`));
  console.log(`summary ${kind}: sell record status ${record?.status} ${record?.detail}, stock returned ${returned} time(s)`);
}
console.log(`summary stock: kettle 10 → ${rows.inventory[0].stocks}`);
await shop.stop();
await finish();
