/** Pay: the payment provider tells the shop that the buyer paid. */
import type { Db } from '../db.ts';
import { HttpError } from '../http.ts';

// #region pay
/**
 * Mark an unpaid order paid. One conditional UPDATE, not a read and then a write: the timeout
 * may close the order between the two, and then a closed order would become paid while its
 * stock goes back. Whichever of Pay and the timeout changes the row first wins; the other finds
 * nothing to change.
 */
export async function pay(db: Db, orderSn: string): Promise<{ order_sn: string; status: 'TRADE_SUCCESS' }> {
  const { affectedRows } = await db.execute(
    `UPDATE orderinfo SET status = 'TRADE_SUCCESS', pay_time = ?
     WHERE order_sn = ? AND status = 'WAIT_BUYER_PAY'`, [Date.now(), orderSn]);
  if (affectedRows === 1) return { order_sn: orderSn, status: 'TRADE_SUCCESS' };
  // Nothing changed; say why. (Reading after the write is safe: no status leads back to
  // WAIT_BUYER_PAY.)
  const [order] = await db.query<{ status: string; close_reason: string }>(
    'SELECT status, close_reason FROM orderinfo WHERE order_sn = ?', [orderSn]);
  if (!order) throw new HttpError(404, `no order ${orderSn}`);
  if (order.status === 'TRADE_SUCCESS') throw new HttpError(409, `order ${orderSn} is paid already`);
  throw new HttpError(409, `order ${orderSn} is closed (${order.close_reason}): refund the buyer`);
}
// #endregion
