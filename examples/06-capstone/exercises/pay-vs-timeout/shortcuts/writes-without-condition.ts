// Shortcut (must fail the check): skips the read and writes TRADE_SUCCESS whatever the status, so a
// closed order becomes paid.
// Caught by: ✗ no order is both paid and given back to the shelf
import type { Db } from '../../../services/db.ts';
import { HttpError } from '../../../services/http.ts';
import { runOrderService } from '../../../services/order/server.ts';
import { serveOrPlay } from '../../play.ts';
import { payScenario } from '../scenario.ts';

async function pay(db: Db, orderSn: string): Promise<{ order_sn: string; status: 'TRADE_SUCCESS' }> {
  const { affectedRows } = await db.execute("UPDATE orderinfo SET status = 'TRADE_SUCCESS', pay_time = ? WHERE order_sn = ?", [Date.now(), orderSn]);
  if (affectedRows === 0) throw new HttpError(404, `no order ${orderSn}`);
  return { order_sn: orderSn, status: 'TRADE_SUCCESS' };
}

await serveOrPlay(payScenario, () => runOrderService({ pay }));
