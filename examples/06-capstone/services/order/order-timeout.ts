/** The timeout handler: an order's delayed message has arrived. */
import { faultPoint } from '../faults.ts';
import { markOrder, REBACK_TOPIC, shop, type RebackBody } from '../messaging.ts';
import { orderStatusOrClose } from './check-local-transaction.ts';
import type { OrderContext } from './context.ts';

// #region order-timeout
/**
 * Time to pay is up. A paid order stays as it is. An unpaid one is closed and its stock returned,
 * again as one transactional message: the reback half message first, the close as the local
 * transaction, then commit (closed) or roll back (Pay got there first). Pay and the timeout race
 * for the same row; the conditional UPDATE lets exactly one of them win.
 */
export async function onOrderTimeout(ctx: OrderContext, order: RebackBody): Promise<string> {
  const sn = order.order_sn;
  const status = await orderStatusOrClose(ctx.db, order, 'no order when its timeout came');
  if (status === 'NO_ORDER') return 'no such order (its number is closed now): nothing to do';
  if (status === 'TRADE_SUCCESS') return 'paid: nothing to do';
  if (status === 'TRADE_CLOSED') return 'closed already: nothing to do';

  const transaction = ctx.producer.beginTransaction();
  const body = Buffer.from(JSON.stringify(order));
  await ctx.producer.send({ topic: REBACK_TOPIC, tag: shop, keys: [sn], body }, transaction);
  let closed: boolean;
  try {
    await faultPoint('order.timeout.before-close', sn);
    closed = await ctx.db.transaction(async (tx) => {
      const { affectedRows } = await tx.execute(
        `UPDATE orderinfo SET status = 'TRADE_CLOSED', close_reason = 'not paid in time'
         WHERE order_sn = ? AND status = 'WAIT_BUYER_PAY'`, [sn]);
      if (affectedRows === 0) return false; // Pay won the race a moment ago
      // The article's TODO, "the cart and order-goods tables?": ordergoods stays, it is the record
      // of what the closed order held. The goods go back into the cart, unchecked.
      const lines = await tx.query<{ goods: number; nums: number }>(
        'SELECT goods, nums FROM ordergoods WHERE order_sn = ?', [sn]);
      for (const { goods, nums } of lines) {
        const { affectedRows: inCart } = await tx.execute(
          'UPDATE shoppingcart SET nums = nums + ? WHERE user = ? AND goods = ?', [nums, order.user, goods]);
        if (inCart === 0) {
          await tx.execute(
            'INSERT INTO shoppingcart (user, goods, nums, checked) VALUES (?, ?, ?, 0)', [order.user, goods, nums]);
        }
      }
      return true;
    });
  } catch (error) {
    await transaction.rollback();
    throw error; // not acknowledged: the timeout message comes again
  }
  await faultPoint('order.timeout.after-close', sn);
  await (closed ? transaction.commit() : transaction.rollback());
  if (closed) markOrder('order-service', 'closed: TRADE_CLOSED', sn, 'commit reback');
  else markOrder('order-service', 'paid meanwhile', sn, 'roll back reback');
  return closed ? 'closed, its stock goes back' : 'paid a moment before: nothing to do';
}
// #endregion
