// @timeout 180s
// A small chaos run from the page: 20 orders, each kind of service fault planned once, and then
// the check of both databases. (No broker restart here: the page's broker keeps running. The full
// command adds one; run it in a terminal.) The same seed gives the same plan of faults.
import { finish } from '../../lib/workbook.ts';
import { npmRunChaos } from '../run-chaos.ts';

const ORDERS = 20;
const SEED = 7;

const code = await npmRunChaos(['--orders', String(ORDERS), '--seed', String(SEED), '--no-broker-restart']);
console.log(`exit code ${code}`);
await finish();
