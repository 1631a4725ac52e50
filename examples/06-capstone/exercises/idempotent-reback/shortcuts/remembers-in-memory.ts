// Shortcut (must fail the check): remembers returned orders in a Set in memory instead of the
// database; a restart forgets them.
// Caught by: ✗ a reback delivered again after a restart returned nothing more
import type { Db } from '../../../services/db.ts';
import type { RebackOutcome } from '../../../services/inventory/auto-reback.ts';
import { runInventoryService } from '../../../services/inventory/server.ts';
import type { GoodsNum } from '../../../services/inventory/tables.ts';
import { serveOrPlay } from '../../play.ts';
import { rebackScenario } from '../scenario.ts';

const returned = new Set<string>();

async function autoReback(db: Db, orderSn: string): Promise<RebackOutcome> {
  if (returned.has(orderSn)) return 'already returned';
  return db.transaction(async (tx) => {
    const [record] = await tx.query<{ detail: string }>('SELECT detail FROM stockselldetail WHERE order_sn = ?', [orderSn]);
    if (!record) {
      await tx.execute("INSERT INTO stockselldetail (order_sn, status, detail) VALUES (?, 2, '[]')", [orderSn]);
      return 'nothing was deducted';
    }
    for (const { goods, num } of JSON.parse(record.detail) as GoodsNum[]) {
      await tx.execute('UPDATE inventory SET stocks = stocks + ? WHERE goods = ?', [num, goods]);
    }
    await tx.execute('UPDATE stockselldetail SET status = 2 WHERE order_sn = ?', [orderSn]);
    returned.add(orderSn);
    return 'returned';
  });
}

await serveOrPlay(rebackScenario, () => runInventoryService({ autoReback }));
