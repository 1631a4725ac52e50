/** The article's AutoReback: return an order's stock when its reback message arrives, at most once. */
import type { Db } from '../db.ts';
import type { GoodsNum } from './tables.ts';

/** What a reback did, for the log and the timeline. */
export type RebackOutcome = 'returned' | 'already returned' | 'nothing was deducted';

// #region auto-reback
/**
 * Return the stock that order `orderSn` deducted, at most once, however often its reback
 * message arrives (a duplicate, a redelivery after a lost ack, two committed rebacks).
 * Throwing means "retry later": the consumer leaves the message unacknowledged.
 */
export async function autoReback(db: Db, orderSn: string): Promise<RebackOutcome> {
  return db.transaction(async (tx) => {
    // Status 1 → 2 and the stock increments commit together, or not at all. Of two returns
    // racing for one order, one changes the row and the other finds nothing to change.
    const { affectedRows } = await tx.execute(
      'UPDATE stockselldetail SET status = 2 WHERE order_sn = ? AND status = 1', [orderSn]);
    if (affectedRows === 1) {
      const [{ detail }] = await tx.query<{ detail: string }>(
        'SELECT detail FROM stockselldetail WHERE order_sn = ?', [orderSn]);
      for (const { goods, num } of JSON.parse(detail) as GoodsNum[]) {
        await tx.execute('UPDATE inventory SET stocks = stocks + ? WHERE goods = ?', [num, goods]);
      }
      return 'returned';
    }
    const [record] = await tx.query<{ status: number }>(
      'SELECT status FROM stockselldetail WHERE order_sn = ?', [orderSn]);
    // Returned before: a duplicate. Acknowledge it, and change nothing.
    if (record?.status === 2) return 'already returned';
    // Deducted after all: its Sell committed between our two statements (a database server with
    // several connections can do that). Retry later, and the UPDATE above returns it.
    if (record) throw new Error(`the deduction of ${orderSn} committed meanwhile`);
    // No deduction for this order: the order failed before Sell, or Sell is still on its way.
    // Record the order as returned, so that a Sell arriving later is refused: either way, no
    // stock is lost. Retrying instead would wait forever for a deduction that never happened.
    await tx.execute(
      "INSERT INTO stockselldetail (order_sn, status, detail) VALUES (?, 2, '[]')", [orderSn]);
    return 'nothing was deducted';
  });
}
// #endregion
