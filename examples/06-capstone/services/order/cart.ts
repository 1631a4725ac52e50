/** The shopping cart: what a user's next order will contain. */
import type { Db } from '../db.ts';
import { HttpError } from '../http.ts';
import { catalog } from './catalog.ts';

/** Put `nums` of `goods` into the user's cart, checked (part of the next order). */
export async function addToCart(db: Db, user: number, goods: number, nums: number): Promise<{ user: number; goods: number; nums: number }> {
  if (!catalog.has(goods)) throw new HttpError(404, `no goods ${goods}; the shop sells ${[...catalog.keys()].join(', ')}`);
  return db.transaction(async (tx) => {
    const { affectedRows } = await tx.execute('UPDATE shoppingcart SET nums = nums + ?, checked = 1 WHERE user = ? AND goods = ?', [nums, user, goods]);
    if (affectedRows === 0) await tx.execute('INSERT INTO shoppingcart (user, goods, nums, checked) VALUES (?, ?, ?, 1)', [user, goods, nums]);
    const [row] = await tx.query<{ nums: number }>('SELECT nums FROM shoppingcart WHERE user = ? AND goods = ?', [user, goods]);
    return { user, goods, nums: row.nums };
  });
}
