/**
 * `npm run bench:broker`: cold start (jars cached, empty store), warm restart, stop time, and
 * resident memory of both JVMs, idle and after a burst of messages. It wipes the local store.
 * Goals (issue: a real RocketMQ in one command): cold start ≤ 15 s, both JVMs ≤ 1.2 GB resident.
 */
import { Producer } from 'rocketmq-client-nodejs';
import '../examples/lib/client-fixes.ts';
import { brokerEndpoints } from '../sandbox/broker/endpoints.ts';
import { resetBroker, startBroker, stopBroker } from '../sandbox/broker/local-broker.ts';
import { residentMiB, runningPid } from '../sandbox/broker/processes.ts';

const quiet = () => {};
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const memory = () => {
  const namesrv = residentMiB(runningPid('namesrv')!) ?? 0;
  const broker = residentMiB(runningPid('broker')!) ?? 0;
  return `name server ${namesrv} MiB + broker ${broker} MiB = ${namesrv + broker} MiB`;
};
const timed = async (action: () => Promise<unknown>) => {
  const started = performance.now();
  await action();
  return performance.now() - started;
};

console.log('Wiping the store for a cold start (the jars stay)…');
await resetBroker(quiet);
const cold = await timed(() => startBroker(quiet));
console.log(`cold start (empty store, topics applied, gRPC answering): ${seconds(cold)}   goal ≤ 15 s`);
console.log(`resident memory, idle:             ${memory()}   goal ≤ 1200 MiB`);

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

const stop = await timed(() => stopBroker(quiet));
console.log(`stop (SIGTERM, both JVMs gone):    ${seconds(stop)}`);
const warm = await timed(() => startBroker(quiet));
console.log(`warm restart (store kept):         ${seconds(warm)}`);
console.log(`resident memory after restart:     ${memory()}`);
process.exit(0);
