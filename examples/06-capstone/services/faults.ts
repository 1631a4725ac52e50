/**
 * Named points where a service can be made to fail on purpose, the way the article tests its
 * scheme: "make the local transaction return an error", "make it return UNKNOWN". Each point is
 * one line in the service, `await faultPoint('order.after-local-commit', orderSn)`, and does nothing
 * unless the service was started with CAPSTONE_FAULTS=1. Then `POST /faults` arms a point:
 *
 *   { "point": "order.after-local-commit", "action": "crash" }          the process dies (SIGKILL)
 *   { "point": "order.before-local-commit", "action": "fail" }          the step throws an error
 *   { "point": "inventory.sell.after-commit", "action": "delay", "ms": 4000 }  the step stalls
 *
 * An armed fault fires once (or `times` times), at the next request that passes the point, or
 * only for one order when armed with `"orderSn": "…"`.
 */
import { HttpError, type Routes } from './http.ts';

/** Every point the services pass, in the order an order meets them. */
export const FAULT_POINTS = [
  'order.after-half-message', // CreateOrder: the reback half message is stored, stock not yet deducted
  'order.after-deduct', // CreateOrder: inventory deducted the stock, no local transaction yet
  'order.before-local-commit', // CreateOrder: order rows written, the local transaction not yet committed
  'order.after-local-commit', // CreateOrder: committed locally, the half message not yet rolled back
  'order.timeout.before-close', // timeout: the reback half message is stored, the order not yet closed
  'order.timeout.after-close', // timeout: the order is closed locally, its reback not yet committed
  'inventory.sell.received', // Sell: the request has arrived, nothing done yet
  'inventory.sell.before-commit', // Sell: stock deducted inside the transaction, not yet committed
  'inventory.sell.after-commit', // Sell: committed, the answer not yet sent
  'inventory.reback.after-commit', // AutoReback: stock returned and committed, the message not yet acknowledged
] as const;

export type FaultPoint = (typeof FAULT_POINTS)[number];
type Action = 'fail' | 'crash' | 'delay';
interface Armed {
  action: Action;
  ms: number;
  times: number;
  orderSn?: string;
}

const enabled = process.env.CAPSTONE_FAULTS === '1';
const armed = new Map<FaultPoint, Armed>();

/** Pass a named point, for order `orderSn`: nothing happens unless a fault is armed there. */
export async function faultPoint(point: FaultPoint, orderSn?: string): Promise<void> {
  const fault = enabled ? armed.get(point) : undefined;
  if (!fault || (fault.orderSn && fault.orderSn !== orderSn)) return;
  if (--fault.times <= 0) armed.delete(point);
  console.log(`fault at ${point}${orderSn ? ` (${orderSn})` : ''}: ${fault.action}${fault.action === 'delay' ? ` ${fault.ms} ms` : ''}`);
  if (fault.action === 'crash') process.kill(process.pid, 'SIGKILL'); // no cleanup, no goodbye: a power cut
  if (fault.action === 'fail') throw new Error(`injected failure at ${point}`);
  if (fault.action === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
}

/** The `POST /faults` route, present only when faults are enabled. */
export function faultRoutes(): Routes {
  if (!enabled) return {};
  return {
    'POST /faults': async (body) => {
      const point = body.point as FaultPoint;
      const action = body.action as Action;
      if (!FAULT_POINTS.includes(point)) throw new HttpError(400, `unknown fault point ${JSON.stringify(point)}; one of ${FAULT_POINTS.join(', ')}`);
      if (!['fail', 'crash', 'delay'].includes(action)) throw new HttpError(400, 'action must be "fail", "crash" or "delay"');
      armed.set(point, { action, ms: Number(body.ms ?? 0), times: Number(body.times ?? 1), ...(body.orderSn ? { orderSn: String(body.orderSn) } : {}) });
      return { armed: point, action };
    },
  };
}
