// Shortcut (must fail the check): marks every order returned (status 2) but never gives the stock
// back to inventory.
// Caught by: ✗ an order whose reback came twice got its stock back once
import type { Db } from '../../../services/db.ts';
import type { RebackOutcome } from '../../../services/inventory/auto-reback.ts';
import { runInventoryService } from '../../../services/inventory/server.ts';
import { serveOrPlay } from '../../play.ts';
import { rebackScenario } from '../scenario.ts';

async function autoReback(db: Db, orderSn: string): Promise<RebackOutcome> {
  return db.transaction(async (tx) => {
    const { affectedRows } = await tx.execute('UPDATE stockselldetail SET status = 2 WHERE order_sn = ? AND status = 1', [orderSn]);
    if (affectedRows === 1) return 'returned';
    const [record] = await tx.query('SELECT status FROM stockselldetail WHERE order_sn = ?', [orderSn]);
    if (record) return 'already returned';
    await tx.execute("INSERT INTO stockselldetail (order_sn, status, detail) VALUES (?, 2, '[]')", [orderSn]);
    return 'nothing was deducted';
  });
}

await serveOrPlay(rebackScenario, () => runInventoryService({ autoReback }));
