// @timeout 120s
// Exercise "Pay against the timeout": Pay marks an order paid when the payment provider says the
// buyer paid. The order's timeout may close it at the same moment, and then its stock goes back.
// Make sure an order ends up paid or closed, never both. Run plays orders paid at moments
// around their timeout, with this file as the order service.
import type { Db } from '../../services/db.ts';
import { HttpError } from '../../services/http.ts';
import { runOrderService } from '../../services/order/server.ts';
import { sleep } from '../../../lib/workbook.ts';
import { serveOrPlay } from '../play.ts';
import { payScenario } from './scenario.ts';

// The provider's notification is checked with the provider before the shop believes it: one more network call.
const verifyWithPaymentProvider = (orderSn: string) => sleep(1500).then(() => orderSn);

async function pay(db: Db, orderSn: string): Promise<{ order_sn: string; status: 'TRADE_SUCCESS' }> {
  const [order] = await db.query<{ status: string }>('SELECT status FROM orderinfo WHERE order_sn = ?', [orderSn]);
  if (!order) throw new HttpError(404, `no order ${orderSn}`);
  if (order.status !== 'WAIT_BUYER_PAY') throw new HttpError(409, `order ${orderSn} is ${order.status}`);
  await verifyWithPaymentProvider(orderSn);
  // TODO: the timeout may have closed the order while we waited. Change the row only if it is still unpaid,
  // and refuse (409) when it is not.
  await db.execute("UPDATE orderinfo SET status = 'TRADE_SUCCESS', pay_time = ? WHERE order_sn = ?", [Date.now(), orderSn]);
  return { order_sn: orderSn, status: 'TRADE_SUCCESS' };
}

// Don't change this line: it runs this file as the order service, or plays the scenario with it.
await serveOrPlay(payScenario, () => runOrderService({ pay }));
