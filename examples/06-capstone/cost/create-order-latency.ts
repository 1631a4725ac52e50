// @timeout 120s
// What the scheme costs: CreateOrder's latency, split into the transactional message's part
// (the half message, then its rollback: two round trips to the broker) and everything else
// (the deduction over HTTP, the timeout message, the local transaction). Measured here, now.
import { finish } from '../../lib/workbook.ts';
import { startShop } from '../shop.ts';

const ORDERS = 30;
const WARM_UP = 5; // the first calls open connections; they are not counted

const shop = await startShop({ stocks: { 1: 1000 }, logs: false });
const samples: { whole: number; half: number; end: number; local: number }[] = [];
for (let i = 0; i < WARM_UP + ORDERS; i++) {
  await shop.orders.call('POST', '/cart', { user: 1, goods: 1, nums: 1 });
  const started = performance.now();
  const order = await shop.placeOrder(1, []);
  const whole = performance.now() - started;
  if (!order.ok) throw new Error(`CreateOrder failed: ${order.error}`);
  if (i >= WARM_UP) samples.push({ whole, half: order.timings.halfMessage, end: order.timings.endTransaction, local: order.timings.localTransaction });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value: number) => `${value.toFixed(1)} ms`;
const row = (what: string, values: number[]) => console.log(`  ${what.padEnd(44)} median ${ms(median(values)).padStart(9)}`);
console.log(`CreateOrder, ${ORDERS} orders one after another:`);
row('the whole call, as the buyer waits for it', samples.map((s) => s.whole));
row('  the half message (send)', samples.map((s) => s.half));
row('  its rollback (end transaction)', samples.map((s) => s.end));
row('  deduct + timeout message + local commit', samples.map((s) => s.local));
const withMessage = median(samples.map((s) => s.whole));
const withoutMessage = median(samples.map((s) => s.whole - s.half - s.end));
console.log(`summary: with the transactional message ${ms(withMessage)}, without it ${ms(withoutMessage)} ` +
  `(the same calls minus the half message and its rollback): ${((withMessage / withoutMessage - 1) * 100).toFixed(0)}% more`);
await shop.stop();
await finish();
