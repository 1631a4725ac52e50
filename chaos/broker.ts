/** The broker's side of a run: stop and start it once, and look into the shop's dead-letter queues. */
import { REBACK_TOPIC, TIMEOUT_TOPIC } from '../examples/06-capstone/services/messaging.ts';
import { applyManifest, findBrokerAddress } from '../sandbox/broker/admin.ts';
import { brokerEndpoints } from '../sandbox/broker/endpoints.ts';
import { messagesByKey, topicOffsets } from '../sandbox/broker/inspect.ts';
import { startBroker, stopBroker } from '../sandbox/broker/local-broker.ts';
import { readManifest } from '../sandbox/broker/manifest.ts';
import { runningPid } from '../sandbox/broker/processes.ts';
import { inRoom, roomPrefix } from '../sandbox/broker/room.ts';

/**
 * The name the run's services give their topics and groups (sandbox/broker/room.ts), unless the
 * reader is in a room already. A service killed on purpose stays registered at the proxy for two
 * minutes, and check-backs that meet it are lost (chapter 6, "One more thing the broker does not
 * know"). Under names of their own, the run's dead producers never share a producer group (the
 * topic, for transactional messages) with the chapter's cells, which the reader may run next.
 */
export const CHAOS_NAMESPACE = 'chaos';

/** Give the run's services names of their own, and create the capstone's two topics under them. */
export async function useOwnNames(): Promise<string> {
  process.env.WORKBOOK_NAMESPACE ||= CHAOS_NAMESPACE;
  const broker = await findBrokerAddress(brokerEndpoints().namesrv);
  if (!broker) throw new Error('no broker is registered with the name server: is it running? npm run broker -- start');
  const manifest = readManifest();
  await applyManifest(broker, {
    topics: manifest.topics.filter((topic) => [REBACK_TOPIC, TIMEOUT_TOPIC].includes(topic.name)),
    orderlyGroups: [],
    groups: [],
  }, roomPrefix());
  return process.env.WORKBOOK_NAMESPACE;
}

/** True when `npm run broker` started the broker, so the harness may stop and start it. */
export function brokerIsLocal(): boolean {
  return runningPid('broker') !== undefined;
}

/** Stop the broker (SIGTERM: it flushes and persists offsets) and start it again; ms it was unavailable. */
export async function restartBroker(log: (line: string) => void): Promise<number> {
  const started = Date.now();
  log('broker: stopping');
  await stopBroker(() => {});
  log(`broker: stopped after ${((Date.now() - started) / 1000).toFixed(1)} s; starting`);
  await startBroker(() => {});
  log(`broker: back after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return Date.now() - started;
}

/** Messages in the dead-letter queue of each of the shop's consumer groups (the broker creates %DLQ%<group> at the first one). */
export async function deadLetters(shop: string): Promise<Record<string, number>> {
  const broker = await findBrokerAddress(brokerEndpoints().namesrv);
  if (!broker) throw new Error('no broker is registered with the name server: cannot look into the dead-letter queues');
  const counts: Record<string, number> = {};
  for (const group of [`${shop}-inventory-reback`, `${shop}-order-timeout`]) {
    const queues = await topicOffsets(broker, inRoom(`%DLQ%${group}`));
    counts[`%DLQ%${group}`] = (queues ?? []).reduce((sum, queue) => sum + queue.maxOffset - queue.minOffset, 0);
  }
  return counts;
}

/** Of the orders `orderSns`, those with a reback half message the broker gave up after transactionCheckMax check-backs. */
export async function givenUpHalfMessages(orderSns: string[]): Promise<string[]> {
  const broker = await findBrokerAddress(brokerEndpoints().namesrv);
  if (!broker) return [];
  const givenUp: string[] = [];
  for (const sn of orderSns) {
    if ((await messagesByKey(broker, 'TRANS_CHECK_MAX_TIME_TOPIC', sn)).length > 0) givenUp.push(sn);
  }
  return givenUp;
}
