// @timeout 150s
// Pay and the timeout, racing for the same order, again and again: each order is paid at a
// different moment around its timeout. Whatever the timing, exactly one of them wins: the order
// is paid and keeps its stock, or it is closed and its stock comes back once. Never both.
import { finish, sleep } from '../../lib/workbook.ts';
import { startShop } from '../shop.ts';

const ORDERS = 12;
const TIMEOUT_SECONDS = 3;
// Order i is paid this long after CreateOrder answered: from 2 s before its timeout to 2 s after.
const payDelayMs = (i: number) => (TIMEOUT_SECONDS - 2) * 1000 + (i * 4000) / (ORDERS - 1);

const shop = await startShop({ stocks: { 1: 100 }, orderTimeoutSeconds: TIMEOUT_SECONDS, logs: false });
const races = [];
for (let i = 0; i < ORDERS; i++) {
  const order = await shop.placeOrder(i + 1, [[1, 1]]);
  if (!order.ok) throw new Error(`CreateOrder failed: ${order.error}`);
  // Pay later, without waiting: the next order is placed meanwhile.
  races.push(sleep(payDelayMs(i)).then(async () => ({ order_sn: order.order_sn, delay: payDelayMs(i), pay: await shop.pay(order.order_sn) })));
}
const results = await Promise.all(races);
// Every timeout has been handled, and every closed order's stock has come back.
for (const { order_sn } of results) await shop.waitForLine(new RegExp(`^timeout ${order_sn}: `), 60_000);
for (const { order_sn } of results) {
  if (shop.countLines(new RegExp(`^timeout ${order_sn}: closed`))) await shop.waitForLine(new RegExp(`^AutoReback ${order_sn}: `));
}
const rows = await shop.rows();

let paid = 0, closed = 0, both = 0, neither = 0, twice = 0;
for (const [i, { order_sn, delay, pay }] of results.entries()) {
  const status = rows.orderinfo.find((o) => o.order_sn === order_sn)!.status;
  const returned = shop.countLines(new RegExp(`^AutoReback ${order_sn}: returned`));
  const [, timeout] = await shop.waitForLine(new RegExp(`^timeout ${order_sn}: (.*)$`));
  console.log(`order ${String(i + 1).padStart(2)}: Pay ${(delay / 1000).toFixed(1)} s after CreateOrder → ` +
    `${pay.ok ? 'paid' : `refused (${pay.error.replace(/^order \d+ /, '')})`}; timeout: ${timeout}; ${status}, stock returned ${returned}×`);
  const isPaid = pay.ok && status === 'TRADE_SUCCESS' && returned === 0;
  const isClosed = !pay.ok && status === 'TRADE_CLOSED' && returned === 1;
  if (isPaid) paid++;
  else if (isClosed) closed++;
  else if (status === 'TRADE_SUCCESS' && returned > 0) both++;
  else neither++;
  if (returned > 1) twice++;
}
const inventory = rows.inventory[0].stocks;
console.log(`summary: ${ORDERS} races, paid ${paid}, closed ${closed}, paid and returned ${both}, anything else ${neither}, returned twice ${twice}`);
console.log(`summary stock: 100 - ${paid} paid = ${inventory} (expected ${100 - paid})`);
await shop.stop();
await finish();
