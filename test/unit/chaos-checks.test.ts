/** The chaos harness's plan (seeded) and its invariant checks, on hand-made rows: each check can fail. */
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../chaos/invariants.ts';
import { FAULT_KINDS, makePlan } from '../../chaos/plan.ts';
import type { ShopRows } from '../../examples/06-capstone/shop.ts';

describe('the plan', () => {
  it('is the same for the same seed, and differs for another', () => {
    const plan = (seed: number) => makePlan(seed, 40, { faults: true, brokerRestart: true });
    expect(plan(7)).toEqual(plan(7));
    expect(plan(8)).not.toEqual(plan(7));
  });

  it('puts every fault kind on an order (once per 100 orders), and the broker restart mid-run', () => {
    for (const orders of [10, 40, 500]) {
      const plan = makePlan(3, orders, { faults: true, brokerRestart: true });
      const kinds = plan.orders.flatMap((order) => (order.fault ? [order.fault] : []));
      expect(new Set(kinds)).toEqual(new Set(FAULT_KINDS));
      expect(kinds.length).toBe(FAULT_KINDS.length * Math.max(1, Math.round(orders / 100)));
      expect(plan.brokerRestartAt).toBeGreaterThanOrEqual(Math.floor(orders * 0.3));
      expect(plan.brokerRestartAt).toBeLessThan(Math.ceil(orders * 0.5));
    }
    expect(makePlan(3, 40, { faults: false, brokerRestart: false }).orders.some((order) => order.fault)).toBe(false);
  });
});

describe('the invariants', () => {
  // Two orders of goods 1 (initial stock 10): A paid (2 deducted), B closed (3 deducted, returned).
  const good = (): ShopRows => ({
    inventory: [{ goods: 1, stocks: 8 }],
    stockselldetail: [
      { order_sn: 'A', status: 1, detail: '[{"goods":1,"num":2}]' },
      { order_sn: 'B', status: 2, detail: '[{"goods":1,"num":3}]' },
    ],
    orderinfo: [
      { order_sn: 'A', user: 1, status: 'TRADE_SUCCESS', order_mount: 50, close_reason: null },
      { order_sn: 'B', user: 2, status: 'TRADE_CLOSED', order_mount: 75, close_reason: 'not paid in time' },
    ],
    ordergoods: [
      { order_sn: 'A', goods: 1, goods_name: 'kettle', nums: 2 },
      { order_sn: 'B', goods: 1, goods_name: 'kettle', nums: 3 },
    ],
    shoppingcart: [],
  });
  const answers = [{ index: 0, user: 1, payment: 'in-time' as const, orderSn: 'A', created: true, paid: true }];
  const violated = (rows: ShopRows, returns = new Map([['B', 1]])) =>
    checkInvariants(rows, { 1: 10 }, answers, returns).filter((result) => result.violations.length > 0).map((result) => result.name);

  it('hold for a consistent shop', () => {
    expect(violated(good())).toEqual([]);
  });

  it('catch stock that was never returned, a paid order whose stock came back, a return made twice', () => {
    const lost = good();
    lost.stockselldetail[1].status = 1;
    lost.inventory[0].stocks = 5;
    expect(violated(lost)).toEqual(['a return exactly for deducted orders that did not end paid; paid orders keep their stock']);
    const refunded = good();
    refunded.stockselldetail[0].status = 2;
    refunded.inventory[0].stocks = 10;
    expect(violated(refunded)).toEqual(['a return exactly for deducted orders that did not end paid; paid orders keep their stock']);
    expect(violated(good(), new Map([['B', 2]]))).toEqual(['at most one return per order']);
  });

  it('catch stock that vanished, an unfinished order, a confirmed order that is gone, goods that differ', () => {
    const vanished = good();
    vanished.inventory[0].stocks = 7;
    expect(violated(vanished)).toEqual(['initial stock = current stock + Σ deducted − Σ returned, per goods']);
    const waiting = good();
    waiting.orderinfo[0].status = 'WAIT_BUYER_PAY';
    expect(violated(waiting)).toContain('every order ends paid, closed or rejected (none WAIT_BUYER_PAY)');
    const gone = good();
    gone.orderinfo.shift();
    expect(violated(gone)).toContain('an order the buyer was told exists exists; a payment that succeeded stays paid');
    const differs = good();
    differs.ordergoods[1].nums = 4;
    expect(violated(differs)).toEqual(['ordergoods of every order match its stockselldetail']);
  });
});
