// Shortcut (must fail the check): never marks anything paid, so it never races the timeout; every
// Pay is refused.
// Caught by: ✗ an order paid right away is paid
import type { Db } from '../../../services/db.ts';
import { HttpError } from '../../../services/http.ts';
import { runOrderService } from '../../../services/order/server.ts';
import { serveOrPlay } from '../../play.ts';
import { payScenario } from '../scenario.ts';

async function pay(_db: Db, orderSn: string): Promise<{ order_sn: string; status: 'TRADE_SUCCESS' }> {
  throw new HttpError(409, `order ${orderSn} cannot be paid`);
}

await serveOrPlay(payScenario, () => runOrderService({ pay }));
