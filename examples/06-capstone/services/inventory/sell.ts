/** The article's Sell and SetInv: deduct an order's stock, all of it or nothing; set a goods' stock. */
import { isUniqueViolation, type Db } from '../db.ts';
import { faultPoint } from '../faults.ts';
import { HttpError } from '../http.ts';
import type { GoodsNum } from './tables.ts';

// #region sell
/**
 * Sell: deduct every goods of an order in one local transaction, and record what was deducted
 * in stockselldetail (status 1), which is what AutoReback returns later.
 * Throws HttpError 4xx when nothing was deducted: unknown goods, not enough stock, a returned
 * order.
 */
export async function sell(db: Db, orderSn: string, goods: GoodsNum[]): Promise<{ deducted: GoodsNum[] }> {
  await faultPoint('inventory.sell.received', orderSn);
  await db.transaction(async (tx) => {
    const [record] = await tx.query<{ status: number }>(
      'SELECT status FROM stockselldetail WHERE order_sn = ?', [orderSn]);
    // Asked twice for the same order: it is deducted already, do nothing (Sell is idempotent too).
    if (record?.status === 1) return;
    // The order's reback overtook this deduction, and was recorded: refuse, or the stock is
    // never returned.
    if (record?.status === 2) {
      throw new HttpError(409, `order ${orderSn} is closed: its stock was returned before this deduction arrived`);
    }

    for (const { goods: id, num } of goods) {
      // Never below zero, whoever else deducts at the same moment: the condition and the
      // decrement are one statement. (The CHECK constraint on stocks is the safety net.)
      const { affectedRows } = await tx.execute(
        'UPDATE inventory SET stocks = stocks - ? WHERE goods = ? AND stocks >= ?', [num, id, num]);
      if (affectedRows === 0) {
        const [row] = await tx.query<{ stocks: number }>('SELECT stocks FROM inventory WHERE goods = ?', [id]);
        // Throwing rolls back the goods deducted so far: all of the order, or nothing.
        if (!row) throw new HttpError(404, `no inventory for goods ${id}`);
        throw new HttpError(409, `insufficient stock for goods ${id}: ${row.stocks} left, ${num} wanted`);
      }
    }
    try {
      await tx.execute(
        'INSERT INTO stockselldetail (order_sn, status, detail) VALUES (?, 1, ?)', [orderSn, JSON.stringify(goods)]);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new HttpError(409, `order ${orderSn} was recorded by someone else meanwhile; nothing deducted`);
    }
    await faultPoint('inventory.sell.before-commit', orderSn);
  });
  return { deducted: goods };
}
// #endregion

/** SetInv: set the stock of one goods, creating its row the first time. */
export async function setInv(db: Db, goods: number, stocks: number): Promise<{ goods: number; stocks: number }> {
  await db.transaction(async (tx) => {
    const { affectedRows } = await tx.execute('UPDATE inventory SET stocks = ? WHERE goods = ?', [stocks, goods]);
    if (affectedRows === 0) await tx.execute('INSERT INTO inventory (goods, stocks) VALUES (?, ?)', [goods, stocks]);
  });
  return { goods, stocks };
}
