/**
 * The plan of a chaos run, made from its seed alone: which orders are placed (goods, how many,
 * how each is paid) and which order carries which fault. The same seed gives the same plan.
 * (Which request a fault actually hits depends on timing when several orders run at once.)
 */
import type { FaultPoint } from '../examples/06-capstone/services/faults.ts';

/** How the buyer pays: at once, never (the timeout closes the order), or just as time runs out (Pay races the timeout). */
export type Payment = 'in-time' | 'never' | 'at-timeout';

/** Faults injected at the services' named points (services/faults.ts), and what each one tests. */
export const SERVICE_FAULTS = {
  'order killed before its local commit': { service: 'orders', point: 'order.before-local-commit', action: 'crash' },
  'order killed after its local commit': { service: 'orders', point: 'order.after-local-commit', action: 'crash' },
  'order killed closing a timed-out order': { service: 'orders', point: 'order.timeout.after-close', action: 'crash' },
  'inventory killed after a deduction, before answering': { service: 'inventory', point: 'inventory.sell.after-commit', action: 'crash' },
  'inventory answer dropped (order service times out)': { service: 'inventory', point: 'inventory.sell.after-commit', action: 'delay' },
  'inventory killed after a return, before the ack': { service: 'inventory', point: 'inventory.reback.after-commit', action: 'crash' },
  'reback delivered twice (ack withheld)': { service: 'inventory', point: 'inventory.reback.after-commit', action: 'fail' },
} as const satisfies Record<string, { service: 'orders' | 'inventory'; point: FaultPoint; action: 'crash' | 'fail' | 'delay' }>;

export type FaultKind = keyof typeof SERVICE_FAULTS;
export const FAULT_KINDS = Object.keys(SERVICE_FAULTS) as FaultKind[];
export const BROKER_RESTART = 'broker stopped and started';

export interface PlannedOrder {
  index: number;
  /** One user per order, so that no two orders share a cart. */
  user: number;
  items: [goods: number, nums: number][];
  payment: Payment;
  /** Armed just before this order is placed. */
  fault?: FaultKind;
}

export interface Plan {
  orders: PlannedOrder[];
  /** Initial stock per goods: goods 2 is scarce, so that some orders fail for lack of stock. */
  stocks: Record<number, number>;
  /** The broker is stopped just before this order is placed (undefined: no broker restart). */
  brokerRestartAt?: number;
}

export function makePlan(seed: number, orders: number, options: { faults: boolean; brokerRestart: boolean }): Plan {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const planned: PlannedOrder[] = Array.from({ length: orders }, (_, index) => {
    const goods = random() < 0.5 ? [1, 2] : [pick([1, 2, 3])];
    return {
      index,
      user: 1000 + index,
      items: goods.map((id) => [id, 1 + Math.floor(random() * 3)] as [number, number]),
      payment: pick(['in-time', 'in-time', 'never', 'at-timeout'] as const),
    };
  });
  if (options.faults) {
    // Each kind once per 100 orders (at least once), on orders spread over the first 80% of the
    // run, so that there is time left for check-backs, timeouts and redeliveries to happen.
    const perKind = Math.max(1, Math.round(orders / 100));
    const free = planned.slice(0, Math.max(1, Math.floor(orders * 0.8))).filter((order) => order.index > 0);
    for (const kind of FAULT_KINDS) {
      for (let i = 0; i < perKind && free.length > 0; i++) free.splice(Math.floor(random() * free.length), 1)[0].fault = kind;
    }
  }
  return {
    orders: planned,
    stocks: { 1: orders * 6, 2: Math.max(3, Math.floor(orders * 0.6)), 3: orders * 6 },
    brokerRestartAt: options.brokerRestart ? Math.floor(orders * (0.3 + random() * 0.2)) : undefined,
  };
}

/** A small, fast, seedable random number generator (Mulberry32): numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
