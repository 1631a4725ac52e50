// @timeout 170s
// Check for "AutoReback, at most once": plays the scenario with your program as the inventory
// service, then audits the inventory database, and the broker through a consumer group of its own.
import { report } from '../../../lib/exercise.ts';
import { playUnderAudit } from '../play.ts';
import { INITIAL_STOCK, rebackScenario } from './scenario.ts';

const { run, failure, committed, rows } = await playUnderAudit('06-capstone/exercises/idempotent-reback', rebackScenario);

// A failed order's stock comes back exactly once: the kettles in stock are the same before and after it.
const change = (i: number) => {
  const step = run?.steps[i];
  return step ? step.after - step.before : undefined;
};
const said = (delta: number | undefined) => (delta === undefined ? 'the step did not finish' : `it ${delta > 0 ? 'added' : 'lost'} ${Math.abs(delta)} kettles`);
const stillDeducted = rows.stockselldetail.filter((r) => r.status === 1)
  .reduce((sum, r) => sum + (JSON.parse(r.detail) as { num: number }[]).reduce((n, line) => n + line.num, 0), 0);
const failed = run?.steps.map((s) => s.order_sn) ?? [];
const sellRecord = (sn: string) => rows.stockselldetail.find((r) => r.order_sn === sn);

await report([
  { what: 'the program ran to the end of the scenario', ok: !failure, fix: failure },
  { what: 'an order whose reback came twice got its stock back once', ok: change(0) === 0,
    fix: `${said(change(0))}: the second delivery must change nothing; remember the return in stockselldetail` },
  { what: 'a reback delivered again after a restart returned nothing more', ok: change(1) === 0,
    fix: `${said(change(1))}: a restarted process remembers nothing, so the database must` },
  { what: 'a reback that overtook its deduction left no stock missing', ok: change(2) === 0,
    fix: `${said(change(2))}: with no sell record yet, write one as returned, so that the late Sell is refused` },
  { what: `the sell records add up: ${rows.inventory[0]?.stocks} in stock + ${stillDeducted} still deducted = ${INITIAL_STOCK}`,
    ok: rows.inventory[0]?.stocks + stillDeducted === INITIAL_STOCK, fix: 'a return must flip status 1 → 2 in the same transaction as the increments' },
  { what: 'every failed order\'s sell record says returned (status 2)', ok: failed.length === 3 && failed.every((sn) => sellRecord(sn)?.status === 2),
    fix: `found ${failed.map((sn) => sellRecord(sn)?.status ?? 'none').join(', ')}` },
  { what: 'the broker delivered a committed reback for each failed order and none for the paid one',
    ok: failed.length === 3 && failed.every((sn) => (committed.get(sn) ?? 0) >= 1) && !committed.has(run?.paid ?? ''),
    fix: 'the scenario did not produce the rebacks it should; see its output above' },
]);
