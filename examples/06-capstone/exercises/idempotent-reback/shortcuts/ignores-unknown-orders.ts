// Shortcut (must fail the check): returns at most once, but acknowledges a reback for an order with
// no sell record without recording it.
// Caught by: ✗ a reback that overtook its deduction left no stock missing
import type { Db } from '../../../services/db.ts';
import type { RebackOutcome } from '../../../services/inventory/auto-reback.ts';
import { runInventoryService } from '../../../services/inventory/server.ts';
import type { GoodsNum } from '../../../services/inventory/tables.ts';
import { serveOrPlay } from '../../play.ts';
import { rebackScenario } from '../scenario.ts';

async function autoReback(db: Db, orderSn: string): Promise<RebackOutcome> {
  return db.transaction(async (tx) => {
    const [record] = await tx.query<{ detail: string }>('SELECT detail FROM stockselldetail WHERE order_sn = ?', [orderSn]);
    if (!record) return 'nothing was deducted';
    const { affectedRows } = await tx.execute('UPDATE stockselldetail SET status = 2 WHERE order_sn = ? AND status = 1', [orderSn]);
    if (affectedRows === 0) return 'already returned';
    for (const { goods, num } of JSON.parse(record.detail) as GoodsNum[]) {
      await tx.execute('UPDATE inventory SET stocks = stocks + ? WHERE goods = ?', [num, goods]);
    }
    return 'returned';
  });
}

await serveOrPlay(rebackScenario, () => runInventoryService({ autoReback }));
