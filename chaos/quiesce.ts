/**
 * Wait until the shop has nothing left to do: no unpaid order whose timeout has not fired, no
 * deducted stock of a failed or closed order still waiting for its reback. When that holds, and
 * the databases stay unchanged for a few seconds (late check-backs, redeliveries), the run is
 * quiet. A run that never gets there (lost stock never comes back) is judged after the
 * databases stop changing for `giveUpQuietMs`.
 */
import type { Shop, ShopRows } from '../examples/06-capstone/shop.ts';

export interface Quiescence {
  ms: number;
  /** False when the run was judged after waiting in vain. */
  reached: boolean;
  rows: ShopRows;
}

export async function waitForQuiescence(shop: Shop, options: { quietMs: number; giveUpQuietMs: number }): Promise<Quiescence> {
  const started = Date.now();
  let last = '';
  let changedAt = Date.now();
  for (;;) {
    const rows = await shop.rows();
    const signature = JSON.stringify([rows.inventory, rows.stockselldetail, rows.orderinfo.map((o) => [o.order_sn, o.status])]);
    if (signature !== last) [last, changedAt] = [signature, Date.now()];
    const quietFor = Date.now() - changedAt;
    if (pendingWork(rows) === 0 && quietFor >= options.quietMs) return { ms: Date.now() - started, reached: true, rows };
    if (quietFor >= options.giveUpQuietMs) return { ms: Date.now() - started, reached: false, rows };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Orders waiting for a timeout, and deductions waiting for their return. */
export function pendingWork(rows: ShopRows): number {
  const status = new Map(rows.orderinfo.map((order) => [order.order_sn, order.status]));
  const unpaid = rows.orderinfo.filter((order) => order.status === 'WAIT_BUYER_PAY').length;
  const toReturn = rows.stockselldetail.filter((sell) => sell.status === 1
    && status.get(sell.order_sn) !== 'TRADE_SUCCESS' && status.get(sell.order_sn) !== 'WAIT_BUYER_PAY').length;
  return unpaid + toReturn;
}
