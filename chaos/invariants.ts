/**
 * The invariants of the scheme, checked from the two databases (and the buyer's answers) after a
 * run. Plain functions of rows: the same checks could be written in SQL against `.chaos/last/`.
 */
import type { ShopRows } from '../examples/06-capstone/shop.ts';
import type { OrderAnswer } from './drive.ts';

export interface InvariantResult {
  name: string;
  /** How many things (goods, orders, rows) it looked at. */
  checked: number;
  violations: string[];
}

type GoodsNum = { goods: number; num: number };
const detailOf = (row: { detail: string }) => JSON.parse(row.detail) as GoodsNum[];

export function checkInvariants(rows: ShopRows, initialStock: Record<number, number>, answers: OrderAnswer[], returnsPerOrder: Map<string, number>): InvariantResult[] {
  const orders = new Map(rows.orderinfo.map((order) => [order.order_sn, order]));
  const sells = new Map(rows.stockselldetail.map((sell) => [sell.order_sn, sell]));
  const deducted = rows.stockselldetail.filter((sell) => detailOf(sell).length > 0);
  const results: InvariantResult[] = [];
  const check = (name: string, items: unknown[], violation: (item: never) => string | undefined) => {
    results.push({ name, checked: items.length, violations: items.map((item) => violation(item as never)).filter((v): v is string => !!v) });
  };

  check('initial stock = current stock + Σ deducted − Σ returned, per goods', Object.keys(initialStock), (goods: string) => {
    const id = Number(goods);
    const current = rows.inventory.find((row) => row.goods === id)?.stocks ?? 0;
    const kept = deducted.filter((sell) => sell.status === 1).flatMap(detailOf).filter((line) => line.goods === id).reduce((sum, line) => sum + line.num, 0);
    const expected = initialStock[id];
    return current + kept === expected ? undefined : `goods ${id}: initial ${expected}, now ${current} + ${kept} deducted and not returned = ${current + kept}`;
  });
  check('stock never negative', rows.inventory, (row: ShopRows['inventory'][number]) =>
    row.stocks < 0 ? `goods ${row.goods}: ${row.stocks}` : undefined);
  check('every order ends paid, closed or rejected (none WAIT_BUYER_PAY)', rows.orderinfo, (order: ShopRows['orderinfo'][number]) =>
    order.status === 'WAIT_BUYER_PAY' ? `${order.order_sn} still WAIT_BUYER_PAY` : undefined);
  check('an order the buyer was told exists exists; a payment that succeeded stays paid', answers.filter((a) => a.created), (answer: OrderAnswer) => {
    const order = orders.get(answer.orderSn!);
    if (!order || order.order_mount === 0) return `order #${answer.index} (${answer.orderSn}) was confirmed to the buyer but has no order row`;
    if (answer.paid && order.status !== 'TRADE_SUCCESS') return `${answer.orderSn} was paid but is ${order.status}`;
    return undefined;
  });
  check('at most one return per order', [...returnsPerOrder], ([sn, count]: [string, number]) =>
    count > 1 ? `${sn} returned ${count} times` : undefined);
  check('a return exactly for deducted orders that did not end paid; paid orders keep their stock', deducted, (sell: ShopRows['stockselldetail'][number]) => {
    const order = orders.get(sell.order_sn);
    const paid = order?.status === 'TRADE_SUCCESS';
    if (paid && sell.status === 2) return `${sell.order_sn} is paid, but its stock was returned`;
    if (!paid && sell.status === 1) return `${sell.order_sn} is ${order?.status ?? 'not an order'}, but its stock was never returned`;
    return undefined;
  });
  check('ordergoods of every order match its stockselldetail', rows.orderinfo.filter((order) => order.order_mount > 0), (order: ShopRows['orderinfo'][number]) => {
    const sell = sells.get(order.order_sn);
    if (!sell) return `${order.order_sn} has no stockselldetail row: an order without a deduction`;
    const goods = rows.ordergoods.filter((line) => line.order_sn === order.order_sn).map((line) => `${line.goods}×${line.nums}`).sort().join(',');
    const detail = detailOf(sell).map((line) => `${line.goods}×${line.num}`).sort().join(',');
    return goods === detail ? undefined : `${order.order_sn}: ordergoods ${goods}, stockselldetail ${detail}`;
  });
  return results;
}
