/** Vitest global setup: make sure a real broker answers; stop it afterwards only if this run started it. */
import { startBroker, stopBroker } from '../../sandbox/broker/local-broker.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const log = (line: string) => console.log(`[broker] ${line}`);
  // Uses a broker that already answers (and applies the topic manifest to it), or starts one.
  const { startedHere } = await startBroker(log);
  return async () => {
    if (startedHere) await stopBroker(log);
  };
}
