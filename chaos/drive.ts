/** Place the plan's orders from `concurrency` clients, pay them as planned, arm faults, restart the broker once. */
import type { Shop } from '../examples/06-capstone/shop.ts';
import type { FaultInjector } from './faults.ts';
import type { Payment, Plan, PlannedOrder } from './plan.ts';
import type { Supervisor } from './supervisor.ts';

/** What the buyer was told: the harness checks the databases against these answers too. */
export interface OrderAnswer {
  index: number;
  user: number;
  payment: Payment;
  /** The order number, when CreateOrder answered with one (success, or an error that names it). */
  orderSn?: string;
  /** CreateOrder said the order exists. */
  created: boolean;
  createError?: string;
  /** Pay said the order is paid (or paid already). */
  paid: boolean;
}

export interface DriveResult {
  answers: OrderAnswer[];
  /** From the first order to the last CreateOrder answer, ms; and how long of that the broker was down. */
  placingMs: number;
  brokerDownMs: number;
}

export async function drive(
  shop: Shop, plan: Plan,
  options: { concurrency: number; timeoutSeconds: number; orders: Supervisor; faults: FaultInjector; restartBroker?: () => Promise<number> },
): Promise<DriveResult> {
  const answers: OrderAnswer[] = [];
  const payments: Promise<void>[] = [];
  let next = 0;
  let brokerDownMs = 0;
  let outage: Promise<void> | undefined;
  const started = Date.now();

  const client = async () => {
    for (;;) {
      // New orders wait while the broker is down (orders already on their way meet the outage).
      if (outage) await outage;
      const order = plan.orders[next++];
      if (!order) return;
      if (order.index === plan.brokerRestartAt && options.restartBroker) {
        outage = options.restartBroker().then((ms) => void (brokerDownMs = ms));
      }
      if (order.fault) await options.faults.inject(order.fault);
      await options.orders.up;
      const answer = await place(shop, order, options.orders);
      answers.push(answer);
      if (answer.created) payments.push(payAsPlanned(shop, answer, options.timeoutSeconds, options.orders));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  const placingMs = Date.now() - started;
  await Promise.all(payments);
  if (outage) await outage;
  return { answers: answers.sort((a, b) => a.index - b.index), placingMs, brokerDownMs };
}

/**
 * Place one order. Like a buyer who clicks again, retry (for up to a minute) when the order
 * service could not be reached or could not reach the broker: nothing happened then. An order
 * whose answer was lost on the way (the connection closed) is not retried: it may exist.
 */
async function place(shop: Shop, order: PlannedOrder, orders: Supervisor): Promise<OrderAnswer> {
  const giveUp = Date.now() + 60_000;
  let result = await shop.placeOrder(order.user, order.items);
  while (!result.ok && NOTHING_HAPPENED.test(result.error) && Date.now() < giveUp) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await orders.up;
    result = await shop.placeOrder(order.user, order.items);
  }
  const base = { index: order.index, user: order.user, payment: order.payment, paid: false };
  if (result.ok) return { ...base, orderSn: result.order_sn, created: true };
  return { ...base, ...(result.order_sn ? { orderSn: result.order_sn } : {}), created: false, createError: `${result.status} ${result.error}` };
}

/** The order service is down (refused), or its producer could not reach the broker (gRPC UNAVAILABLE, before the half message). */
const NOTHING_HAPPENED = /ECONNREFUSED|UNAVAILABLE/;

/** Pay at once, or right when the order times out, or never. A payment provider retries a call that got no answer. */
async function payAsPlanned(shop: Shop, answer: OrderAnswer, timeoutSeconds: number, orders: Supervisor): Promise<void> {
  if (answer.payment === 'never') return;
  if (answer.payment === 'at-timeout') await new Promise((resolve) => setTimeout(resolve, timeoutSeconds * 1000));
  const giveUp = Date.now() + 60_000;
  while (Date.now() < giveUp) {
    await orders.up;
    const paid = await shop.pay(answer.orderSn!);
    if (paid.ok || /paid already/.test(paid.ok ? '' : paid.error)) {
      answer.paid = true;
      return;
    }
    if (paid.status !== 0) return; // refused: closed by its timeout first
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
