// @timeout 90s
// Bad input: each request below is refused with a status and a message that says what is
// wrong, and nothing is written to either database.
import { finish } from '../../lib/workbook.ts';
import { HttpError } from '../services/http.ts';
import { startShop } from '../shop.ts';

const shop = await startShop({ stocks: { 1: 5 } });
const paid = await shop.placeOrder(1, [[1, 1]]);
if (!paid.ok || !(await shop.pay(paid.order_sn)).ok) throw new Error('could not set up a paid order');
const before = JSON.stringify(await shop.rows());

const { orders, inventory } = shop;
const requests: [string, () => Promise<unknown>][] = [
  ['goods that do not exist', () => orders.call('POST', '/cart', { user: 2, goods: 99, nums: 1 })],
  ['zero of something', () => orders.call('POST', '/cart', { user: 2, goods: 1, nums: 0 })],
  ['a negative quantity', () => orders.call('POST', '/cart', { user: 2, goods: 1, nums: -3 })],
  ['half a kettle', () => orders.call('POST', '/cart', { user: 2, goods: 1, nums: 0.5 })],
  ['an order from an empty cart', () => orders.call('POST', '/orders', { user: 2, address: 'x', name: 'x', mobile: '1', post: 'x' })],
  ['an order without an address', () => orders.call('POST', '/orders', { user: 1, name: 'x', mobile: '1', post: 'x' })],
  ['paying a paid order again', () => orders.call('POST', `/orders/${paid.order_sn}/pay`)],
  ['paying an order that does not exist', () => orders.call('POST', '/orders/20240101000000000000000/pay')],
  ['a deduction of nothing', () => inventory.call('POST', '/sell', { order_sn: 'x1', goods: [] })],
  ['a deduction of -2 kettles', () => inventory.call('POST', '/sell', { order_sn: 'x2', goods: [{ goods: 1, num: -2 }] })],
  ['a body that is not JSON', () => fetch(`${orders.url}/cart`, { method: 'POST', body: 'kettle please' }).then(async (r) => {
    if (!r.ok) throw new HttpError(r.status, ((await r.json()) as { error: string }).error);
  })],
];

let refused = 0;
for (const [what, request] of requests) {
  try {
    await request();
    console.log(`${what}: accepted?!`);
  } catch (error) {
    const status = error instanceof HttpError ? error.status : 0;
    if (status >= 400 && status < 500) refused++;
    console.log(`${what}: ${status} ${(error as Error).message}`);
  }
}
const changed = before !== JSON.stringify(await shop.rows());
console.log(`summary: ${requests.length} bad requests, ${refused} refused with 4xx, databases changed: ${changed ? 'yes' : 'no'}`);
await shop.stop();
await finish();
