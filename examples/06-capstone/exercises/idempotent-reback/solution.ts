// @timeout 120s
// Exercise "AutoReback, at most once": the inventory service returns an order's stock when the
// order's reback message arrives. A message can arrive more than once (a lost ack, a restart),
// and a reback can even arrive before its deduction. Return each order's stock at most once,
// and never lose any. Run plays four such orders with this file as the inventory service.
import type { Db } from '../../services/db.ts';
import type { RebackOutcome } from '../../services/inventory/auto-reback.ts';
import { runInventoryService } from '../../services/inventory/server.ts';
import type { GoodsNum } from '../../services/inventory/tables.ts';
import { serveOrPlay } from '../play.ts';
import { rebackScenario } from './scenario.ts';

// stockselldetail(order_sn, status, detail): status 1 = deducted, 2 = returned; detail = [{ goods, num }].
async function autoReback(db: Db, orderSn: string): Promise<RebackOutcome> {
  return db.transaction(async (tx) => {
    const [record] = await tx.query<{ status: number; detail: string }>('SELECT status, detail FROM stockselldetail WHERE order_sn = ?', [orderSn]);
    // No sell record yet: record the order as returned, so that Sell refuses a deduction that comes later.
    if (!record) {
      await tx.execute("INSERT INTO stockselldetail (order_sn, status, detail) VALUES (?, 2, '[]')", [orderSn]);
      return 'nothing was deducted';
    }
    // Status 1 → 2 in the same transaction as the increments: the database remembers, not the process.
    const { affectedRows } = await tx.execute('UPDATE stockselldetail SET status = 2 WHERE order_sn = ? AND status = 1', [orderSn]);
    if (affectedRows === 0) return 'already returned';
    for (const { goods, num } of JSON.parse(record.detail) as GoodsNum[]) {
      await tx.execute('UPDATE inventory SET stocks = stocks + ? WHERE goods = ?', [num, goods]);
    }
    return 'returned';
  });
}

// Don't change this line: it runs this file as the inventory service, or plays the scenario with it.
await serveOrPlay(rebackScenario, () => runInventoryService({ autoReback }));
