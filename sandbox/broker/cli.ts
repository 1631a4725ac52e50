/** `npm run broker -- start | stop | status | reset | logs [lines] | install | topics` */
import { ensureJars } from './jars.ts';
import { applyTopics, brokerLogs, brokerState, resetBroker, startBroker, stopBroker } from './local-broker.ts';

const log = (line: string) => console.log(line);
const [command = 'status', arg] = process.argv.slice(2);

async function main(): Promise<number> {
  switch (command) {
    case 'start':
      await startBroker(log);
      return 0;
    case 'stop':
      await stopBroker(log);
      return 0;
    case 'reset':
      await resetBroker(log);
      return 0;
    case 'install': // fetch the jars only: prepares a laptop before a workshop
      await ensureJars(log);
      log('The RocketMQ jars are in place.');
      return 0;
    case 'topics': // the manifest on a running broker, for WORKBOOK_NAMESPACE's attendee on a shared one
      await applyTopics(log);
      return process.exitCode === 1 ? 1 : 0;
    case 'logs':
      console.log(brokerLogs(Number(arg) || 40));
      return 0;
    case 'status': {
      const state = await brokerState();
      console.log(state.ready ? 'RocketMQ is ready.' : `RocketMQ is not ready: ${state.reason}.`);
      console.log(`  gRPC proxy   ${state.endpoints.grpc}   (ROCKETMQ_ENDPOINTS)`);
      console.log(`  name server  ${state.endpoints.namesrv}   (ROCKETMQ_NAMESRV)`);
      if (state.version) console.log(`  version      ${state.version}`);
      for (const jvm of state.local) {
        console.log(`  ${jvm.role.padEnd(12)} pid ${jvm.pid}, resident ${jvm.residentMiB ?? '?'} MiB, heap ${jvm.heap}`);
      }
      if (state.storeMiB !== undefined) console.log(`  store        ${state.storeMiB} MiB on disk (.rocketmq/store)`);
      if (!state.ready) console.log('Start it with `npm run broker -- start` (or `docker compose up -d`).');
      return state.ready ? 0 : 1;
    }
    default:
      console.error(`Unknown command "${command}". Use: npm run broker -- start | stop | status | reset | logs [lines] | install | topics`);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`\n${error.message}`);
    process.exit(1);
  },
);
