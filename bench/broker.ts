/**
 * `npm run bench:broker`: cold start (jars cached, empty store), stop, restart with a store, and
 * resident memory of both JVMs, idle and after a burst of messages. It wipes the local store.
 * Each start also reports the CPU seconds both JVMs spent until the broker answered: unlike wall
 * time, that barely moves when other work shares the machine.
 * Goals (issue 15): cold start ≤ 6 s, restart with a store ≤ 8 s, stop ≤ 5 s; before it: ~10 s,
 * ~13 s, ~12 s. Both JVMs ≤ 1.2 GB resident.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Producer } from 'rocketmq-client-nodejs';
import '../examples/lib/client-fixes.ts';
import { brokerEndpoints } from '../sandbox/broker/endpoints.ts';
import { layout } from '../sandbox/broker/layout.ts';
import { resetBroker, startBroker, stopBroker } from '../sandbox/broker/local-broker.ts';
import { residentMiB, runningPid } from '../sandbox/broker/processes.ts';

const quiet = () => {};
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const memory = () => {
  const namesrv = residentMiB(runningPid('namesrv')!) ?? 0;
  const broker = residentMiB(runningPid('broker')!) ?? 0;
  return `name server ${namesrv} MiB + broker ${broker} MiB = ${namesrv + broker} MiB`;
};
/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
const cpuSeconds = (pid: number | undefined) => {
  if (!pid) return 0;
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const timed = async (action: () => Promise<unknown>) => {
  const started = performance.now();
  await action();
  return performance.now() - started;
};
/** Start, and say how long it took and how much CPU both JVMs spent on it. */
const start = async (what: string, goal: string) => {
  const wall = await timed(() => startBroker(quiet));
  const cpu = cpuSeconds(runningPid('namesrv')) + cpuSeconds(runningPid('broker'));
  console.log(`${what.padEnd(44)} ${seconds(wall).padStart(7)}   ${goal.padEnd(10)} (both JVMs used ${cpu.toFixed(1)} CPU s)`);
};
const stop = async (what: string, goal: string) => {
  const brokerLog = path.join(layout.logs, 'broker.log');
  const logFrom = fs.existsSync(brokerLog) ? fs.statSync(brokerLog).size : 0;
  const wall = await timed(() => stopBroker(quiet));
  console.log(`${what.padEnd(44)} ${seconds(wall).padStart(7)}   ${goal}`);
  const hook = shutdownHookOf(fs.readFileSync(brokerLog).subarray(logFrom).toString('utf8'));
  if (hook) console.log(`  of which the broker's shutdown hook ${hook}`);
};
/**
 * Where a stop goes, from the broker's own log: its shutdown hook's total, and the service
 * threads it joined one after another (ServiceThread.shutdown joins each until it notices; a
 * NettyEventExecutor polls its queue every 3 s). Not in the log: the 3 s sleep in
 * DefaultMessageStore.shutdown (RocketMQ 5.3.3). None of these waits is a setting.
 */
function shutdownHookOf(log: string): string | undefined {
  const total = /Shutdown hook over, consuming total time\(ms\): (\d+)/.exec(log)?.[1];
  if (!total) return undefined;
  const joins = [...log.matchAll(/join thread\[([^\]]+)\], elapsed time: (\d+)ms/g)]
    .map(([, name, ms]) => ({ name, ms: Number(ms) }))
    .filter((join) => join.ms >= 300)
    .map((join) => `${join.name} ${seconds(join.ms)}`);
  return `${seconds(Number(total))}; its joins over 0.3 s: ${joins.join(', ') || 'none'}`;
}
const load = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

console.log(`load average before: ${load()} (2 cores: above ~1 the numbers below include waiting for the CPU)`);
console.log('Wiping the store for a cold start (the jars stay)…');
await resetBroker(quiet);
const archives = path.join(layout.home, 'cds');
if (!fs.existsSync(archives) || !fs.readdirSync(archives).some((name) => name.endsWith('.jsa'))) {
  await start('first start (records class-data archives)', '');
  await stop('first stop (writes the archives)', '');
  await resetBroker(quiet);
}
await start('cold start (empty store, gRPC answering)', 'goal ≤ 6 s');
console.log(`resident memory, idle: ${memory()}   goal ≤ 1200 MiB`);

const burst = Number(process.env.BENCH_MESSAGES ?? 5000);
const producer = new Producer({ endpoints: brokerEndpoints().grpc, namespace: '', topic: 'test-normal',
  logger: { info: quiet, warn: quiet, error: quiet, debug: quiet } });
await producer.startup();
const body = Buffer.alloc(1024, 'x');
const sendTime = await timed(async () => {
  for (let i = 0; i < burst; i += 50) {
    await Promise.all(Array.from({ length: 50 }, () => producer.send({ topic: 'test-normal', tag: 'bench', body })));
  }
});
await producer.shutdown().catch(quiet);
console.log(`after ${burst} messages of 1 KiB (${Math.round(burst / (sendTime / 1000))} msg/s): ${memory()}`);

await stop('stop (SIGTERM, both JVMs gone)', 'goal ≤ 5 s');
await start('restart with the store', 'goal ≤ 8 s');
console.log(`resident memory after restart: ${memory()}`);
await stop('stop again', 'goal ≤ 5 s');
await start('restart again', 'goal ≤ 8 s');
console.log(`load average after: ${load()}`);
process.exit(0);
