/** The run's report: what happened, what was checked, and the verdict; as JSON and as text. */
import type { ShopRows } from '../examples/06-capstone/shop.ts';
import type { DriveResult } from './drive.ts';
import type { InvariantResult } from './invariants.ts';
import type { ChaosOptions } from './options.ts';
import type { Plan } from './plan.ts';
import type { Quiescence } from './quiesce.ts';

export interface ChaosReport {
  seed: number;
  options: Omit<ChaosOptions, 'out' | 'logs'>;
  shop: string;
  initialStock: Record<number, number>;
  outcomes: { paid: number; closed: number; rejected: number; outOfStock: number };
  /** What CreateOrder answered when it did not create the order, by reason. */
  rejectedBecause: Record<string, number>;
  faultsPlanned: Record<string, number>;
  faultsFired: Record<string, number>;
  duplicates: number;
  restarts: { orders: number; inventory: number };
  brokerDownMs: number;
  placingMs: number;
  ordersPerSecond: number;
  quiescence: { ms: number; reached: boolean };
  invariants: InvariantResult[];
  deadLetters: Record<string, number>;
  /** Orders whose stock was never returned because the broker gave their reback half message up (TRANS_CHECK_MAX_TIME_TOPIC). */
  givenUp: string[];
  violations: number;
  passed: boolean;
}

export function buildReport(facts: {
  options: ChaosOptions; plan: Plan; driven: DriveResult; quiet: Quiescence; invariants: InvariantResult[];
  deadLetters: Record<string, number>; givenUp: string[]; faultsFired: Record<string, number>; duplicates: number;
  restarts: { orders: number; inventory: number }; shop: string;
}): ChaosReport {
  const { options, plan, driven, quiet } = facts;
  const { out: _out, logs: _logs, ...shown } = options;
  const faultsPlanned: Record<string, number> = {};
  for (const order of plan.orders) if (order.fault) faultsPlanned[order.fault] = (faultsPlanned[order.fault] ?? 0) + 1;
  const letters = Object.values(facts.deadLetters).reduce((sum, n) => sum + n, 0);
  const violations = facts.invariants.reduce((sum, result) => sum + result.violations.length, 0) + letters;
  return {
    seed: options.seed,
    options: shown,
    shop: facts.shop,
    initialStock: plan.stocks,
    outcomes: outcomes(quiet.rows, plan, driven),
    rejectedBecause: reasons(driven),
    faultsPlanned,
    faultsFired: facts.faultsFired,
    duplicates: facts.duplicates,
    restarts: facts.restarts,
    brokerDownMs: driven.brokerDownMs,
    placingMs: driven.placingMs,
    ordersPerSecond: Number((options.orders / (driven.placingMs / 1000)).toFixed(2)),
    quiescence: { ms: quiet.ms, reached: quiet.reached },
    invariants: facts.invariants,
    deadLetters: facts.deadLetters,
    givenUp: facts.givenUp,
    violations,
    passed: violations === 0,
  };
}

/** Each planned order's end, found by its user (one user per order): paid, closed, or rejected (no order row). */
function outcomes(rows: ShopRows, plan: Plan, driven: DriveResult): ChaosReport['outcomes'] {
  const byUser = new Map(rows.orderinfo.filter((order) => order.order_mount > 0).map((order) => [order.user, order.status]));
  const counts = { paid: 0, closed: 0, rejected: 0, outOfStock: 0 };
  for (const order of plan.orders) {
    const status = byUser.get(order.user);
    if (status === 'TRADE_SUCCESS') counts.paid++;
    else if (status === 'TRADE_CLOSED') counts.closed++;
    else counts.rejected++;
  }
  counts.outOfStock = driven.answers.filter((answer) => /insufficient stock/.test(answer.createError ?? '')).length;
  return counts;
}

/** CreateOrder's error answers, order numbers and goods ids left out so that alike reasons count together. */
function reasons(driven: DriveResult): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of driven.answers) {
    if (answer.created) continue;
    const reason = (answer.createError ?? '').replace(/\d{12,}/g, '…').replace(/\d+/g, 'N').slice(0, 100);
    counts[reason] = (counts[reason] ?? 0) + 1;
  }
  return counts;
}

export function formatReport(report: ChaosReport): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const lines = [
    `Chaos run, seed ${report.seed}, ${report.options.orders} orders${report.options.control ? ' (CONTROL: wrong checker)' : ''}`,
    `  outcomes: ${report.outcomes.paid} paid, ${report.outcomes.closed} closed, ${report.outcomes.rejected} rejected (${report.outcomes.outOfStock} for lack of stock)`,
    ...Object.entries(report.rejectedBecause).map(([reason, n]) => `    ${String(n).padStart(3)} × ${reason}`),
    `  placing: ${s(report.placingMs)} (broker down ${s(report.brokerDownMs)}), ${report.ordersPerSecond} orders/s; quiescence ${report.quiescence.reached ? 'after' : 'NOT reached; judged after'} ${s(report.quiescence.ms)}`,
    `  restarts: order service ${report.restarts.orders}, inventory service ${report.restarts.inventory}; rebacks delivered again and ignored: ${report.duplicates}`,
    '  faults (fired / planned):',
    ...Object.entries(report.faultsFired).map(([kind, fired]) => `    ${String(fired).padStart(3)} / ${report.faultsPlanned[kind] ?? 1}  ${kind}`),
    '  invariants:',
    ...report.invariants.flatMap((result) => [
      `    ${result.violations.length === 0 ? 'ok  ' : 'FAIL'}  ${result.name} (${result.checked} checked${result.violations.length ? `, ${result.violations.length} violated` : ''})`,
      ...result.violations.slice(0, 5).map((violation) => `            ${violation}`),
      ...(result.violations.length > 5 ? [`            … and ${result.violations.length - 5} more`] : []),
    ]),
    ...Object.entries(report.deadLetters).map(([queue, n]) => `    ${n === 0 ? 'ok  ' : 'FAIL'}  ${queue}: ${n} message(s)`),
    ...(report.givenUp.length ? [`  of the stock never returned, ${report.givenUp.length} order(s) had their reback half message given up by the broker after transactionCheckMax check-backs nobody answered`] : []),
    report.passed ? 'PASSED: no stock lost or returned twice.' : `FAILED: ${report.violations} violation(s).`,
  ];
  return lines.join('\n');
}
