// Shortcut (must fail the check): the conditional UPDATE is right, but Pay answers "paid" even when
// it changed no row.
// Caught by: ✗ Pay's answers agree with the database
import type { Db } from '../../../services/db.ts';
import { runOrderService } from '../../../services/order/server.ts';
import { serveOrPlay } from '../../play.ts';
import { payScenario } from '../scenario.ts';

async function pay(db: Db, orderSn: string): Promise<{ order_sn: string; status: 'TRADE_SUCCESS' }> {
  await db.execute("UPDATE orderinfo SET status = 'TRADE_SUCCESS', pay_time = ? WHERE order_sn = ? AND status = 'WAIT_BUYER_PAY'", [Date.now(), orderSn]);
  return { order_sn: orderSn, status: 'TRADE_SUCCESS' };
}

await serveOrPlay(payScenario, () => runOrderService({ pay }));
