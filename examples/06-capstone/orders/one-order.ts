// @timeout 120s
// One order through both services and the broker: the reback half message, the deduction, the
// order, its timeout message; then the time to pay runs out, the order is closed and its stock
// comes back. Each service is its own process with its own SQLite database.
import { finish } from '../../lib/workbook.ts';
import { startShop } from '../shop.ts';

// Edit me: true pays the order before its time is up, and then the timeout changes nothing.
const PAY = false;
// The article gives buyers 30 minutes; a few seconds here.
const TIMEOUT_SECONDS = 5;

const shop = await startShop({ stocks: { 1: 10, 2: 5 }, orderTimeoutSeconds: TIMEOUT_SECONDS });
console.log(`shop ${shop.name} is open: order service ${shop.orders.url}, inventory service ${shop.inventory.url}`);
const stocks = async () => (await shop.rows()).inventory.map((row) => row.stocks).join('/');
const before = await stocks();

console.log('user 7 puts 2 kettles (goods 1) and 1 teapot (goods 2) in the cart, and orders them');
const order = await shop.placeOrder(7, [[1, 2], [2, 1]]);
if (!order.ok) throw new Error(`CreateOrder failed: ${order.error}`);
console.log(`CreateOrder answered: order ${order.order_sn}, ${order.total} yuan`);
await shop.printTables('right after CreateOrder');
const afterCreate = await stocks();

if (PAY) {
  const paid = await shop.pay(order.order_sn);
  console.log(paid.ok ? 'Pay: the buyer paid in time' : `Pay failed: ${paid.error}`);
}

console.log(`waiting for the timeout message (${TIMEOUT_SECONDS} s after CreateOrder)…`);
const [, outcome] = await shop.orders.waitForLine(new RegExp(`^timeout ${order.order_sn}: (.*)$`), (TIMEOUT_SECONDS + 30) * 1000);
console.log(`the timeout handler: ${outcome}`);
// When the order was closed, its stock comes back through the reback message: wait for the inventory.
if (outcome.startsWith('closed')) await shop.waitForLine(new RegExp(`^AutoReback ${order.order_sn}: `));
const end = await shop.printTables('at the end');

console.log(`summary: order ${end.orderinfo[0].status}, stocks (kettle/teapot) ${before} before, ${afterCreate} after CreateOrder, ${await stocks()} at the end`);
await shop.stop();
await finish();
