/**
 * The scenario of "AutoReback, at most once": four orders, each sending its reback the hard way.
 * Run plays it with your program as the inventory service; Check plays it and audits.
 */
import type { Shop } from '../../shop.ts';
import type { Scenario } from '../play.ts';

export const INITIAL_STOCK = 20;

export interface RebackRun {
  paid: string;
  /** The failed orders, each with the kettles in stock before it and once its rebacks were handled. */
  steps: { name: string; order_sn: string; before: number; after: number }[];
}

const sn = (result: { ok: boolean; order_sn?: string }) => result.order_sn ?? '';
const kettles = async (shop: Shop) => (await shop.rows()).inventory[0].stocks;

export const rebackScenario: Scenario<RebackRun> = {
  role: 'inventory',
  shop: { stocks: { 1: INITIAL_STOCK }, inventoryTimeoutMs: 3000 },
  async play(shop) {
    const steps: RebackRun['steps'] = [];

    console.log('1. user 1 orders 2 kettles and pays: that stock stays deducted');
    const paid = await shop.placeOrder(1, [[1, 2]]);
    if (!paid.ok) throw new Error(`CreateOrder failed: ${paid.error}`);
    await shop.pay(paid.order_sn);

    console.log('2. user 2 orders 3 kettles; the order fails, and its reback arrives twice (the first ack was lost)');
    let before = await kettles(shop);
    await shop.orders.arm('order.before-local-commit', 'fail');
    await shop.inventory.arm('inventory.reback.after-commit', 'fail');
    const twice = sn(await shop.placeOrder(2, [[1, 3]]));
    await shop.inventory.waitForLine(new RegExp(`^AutoReback ${twice}: .*\\(delivery 2\\)`), 60_000);
    steps.push({ name: 'delivered twice', order_sn: twice, before, after: await kettles(shop) });

    console.log('3. user 3 orders 4 kettles; the order fails; the inventory dies after returning, and restarts');
    before = await kettles(shop);
    await shop.orders.arm('order.before-local-commit', 'fail');
    await shop.inventory.arm('inventory.reback.after-commit', 'crash');
    const crashed = sn(await shop.placeOrder(3, [[1, 4]]));
    await shop.inventory.exited;
    await shop.inventory.restart();
    // The message was never acknowledged: the broker delivers it again after its invisible time.
    await shop.inventory.waitForLine(new RegExp(`^AutoReback ${crashed}: .*\\(delivery 2\\)`), 60_000);
    steps.push({ name: 'delivered again after a restart', order_sn: crashed, before, after: await kettles(shop) });

    console.log('4. user 4 orders 5 kettles; the deduction is slow, CreateOrder gives up, and the reback arrives first');
    before = await kettles(shop);
    await shop.inventory.arm('inventory.sell.received', 'delay', 8000);
    const overtaken = sn(await shop.placeOrder(4, [[1, 5]]));
    await shop.inventory.waitForLine(new RegExp(`^Sell ${overtaken}: `), 60_000);
    steps.push({ name: 'overtaken by its reback', order_sn: overtaken, before, after: await kettles(shop) });

    console.log(`kettles: ${INITIAL_STOCK} at the start, 2 sold to user 1; in stock now: ${await kettles(shop)}`);
    return { paid: paid.order_sn, steps };
  },
};
