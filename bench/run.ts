/**
 * `npm run bench:run`: how fast a cell answers. Measures, from POST /api/run, the first stdout
 * event and the exit event of the hello example (00-hello/first-send) through a warm sandbox,
 * beside bare `node` printing one line. Needs a running broker (`npm run broker -- start`).
 */
import { spawn } from 'node:child_process';
import { brokerAnswers } from '../sandbox/broker/local-broker.ts';
import { startSandbox } from '../sandbox/server.ts';
import { format } from './stats.ts';

const runs = Number(process.env.BENCH_RUNS ?? 20);
const example = process.env.BENCH_EXAMPLE ?? '00-hello/first-send';

if (!(await brokerAnswers()).ok) {
  console.error('No broker answers: run `npm run broker -- start` first.');
  process.exit(1);
}

/** Time to first stdout and to exit of one run through the sandbox API. */
async function timeCell(url: string, token: string): Promise<{ first: number; total: number }> {
  const started = performance.now();
  const response = await fetch(`${url}/api/run`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Sandbox-Token': token }, body: JSON.stringify({ example }),
  });
  const { runId } = (await response.json()) as { runId: string };
  const stream = await fetch(`${url}/api/runs/${runId}/events`);
  const reader = stream.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let first = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (!first && text.includes('event: stdout')) first = performance.now() - started;
    if (text.includes('event: exit')) break;
  }
  if (!text.includes('"code":0')) throw new Error(`the run failed:\n${text}`);
  return { first, total: performance.now() - started };
}

/** Time to first output and exit of bare `node -e 'console.log(1)'`. */
function timeBareNode(): Promise<{ first: number; total: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    let first = 0;
    const child = spawn(process.execPath, ['-e', 'console.log("hello")']);
    child.stdout.once('data', () => (first = performance.now() - started));
    child.on('close', () => resolve({ first, total: performance.now() - started }));
  });
}

const sandbox = await startSandbox({ port: 0 });
await timeCell(sandbox.url, sandbox.token); // warm-up: the first warm process boots while nobody waits in real use
const cell = { first: [] as number[], total: [] as number[] };
const node = { first: [] as number[], total: [] as number[] };
for (let i = 0; i < runs; i++) {
  // Readers press Run seconds apart; give the pool a moment to boot the next warm process.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const c = await timeCell(sandbox.url, sandbox.token);
  cell.first.push(c.first);
  cell.total.push(c.total);
  const n = await timeBareNode();
  node.first.push(n.first);
  node.total.push(n.total);
}
await sandbox.close();

console.log(`${example} through the sandbox (POST /api/run → event stream), ${runs} runs:`);
console.log(`  first output  ${format(cell.first)}   goal: median ≤ 150 ms`);
console.log(`  exit          ${format(cell.total)}   (connects, sends one message, shuts down)`);
console.log('bare `node -e console.log(…)` for scale:');
console.log(`  first output  ${format(node.first)}`);
console.log(`  exit          ${format(node.total)}`);
