/** The article's CreateOrder and ExecuteLocalTransaction, in the improved scheme. */
import { randomInt } from 'node:crypto';
import { faultPoint } from '../faults.ts';
import { callJson, HttpError } from '../http.ts';
import { markOrder, REBACK_TOPIC, shop, TIMEOUT_TOPIC, TransactionResolution, type RebackBody } from '../messaging.ts';
import { catalog } from './catalog.ts';
import type { OrderContext } from './context.ts';

/** What the buyer sends: who, and where to. The goods are the checked goods of their cart. */
export interface OrderRequest {
  user: number;
  address: string;
  name: string;
  mobile: string;
  post: string;
}

/** What CreateOrder answers, with how long each step took (ms). */
export interface PlacedOrder {
  order_sn: string;
  total: number;
  timings: { halfMessage: number; localTransaction: number; endTransaction: number };
}

// #region create-order
/**
 * CreateOrder. First the half message "return this order's stock", which the broker keeps but
 * nobody sees yet; then ExecuteLocalTransaction (deduct, write the order); then the half message
 * is rolled back if the order exists, or committed, and the inventory returns the stock.
 */
export async function createOrder(ctx: OrderContext, request: OrderRequest): Promise<PlacedOrder> {
  // The order number is made first: the reback message, the check-back, the timeout and
  // the inventory's sell record all find the order by it.
  const order: RebackBody = { order_sn: generateOrderSn(request.user), user: request.user };
  markOrder('order-service', 'CreateOrder', order.order_sn, `user ${order.user}`);
  const started = performance.now();
  const transaction = ctx.producer.beginTransaction();
  await ctx.producer.send({
    topic: REBACK_TOPIC, tag: shop, keys: [order.order_sn], body: Buffer.from(JSON.stringify(order)),
  }, transaction);
  markOrder('broker', 'reback half message stored', order.order_sn, 'invisible until committed');
  const halfSent = performance.now();
  await faultPoint('order.after-half-message', order.order_sn);

  const local = await executeLocalTransaction(ctx, order, request);
  const localDone = performance.now();
  const resolution = local.resolution === TransactionResolution.COMMIT ? 'commit' : 'rollback';
  try {
    await (resolution === 'commit' ? transaction.commit() : transaction.rollback());
    markOrder('order-service', `${resolution} reback`, order.order_sn, resolution === 'commit' ? 'the stock goes back' : 'the stock stays');
  } catch (error) {
    // The broker did not get our answer: it will ask the checker (check-back) instead.
    console.log(`${order.order_sn}: could not ${resolution} the reback (${(error as Error).message}); check-back decides`);
  }
  if (local.error) throw new HttpError(local.error.status, local.error.message, { order_sn: order.order_sn });
  return {
    order_sn: order.order_sn,
    total: local.total!,
    timings: { halfMessage: halfSent - started, localTransaction: localDone - halfSent, endTransaction: performance.now() - localDone },
  };
}
// #endregion

/** The local step's verdict on the half message, and the answer for the buyer. */
interface LocalOutcome {
  resolution: TransactionResolution;
  total?: number;
  error?: HttpError;
}

// #region execute-local-transaction
/**
 * ExecuteLocalTransaction: deduct the stock through the inventory service, send the order's
 * timeout message, and write the order, its goods and the emptied cart in one local
 * transaction. ROLLBACK the reback when the order exists or nothing was deducted; COMMIT it
 * when stock was deducted, or may have been, for an order that does not exist.
 */
async function executeLocalTransaction(ctx: OrderContext, order: RebackBody, request: OrderRequest): Promise<LocalOutcome> {
  const rollback = TransactionResolution.ROLLBACK;
  const commit = TransactionResolution.COMMIT;
  const cart = await ctx.db.query<{ goods: number; nums: number }>(
    'SELECT goods, nums FROM shoppingcart WHERE user = ? AND checked = 1 ORDER BY goods', [order.user]);
  if (cart.length === 0) return { resolution: rollback, error: new HttpError(400, `user ${order.user} has no checked goods in the cart`) };
  const lines = cart.map(({ goods, nums }) => ({ goods, nums, ...catalog.get(goods)! }));
  const total = lines.reduce((sum, line) => sum + line.price * line.nums, 0);

  // Deduct. An error answer means the inventory deducted nothing: roll back, there is nothing
  // to return (the article's "insufficient stock stops here"). No answer means nobody knows:
  // commit, and AutoReback returns the stock if it was deducted.
  try {
    await callJson('POST', `${ctx.config.inventoryUrl}/sell`, {
      order_sn: order.order_sn, goods: cart.map(({ goods, nums }) => ({ goods, num: nums })),
    }, ctx.config.inventoryTimeoutMs);
  } catch (error) {
    if (error instanceof HttpError && error.status < 500) return { resolution: rollback, error };
    return { resolution: commit, error: new HttpError(503, `the inventory gave no clear answer (${(error as Error).message}): any stock it deducted goes back`) };
  }
  markOrder('order-service', 'stock deducted', order.order_sn, lines.map((l) => `${l.nums} × ${l.name}`).join(', '));

  // From here on, stock is deducted: any failure commits the reback.
  try {
    await faultPoint('order.after-deduct', order.order_sn);
    // The timeout goes out before the local commit: after it, a crash in between would leave
    // an order that never times out. Sent first, a failed commit leaves a timeout for an
    // order that does not exist, which the timeout handler expects.
    await ctx.producer.send({
      topic: TIMEOUT_TOPIC, tag: shop, keys: [order.order_sn], body: Buffer.from(JSON.stringify(order)),
      delay: ctx.config.orderTimeoutSeconds * 1000,
    });
    markOrder('broker', 'timeout message stored', order.order_sn, `due in ${ctx.config.orderTimeoutSeconds} s`);
    await ctx.db.transaction(async (tx) => {
      await tx.execute(
        `INSERT INTO orderinfo (order_sn, user, status, order_mount, address, signer_name, signer_mobile, post, created_at)
         VALUES (?, ?, 'WAIT_BUYER_PAY', ?, ?, ?, ?, ?, ?)`,
        [order.order_sn, order.user, total, request.address, request.name, request.mobile, request.post, Date.now()]);
      for (const line of lines) {
        await tx.execute('INSERT INTO ordergoods (order_sn, goods, goods_name, goods_price, nums) VALUES (?, ?, ?, ?, ?)',
          [order.order_sn, line.goods, line.name, line.price, line.nums]);
        await tx.execute('DELETE FROM shoppingcart WHERE user = ? AND goods = ?', [order.user, line.goods]);
      }
      await faultPoint('order.before-local-commit', order.order_sn);
    });
  } catch (error) {
    return { resolution: commit, error: new HttpError(500, `the order could not be saved (${(error as Error).message}): its stock goes back`) };
  }
  markOrder('order-service', 'order saved', order.order_sn, `WAIT_BUYER_PAY, ${total} yuan`);
  await faultPoint('order.after-local-commit', order.order_sn);
  return { resolution: rollback, total };
}
// #endregion

/**
 * The article's GenerateOrderSn: time, user, random digits. It must never repeat: the sell
 * record, the reback and the check-back all trust it to name one order.
 */
export function generateOrderSn(user: number): string {
  const now = new Date();
  const stamp = [now.getFullYear(), now.getMonth() + 1, now.getDate(), now.getHours(), now.getMinutes(), now.getSeconds()]
    .map((part) => String(part).padStart(2, '0')).join('') + String(now.getMilliseconds()).padStart(3, '0');
  return `${stamp}${user}${String(randomInt(1_000_000)).padStart(6, '0')}`;
}
