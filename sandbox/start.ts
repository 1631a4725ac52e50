/** `npm start`: build the site if needed, make sure a broker runs, serve the workbook; Ctrl+C stops what it started. */
import { whoListens } from './broker/ports.ts';
import { startBroker, stopBroker } from './broker/local-broker.ts';
import { buildSite, siteIsFresh } from './site-build.ts';
import { startSandbox } from './server.ts';

const log = (line: string) => console.log(line);
const port = Number(process.env.PORT ?? 4321);

async function main(): Promise<void> {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT=${process.env.PORT} is not a port number.`);
  if (!siteIsFresh()) await buildSite(log);

  let brokerProblem: string | undefined;
  let startedBroker = false;
  try {
    startedBroker = (await startBroker(log)).startedHere;
  } catch (error) {
    brokerProblem = (error as Error).message;
    console.error(`\nNo RocketMQ broker: ${brokerProblem}\nThe workbook still opens; its cells will say how to get a broker.\n`);
  }

  let sandbox;
  try {
    sandbox = await startSandbox({ port, brokerProblem });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      const who = whoListens(port);
      throw new Error(`Port ${port} is already in use${who ? ` by ${who}` : ''}.\nStop it, or pick another port: PORT=${port + 1} npm start`);
    }
    throw error;
  }
  log(`\nRocketMQ Workbook is open at ${sandbox.url}/`);
  log('It listens on 127.0.0.1 only. Press Ctrl+C to stop.');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log('\nStopping…');
    await sandbox.close();
    if (startedBroker) await stopBroker(log);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
  console.error(`\n${error.message}`);
  process.exit(1);
});
