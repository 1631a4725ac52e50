/** Vitest global setup: make sure a real broker answers; stop it afterwards only if this run started it. */
import { brokerAnswers, startBroker, stopBroker } from '../../sandbox/broker/local-broker.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const log = (line: string) => console.log(`[broker] ${line}`);
  const { startedHere } = (await brokerAnswers()).ok ? { startedHere: false } : await startBroker(log);
  if (!startedHere) await startBroker(log); // applies the topic manifest to the running broker
  return async () => {
    if (startedHere) await stopBroker(log);
  };
}
