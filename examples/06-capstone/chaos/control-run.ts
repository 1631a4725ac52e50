// @timeout 180s
// The control run: the same harness, with an order service whose checker is wrong on purpose. It
// remembers its decisions in memory and answers check-backs from there, so after a crash it
// answers ROLLBACK for an order whose stock was deducted. The harness must catch it and exit 1.
import { finish } from '../../lib/workbook.ts';
import { npmRunChaos } from '../run-chaos.ts';

const ORDERS = 20;
const SEED = 7;

const code = await npmRunChaos(['--orders', String(ORDERS), '--seed', String(SEED), '--control', '--no-broker-restart', '--quiet-s', '5']);
console.log(`exit code ${code}${code === 1 ? ': the harness caught the wrong checker' : ''}`);
await finish();
