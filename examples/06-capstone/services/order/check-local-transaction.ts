/** The article's CheckLocalTransaction: the broker asks about a reback half message nobody resolved. */
import type { MessageView } from 'rocketmq-client-nodejs';
import { isUniqueViolation, type Db } from '../db.ts';
import { markOrder, shop, TransactionResolution, type RebackBody } from '../messaging.ts';
import type { OrderContext } from './context.ts';
import type { OrderStatus } from './tables.ts';

// #region check-local-transaction
/**
 * The broker asks about a reback half message that was neither committed nor rolled back: the
 * order service crashed, its answer got lost, or its local step is still running. The answer
 * comes from the database only, so a restarted service, or another instance, gives the same one.
 *  - the order is unpaid or paid → ROLLBACK: its stock stays. (The article's "Q:": an unpaid
 *    order still has its timeout message, which closes it and returns the stock then.)
 *  - the order is closed, or there is none → COMMIT: the stock, if any was deducted, goes back.
 */
export async function checkLocalTransaction(
  ctx: OrderContext, message: MessageView,
): Promise<TransactionResolution> {
  // The broker asks any producer of the topic; another shop's order is not ours to judge.
  if (message.tag !== shop) return TransactionResolution.TRANSACTION_RESOLUTION_UNSPECIFIED;
  const order = JSON.parse(message.body.toString()) as RebackBody;
  const sn = order.order_sn;
  markOrder('broker', 'check-back', sn, 'commit or roll back?');
  // The broker asks once a half message is transactionTimeOut old, whatever its CreateOrder is
  // doing. A young one may simply be busy: answer nothing, and the broker asks again next round.
  const age = Date.now() - (message.bornTimestamp?.getTime() ?? 0);
  const asked = `check-back ${sn} after ${(age / 1000).toFixed(1)} s`;
  if (age < ctx.config.checkBackGraceMs) {
    console.log(`${asked}: too early to tell, ask again`);
    return TransactionResolution.TRANSACTION_RESOLUTION_UNSPECIFIED;
  }
  const status = await orderStatusOrClose(ctx.db, order, 'no order when checked back');
  const exists = status === 'WAIT_BUYER_PAY' || status === 'TRADE_SUCCESS';
  const resolution = exists ? TransactionResolution.ROLLBACK : TransactionResolution.COMMIT;
  const answer = resolution === TransactionResolution.COMMIT ? 'COMMIT' : 'ROLLBACK';
  markOrder('order-service', `checker: ${answer}`, sn, status);
  console.log(`${asked}: ${status} → ${answer}`);
  return resolution;
}
// #endregion

// #region order-status-or-close
/**
 * The order's status, or NO_ORDER. "No order" could mean "not yet": a CreateOrder may still be
 * on its way (a slow inventory, a long pause). So first make sure there never will be one: a
 * closed row takes the order number, and that CreateOrder fails on the primary key and
 * commits its own reback. Without this, a COMMIT here could return the stock of an order that
 * is about to exist.
 */
export async function orderStatusOrClose(
  db: Db, order: RebackBody, reason: string,
): Promise<OrderStatus | 'NO_ORDER'> {
  try {
    await db.execute(
      `INSERT INTO orderinfo (order_sn, user, status, order_mount, close_reason, created_at)
       VALUES (?, ?, 'TRADE_CLOSED', 0, ?, ?)`,
      [order.order_sn, order.user, reason, Date.now()]);
    return 'NO_ORDER';
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const [row] = await db.query<{ status: OrderStatus }>(
    'SELECT status FROM orderinfo WHERE order_sn = ?', [order.order_sn]);
  return row.status;
}
// #endregion
