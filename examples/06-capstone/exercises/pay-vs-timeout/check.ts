// @timeout 170s
// Check for "Pay against the timeout": plays the scenario with your program as the order service,
// then audits both databases, and the broker through a consumer group of its own.
import { report } from '../../../lib/exercise.ts';
import { playUnderAudit } from '../play.ts';
import { INITIAL_STOCK, payScenario } from './scenario.ts';

const { run, failure, committed, rows } = await playUnderAudit('06-capstone/exercises/pay-vs-timeout', payScenario);

const orders = (run?.orders ?? []).map((order) => ({
  ...order,
  status: rows.orderinfo.find((o) => o.order_sn === order.order_sn)?.status,
  returned: rows.stockselldetail.find((s) => s.order_sn === order.order_sn)?.status === 2,
  rebacks: committed.get(order.order_sn) ?? 0,
}));
const ofKind = (kind: string) => orders.filter((o) => o.kind === kind);
const paidAndReturned = orders.filter((o) => o.status === 'TRADE_SUCCESS' && o.returned);
const wrongAnswers = orders.filter((o) => o.answer && o.answer.ok !== (o.status === 'TRADE_SUCCESS'));
const stillDeducted = rows.stockselldetail.filter((s) => s.status === 1).length; // one kettle per order
const paidWithReback = orders.filter((o) => o.status === 'TRADE_SUCCESS' && o.rebacks > 0);
const closedWithout = orders.filter((o) => o.status === 'TRADE_CLOSED' && o.rebacks === 0);
const list = (some: typeof orders) => some.map((o) => `${o.order_sn} (${o.kind})`).join(', ');

await report([
  { what: 'the program ran to the end of the scenario', ok: !failure, fix: failure },
  { what: 'an order paid right away is paid', ok: ofKind('paid right away').every((o) => o.answer?.ok && o.status === 'TRADE_SUCCESS') && orders.length > 0,
    fix: 'Pay must still mark an unpaid order TRADE_SUCCESS' },
  { what: 'an order never paid is closed, and its stock is back', ok: ofKind('never paid').every((o) => o.status === 'TRADE_CLOSED' && o.returned) && orders.length > 0,
    fix: 'the timeout handler could not close it; see the output above' },
  { what: 'no order is both paid and given back to the shelf', ok: orders.length > 0 && paidAndReturned.length === 0,
    fix: `paid, but their stock went back: ${list(paidAndReturned)}. Let the UPDATE change the row only while it is WAIT_BUYER_PAY` },
  { what: 'Pay\'s answers agree with the database', ok: orders.length > 0 && wrongAnswers.length === 0,
    fix: `answered ${wrongAnswers.map((o) => `${o.answer?.ok ? 'paid' : 'refused'} for ${o.status} ${o.order_sn}`).join(', ')}: when the UPDATE changed no row, refuse with 409` },
  { what: `the stock adds up: ${rows.inventory[0]?.stocks} in stock + ${stillDeducted} sold = ${INITIAL_STOCK}`,
    ok: rows.inventory[0]?.stocks + stillDeducted === INITIAL_STOCK, fix: 'see the orders above' },
  { what: 'the broker delivered a committed reback for every closed order, and none for a paid one',
    ok: orders.length > 0 && paidWithReback.length === 0 && closedWithout.length === 0,
    fix: `${paidWithReback.length ? `rebacks for paid orders: ${list(paidWithReback)}` : ''}${closedWithout.length ? ` no reback for closed orders: ${list(closedWithout)}` : ''}` },
]);
