/**
 * `npm run chaos`: a small run with every fault kind and one broker restart passes, and the
 * control run (an order service whose checker keeps its state in memory) fails. The run stops and
 * starts the broker, so vitest.config.ts runs this file in the step that stops the broker.
 * Besides the harness's own verdict, the test audits the saved databases with plain SQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChaosReport } from '../../chaos/report.ts';
import { FAULT_KINDS, BROKER_RESTART } from '../../chaos/plan.ts';
import { run } from '../support/spawn.ts';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-test-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** `npm run chaos -- <args>` as a reader types it; its exit code, output and saved report. */
async function chaos(name: string, args: string[]) {
  const out = path.join(scratch, name);
  const result = await run(process.execPath, ['--import', 'tsx', 'chaos/cli.ts', ...args, '--out', out], { timeoutMs: 540_000 });
  const reportFile = path.join(out, 'report.json');
  const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) as ChaosReport : undefined;
  return { ...result, out, report, output: `${result.stdout}\n${result.stderr}` };
}

describe('npm run chaos', () => {
  it('--help lists the options; an unknown option says so and exits 2', async () => {
    const help = await chaos('help', ['--help']);
    expect(help.status).toBe(0);
    for (const option of ['--orders', '--seed', '--concurrency', '--timeout-s', '--control']) expect(help.stdout).toContain(option);
    const wrong = await chaos('wrong', ['--orders', 'many']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/--orders must be a whole number/);
  });

  it('40 orders with every fault kind and a broker restart: no stock lost or returned twice', async () => {
    const { status, output, report, out } = await chaos('faults', ['--orders', '40', '--seed', '7']);
    expect(report, output).toBeDefined();
    expect(status, output).toBe(0);
    expect(report!.passed).toBe(true);
    expect(report!.violations).toBe(0);
    for (const kind of [...FAULT_KINDS, BROKER_RESTART]) expect(report!.faultsFired[kind], kind).toBeGreaterThanOrEqual(1);
    expect(report!.restarts.orders).toBeGreaterThanOrEqual(3); // three kinds kill the order service
    expect(report!.restarts.inventory).toBeGreaterThanOrEqual(2);
    expect(report!.duplicates).toBeGreaterThanOrEqual(1); // the reback delivered twice, at least
    expect(report!.outcomes.paid).toBeGreaterThan(0);
    expect(report!.outcomes.closed).toBeGreaterThan(0);
    expect(report!.outcomes.paid + report!.outcomes.closed + report!.outcomes.rejected).toBe(40);
    expect(output).toMatch(/^PASSED: no stock lost or returned twice\.$/m);

    // The same verdict from the saved databases, with plain SQL.
    const orders = new Database(path.join(out, 'order.db'), { readonly: true });
    const inventory = new Database(path.join(out, 'inventory.db'), { readonly: true });
    expect(orders.prepare("SELECT COUNT(*) AS n FROM orderinfo WHERE status = 'WAIT_BUYER_PAY'").get()).toEqual({ n: 0 });
    for (const [goods, initial] of Object.entries(report!.initialStock)) {
      const { stocks } = inventory.prepare('SELECT stocks FROM inventory WHERE goods = ?').get(Number(goods)) as { stocks: number };
      const { kept } = inventory.prepare(`SELECT COALESCE(SUM(json_extract(line.value, '$.num')), 0) AS kept
        FROM stockselldetail, json_each(stockselldetail.detail) AS line
        WHERE stockselldetail.status = 1 AND json_extract(line.value, '$.goods') = ?`).get(Number(goods)) as { kept: number };
      expect(stocks + kept, `goods ${goods}`).toBe(initial);
    }
    orders.close();
    inventory.close();
  }, 600_000);

  it('--control (a checker that keeps its state in memory) is caught: violations, exit 1', async () => {
    const { status, output, report } = await chaos('control', ['--orders', '30', '--seed', '7', '--control', '--no-broker-restart', '--quiet-s', '10']);
    expect(report, output).toBeDefined();
    expect(status, output).toBe(1);
    expect(report!.passed).toBe(false);
    expect(report!.faultsFired['order killed before its local commit']).toBeGreaterThanOrEqual(1);
    const unreturned = report!.invariants.find((result) => result.name.startsWith('a return exactly for deducted orders'))!;
    expect(unreturned.violations.length).toBeGreaterThanOrEqual(1);
    expect(unreturned.violations.join('\n')).toMatch(/but its stock was never returned/);
    expect(output).toMatch(/^FAILED: \d+ violation\(s\)\.$/m);
  }, 600_000);
});
