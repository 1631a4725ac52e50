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
 * CreateOrder. First the half message "return this order's stock", which the broker keeps
 * but nobody sees yet; then ExecuteLocalTransaction (deduct, write the order); then the half
 * message is rolled back if the order exists, or committed, and the inventory returns the stock.
 */
export async function createOrder(ctx: OrderContext, request: OrderRequest): Promise<PlacedOrder> {
  // The order number is made first: the reback message, the check-back, the timeout
  // and the inventory's sell record all find the order by it.
  const order: RebackBody = { order_sn: generateOrderSn(request.user), user: request.user };
  const sn = order.order_sn;
  markOrder('order-service', 'CreateOrder', sn, `user ${order.user}`);
  const started = performance.now();
  const transaction = ctx.producer.beginTransaction();
  await ctx.producer.send({
    topic: REBACK_TOPIC, tag: shop, keys: [sn], body: Buffer.from(JSON.stringify(order)),
  }, transaction);
  markOrder('broker', 'reback half message stored', sn, 'invisible until committed');
  const halfSent = performance.now();
  await faultPoint('order.after-half-message', sn);

  const local = await executeLocalTransaction(ctx, order, request);
  const localDone = performance.now();
  const commit = local.resolution === TransactionResolution.COMMIT;
  try {
    await (commit ? transaction.commit() : transaction.rollback());
    markOrder('order-service', commit ? 'commit reback' : 'rollback reback', sn,
      commit ? 'the stock goes back' : 'the stock stays');
  } catch (error) {
    // The broker did not get our answer: it will ask the checker (check-back) instead.
    console.log(`${sn}: could not end the reback's transaction (${(error as Error).message})`);
  }
  if (local.error) throw new HttpError(local.error.status, local.error.message, { order_sn: sn });
  const timings = {
    halfMessage: halfSent - started,
    localTransaction: localDone - halfSent,
    endTransaction: performance.now() - localDone,
  };
  return { order_sn: sn, total: local.total!, timings };
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
async function executeLocalTransaction(
  ctx: OrderContext, order: RebackBody, request: OrderRequest,
): Promise<LocalOutcome> {
  const { ROLLBACK, COMMIT } = TransactionResolution;
  const sn = order.order_sn;
  const cart = await ctx.db.query<{ goods: number; nums: number }>(
    'SELECT goods, nums FROM shoppingcart WHERE user = ? AND checked = 1 ORDER BY goods', [order.user]);
  if (cart.length === 0) {
    const error = new HttpError(400, `user ${order.user} has no checked goods in the cart`);
    return { resolution: ROLLBACK, error };
  }
  const lines = cart.map(({ goods, nums }) => ({ goods, nums, ...catalog.get(goods)! }));
  const total = lines.reduce((sum, line) => sum + line.price * line.nums, 0);

  // Deduct. An error answer means the inventory deducted nothing: roll back, there is nothing
  // to return (the article's "insufficient stock stops here"). No answer means nobody knows:
  // commit, and AutoReback returns the stock if it was deducted.
  try {
    const goods = cart.map(({ goods: id, nums }) => ({ goods: id, num: nums }));
    const { inventoryUrl, inventoryTimeoutMs } = ctx.config;
    await callJson('POST', `${inventoryUrl}/sell`, { order_sn: sn, goods }, inventoryTimeoutMs);
  } catch (error) {
    if (error instanceof HttpError && error.status < 500) return { resolution: ROLLBACK, error };
    const why = `the inventory gave no clear answer (${(error as Error).message}): `
      + 'any stock it deducted goes back';
    return { resolution: COMMIT, error: new HttpError(503, why) };
  }
  markOrder('order-service', 'stock deducted', sn, lines.map((l) => `${l.nums} × ${l.name}`).join(', '));

  // From here on, stock is deducted: any failure commits the reback.
  try {
    await faultPoint('order.after-deduct', sn);
    // The timeout goes out before the local commit: after it, a crash in between would leave
    // an order that never times out. Sent first, a failed commit leaves a timeout for an
    // order that does not exist, which the timeout handler expects.
    const delay = ctx.config.orderTimeoutSeconds * 1000;
    const body = Buffer.from(JSON.stringify(order));
    await ctx.producer.send({ topic: TIMEOUT_TOPIC, tag: shop, keys: [sn], body, delay });
    markOrder('broker', 'timeout message stored', sn, `due in ${ctx.config.orderTimeoutSeconds} s`);
    await ctx.db.transaction(async (tx) => {
      await tx.execute(
        `INSERT INTO orderinfo
           (order_sn, user, status, order_mount, address, signer_name, signer_mobile, post, created_at)
         VALUES (?, ?, 'WAIT_BUYER_PAY', ?, ?, ?, ?, ?, ?)`,
        [sn, order.user, total, request.address, request.name, request.mobile, request.post, Date.now()]);
      for (const line of lines) {
        await tx.execute(
          'INSERT INTO ordergoods (order_sn, goods, goods_name, goods_price, nums) VALUES (?, ?, ?, ?, ?)',
          [sn, line.goods, line.name, line.price, line.nums]);
        await tx.execute('DELETE FROM shoppingcart WHERE user = ? AND goods = ?', [order.user, line.goods]);
      }
      await faultPoint('order.before-local-commit', sn);
    });
  } catch (error) {
    const why = `the order could not be saved (${(error as Error).message}): its stock goes back`;
    return { resolution: COMMIT, error: new HttpError(500, why) };
  }
  markOrder('order-service', 'order saved', sn, `WAIT_BUYER_PAY, ${total} yuan`);
  await faultPoint('order.after-local-commit', sn);
  return { resolution: ROLLBACK, total };
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
