/**
 * The scenario of "Pay against the timeout": orders paid right away, never paid, paid after
 * they were closed, and paid at moments around their timeout. Run plays it with your program as
 * the order service; Check plays it and audits.
 */
import { sleep } from '../../../lib/workbook.ts';
import type { Scenario } from '../play.ts';

export const INITIAL_STOCK = 50;
export const TIMEOUT_SECONDS = 3;
/** Orders paid this long after CreateOrder: from 2 s before the timeout to 1.5 s after it. */
const RACE_DELAYS_MS = [1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500];

export type Kind = 'paid right away' | 'never paid' | 'paid after it closed' | 'paid around its timeout';

export interface PayRun {
  orders: { order_sn: string; kind: Kind; answer?: { ok: boolean; error?: string } }[];
}

export const payScenario: Scenario<PayRun> = {
  role: 'order',
  shop: { stocks: { 1: INITIAL_STOCK }, orderTimeoutSeconds: TIMEOUT_SECONDS, logs: false },
  async play(shop) {
    const orders: PayRun['orders'] = [];
    const payments: Promise<void>[] = [];
    const place = async (kind: Kind, payAfter?: (orderSn: string) => Promise<unknown>) => {
      const placed = await shop.placeOrder(orders.length + 1, [[1, 1]]);
      if (!placed.ok) throw new Error(`CreateOrder failed: ${placed.error}`);
      const order: PayRun['orders'][number] = { order_sn: placed.order_sn, kind };
      orders.push(order);
      if (payAfter) payments.push(payAfter(placed.order_sn).then(async () => { order.answer = await shop.pay(placed.order_sn); }));
    };
    await place('paid right away', async () => undefined);
    await place('never paid');
    // Paid only once its timeout has been handled: the order is closed by then.
    await place('paid after it closed', (orderSn) => shop.waitForLine(new RegExp(`^timeout ${orderSn}: `), 60_000));
    for (const delay of RACE_DELAYS_MS) await place('paid around its timeout', () => sleep(delay));
    await Promise.all(payments);

    // Every timeout is handled, and every order it closed has its stock back.
    for (const { order_sn } of orders) await shop.waitForLine(new RegExp(`^timeout ${order_sn}: `), 60_000);
    const closed = orders.filter((o) => shop.countLines(new RegExp(`^timeout ${o.order_sn}: closed`)) > 0).map((o) => o.order_sn);
    const rows = await shop.waitUntil('the returns', (r) => closed.every((sn) => r.stockselldetail.find((s) => s.order_sn === sn)?.status === 2));
    for (const order of orders) {
      const status = rows.orderinfo.find((o) => o.order_sn === order.order_sn)?.status;
      const record = rows.stockselldetail.find((s) => s.order_sn === order.order_sn)?.status;
      const answer = order.answer ? (order.answer.ok ? 'Pay answered paid' : `Pay refused: ${order.answer.error}`) : 'not paid';
      console.log(`${order.kind.padEnd(24)} ${order.order_sn}: ${answer}; now ${status}, stock ${record === 2 ? 'returned' : 'deducted'}`);
    }
    return { orders };
  },
};
