/**
 * The process a run executes in. The sandbox starts it before anyone asks (a "warm" process),
 * so a run does not wait for Node to boot or for the RocketMQ client to load. It receives the
 * path of exactly one compiled example on stdin (one JSON line), imports it, and is never reused.
 */
import { pathToFileURL } from 'node:url';

// Loading the client takes ~0.25 s; do it now, while nobody waits. The example's own import hits the cache.
await import('rocketmq-client-nodejs');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  input += chunk;
  const newline = input.indexOf('\n');
  if (newline < 0) return;
  process.stdin.destroy(); // nothing more comes; an open stdin would keep the process alive
  const work = JSON.parse(input.slice(0, newline)) as { module: string; env: Record<string, string> };
  Object.assign(process.env, work.env);
  process.argv[1] = work.module;
  void import(pathToFileURL(work.module).href);
});
// The sandbox went away before giving us work.
process.stdin.on('end', () => {
  if (!input.includes('\n')) process.exit(0);
});
