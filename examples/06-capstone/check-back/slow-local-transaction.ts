// @timeout 120s
// The article asks: does a local transaction that takes too long trigger a check-back? It does.
// The broker cannot tell "slow" from "dead": after transactionTimeOut it asks the checker, which
// finds no order yet. Here the stock is deducted, then the local step stalls for 8 seconds.
import { finish } from '../../lib/workbook.ts';
import { startShop } from '../shop.ts';

const TIMEOUT_SECONDS = 10;
const shop = await startShop({ stocks: { 1: 10 }, orderTimeoutSeconds: TIMEOUT_SECONDS });

await shop.orders.arm('order.after-deduct', 'delay', 8000);
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
const placing = shop.placeOrder(1, [[1, 2]]);
const [, sn, age, check] = await shop.waitForLine(/^check-back (\d+) after ([\d.]+) s: (\S+ → \S+)$/);
const early = shop.countLines(new RegExp(`^check-back ${sn} after [\\d.]+ s: too early`));
console.log(`${seconds()} s: the broker checked back while CreateOrder still ran: ${early} time(s) too early to tell, ` +
  `then, ${age} s after the half message: ${check}`);
const [, reback] = await shop.waitForLine(new RegExp(`^AutoReback ${sn}: (.*) \\(`));
console.log(`${seconds()} s: AutoReback: ${reback}`);
const order = await placing;
console.log(`${seconds()} s: CreateOrder ends: ${order.ok ? `placed ${order.order_sn}?!` : order.error}`);
const [, timeout] = await shop.waitForLine(new RegExp(`^timeout ${sn}: (.*)$`), (TIMEOUT_SECONDS + 30) * 1000);
// CreateOrder committed the reback too, after the check-back had: the broker delivers it again.
const [, again] = await shop.waitForLine(new RegExp(`^AutoReback ${sn}: (already returned)`));
console.log(`${seconds()} s: the reback committed by CreateOrder as well: ${again}`);
console.log(`${seconds()} s: its timeout message: ${timeout}`);

const rows = await shop.printTables('at the end', ['inventory', 'stockselldetail', 'orderinfo', 'shoppingcart']);
const deliveries = shop.countLines(new RegExp(`^AutoReback ${sn}: `));
const returned = shop.countLines(new RegExp(`^AutoReback ${sn}: returned`));
console.log(`summary: check-back ${check}, CreateOrder ${order.ok ? 'placed' : 'failed'}, reback delivered ${deliveries} time(s), ` +
  `stock returned ${returned} time(s), kettle 10 → ${rows.inventory[0].stocks}`);
await shop.stop();
await finish();
